package org.ssltem.engine;

import com.google.gson.JsonObject;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.data.MaskRule;
import org.ssltem.eval.AnchorStudy;
import org.ssltem.eval.OneShotAnchorStudy;
import org.ssltem.report.BoxStats;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.interop.EncoderImport;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.infer.LinearProbe;
import org.ssltem.eval.SegmentationEvaluation;
import org.ssltem.morph.MorphologyAnalysis;
import org.ssltem.eval.FeatureMap;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.SslTemEngine;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;
import org.ssltem.train.Versions;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine side of {@link SslTemEngine}: loaded inside the child-first class loader, it turns string
 * parameters into the very engine calls the CLI makes ({@code cli/*Command.java}) and engine exceptions into
 * {@link EngineException}s. A new engine feature is one more entry in {@link #OPERATIONS}.
 */
public final class LocalEngine implements SslTemEngine {

	@FunctionalInterface
	interface Operation {
		Map<String, Object> run(Map<String, String> parameters, ProgressListener listener, CancelToken cancel);
	}

	private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();
	static {
		OPERATIONS.put("generate", LocalEngine::generate);
		OPERATIONS.put("pretrain", LocalEngine::pretrain);
		OPERATIONS.put("features", LocalEngine::features);
		OPERATIONS.put("import-encoder", LocalEngine::importEncoder);
		OPERATIONS.put("train-classifier", LocalEngine::trainClassifier);
		OPERATIONS.put("classify", LocalEngine::classify);
		OPERATIONS.put("label-efficiency", LocalEngine::labelEfficiency);
		OPERATIONS.put("anchors", LocalEngine::anchors);
		OPERATIONS.put("train-segmenter", LocalEngine::trainSegmenter);
		OPERATIONS.put("segment", LocalEngine::segment);
		OPERATIONS.put("seg-eval", LocalEngine::segEval);
		OPERATIONS.put("morphology", LocalEngine::morphology);
		OPERATIONS.put("tsne", LocalEngine::tsne);
	}

	@Override
	public List<String> operations() {
		return List.copyOf(OPERATIONS.keySet());
	}

	@Override
	public String version() {
		return "ssl-tem " + Versions.sslTem() + ", TensorFlow Java " + Versions.tensorflowJava();
	}

	@Override
	public Map<String, Object> run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
		Operation op = OPERATIONS.get(operation);
		if (op == null) throw new EngineException(EngineException.Kind.INTERNAL, "this engine has no operation '" + operation
			+ "' (it has " + String.join(", ", OPERATIONS.keySet()) + "): the plugin and engine jars are from different versions", null);
		CancelToken token = new CancelToken();
		Thread watcher = watch(cancel, token);
		try {
			return op.run(Map.copyOf(parameters), listener(progress, cancel, token), token);
		}
		catch (UserInputException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), trace(e));
		}
		catch (CancelToken.CancelledException e) {
			throw new EngineException(EngineException.Kind.CANCELLED, e.getMessage(), null);
		}
		catch (Pretrainer.TrainingDivergedException e) {
			throw new EngineException(EngineException.Kind.DIVERGED, e.getMessage(), trace(e));
		}
		catch (UncheckedIOException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), trace(e));
		}
		catch (RuntimeException | Error e) {
			throw new EngineException(EngineException.Kind.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage(), trace(e));
		}
		finally {
			watcher.interrupt();
		}
	}

	// ---- the operations: the same calls as cli/GenerateCommand, cli/PretrainCommand, cli/FeaturesCommand ----

	static Map<String, Object> generate(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("generate", parameters, Set.of("out", "per_class", "size", "seed", "overwrite"));
		var out = p.path("out");
		int perClass = p.integer("per_class", 50);
		new SyntheticDatasetWriter().write(out, perClass, p.integer("size", 224), p.longValue("seed", 0), p.bool("overwrite"), listener, cancel);
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("out", out.toAbsolutePath().toString());
		r.put("images", 4 * perClass);
		return r;
	}

	static Map<String, Object> pretrain(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		PretrainConfig config = pretrainConfig(parameters);
		PretrainResult r = Pretrainer.run(config, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toAbsolutePath().toString());
		m.put("status", r.status());
		m.put("epochs_completed", r.epochsCompleted());
		m.put("loss_per_epoch", new ArrayList<>(r.lossPerEpoch()));
		m.put("wall_time_s", r.wallTimeS());
		m.put("device", r.device());
		m.put("training_images", r.trainingImages());
		return m;
	}

	/** The snake_case keys are {@link PretrainConfig}'s own JSON names, so the defaults stay in one place. */
	static PretrainConfig pretrainConfig(Map<String, String> parameters) {
		JsonObject defaults = new PretrainConfig().toJson();
		Set<String> known = new java.util.TreeSet<>(defaults.keySet());
		known.add("images");
		known.add("out");
		Params p = new Params("pretrain", parameters, known);
		JsonObject json = new JsonObject();
		for (var e : parameters.entrySet()) {
			if (e.getValue() == null || e.getValue().isBlank()) continue;
			var d = defaults.get(e.getKey());
			if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isNumber()) {
				String v = e.getValue().trim();
				try {
					json.addProperty(e.getKey(), new java.math.BigDecimal(v));
				}
				catch (NumberFormatException ex) {
					throw UserInputException.option("pretrain: " + e.getKey() + "=" + v + " is not a number", "set e.g. " + e.getKey() + "=" + d);
				}
			}
			else if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isBoolean()) json.addProperty(e.getKey(), p.bool(e.getKey()));
			else json.addProperty(e.getKey(), e.getValue().trim());
		}
		try {
			PretrainConfig c = EncoderManifest.GSON.fromJson(json, PretrainConfig.class);
			return c;
		}
		catch (com.google.gson.JsonSyntaxException e) {
			throw UserInputException.option("pretrain: a parameter does not have the right type (" + e.getMessage() + ")", "use whole numbers for counts and sizes");
		}
	}

	static Map<String, Object> features(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("features", parameters, Set.of("encoder", "images", "out", "batch", "overwrite"));
		FeatureExtractor.Summary s = FeatureExtractor.extractToCsv(p.path("encoder"), p.path("images"), p.path("out"),
			p.integer("batch", FeatureExtractor.DEFAULT_BATCH), p.bool("overwrite"), listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", s.csv().toAbsolutePath().toString());
		m.put("images", s.images());
		m.put("feature_width", s.featureWidth());
		m.put("seconds", s.seconds());
		return m;
	}

	/** The same call as cli/ImportEncoderCommand. */
	static Map<String, Object> importEncoder(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("import-encoder", parameters, Set.of("torch", "keras", "out", "arch", "size", "prefix", "normalisation", "overwrite"));
		EncoderImport.Result r = EncoderImport.run(EncoderImport.request(p.optionalPath("torch"), p.optionalPath("keras"), p.optionalPath("out"),
			p.string("arch", null), p.integer("size", 224), p.string("prefix", null), p.string("normalisation", "auto"), p.bool("overwrite")), listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toString());
		m.put("architecture", r.architecture().key);
		m.put("format", r.format());
		m.put("sha256", r.sha256());
		m.put("variables", r.variables());
		m.put("left_out", new ArrayList<>(r.ignored()));
		m.put("normalisation", r.normalisation().key());
		m.put("seconds", r.seconds());
		return m;
	}

	// ---- classification: the same calls as cli/TrainClassifierCommand, ClassifyCommand, LabelEfficiencyCommand, AnchorsCommand ----

	static Map<String, Object> trainClassifier(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("train-classifier", parameters, Set.of("encoder", "dataset", "out", "seed", "max_epochs", "standardize", "no_refit", "overwrite"));
		LinearClassifier.Options o = LinearClassifier.Options.defaults().withSeed(p.longValue("seed", 0)).withMaxEpochs(p.integer("max_epochs", 500))
			.withStandardize(p.bool("standardize")).withRefit(!p.bool("no_refit"));
		LinearProbe.Trained t = LinearProbe.train(p.path("encoder"), p.path("dataset"), p.path("out"), o, p.bool("overwrite"), listener, cancel);
		LinearClassifier.Training tr = t.classifier().training();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", t.file().toAbsolutePath().toString());
		m.put("images", t.images());
		m.put("classes", new ArrayList<>(t.classifier().classNames()));
		m.put("epochs", tr.epochsRun());
		m.put("validated", tr.validated());
		m.put("best_validation_accuracy", tr.validated() ? tr.bestValidationAccuracy() : Double.NaN);
		m.put("best_epoch", tr.bestEpoch());
		m.put("seconds", t.seconds());
		return m;
	}

	static Map<String, Object> classify(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("classify", parameters, Set.of("classifier", "images", "out", "encoder", "overwrite"));
		LinearProbe.Classified r = LinearProbe.classify(p.path("classifier"), p.optionalPath("encoder"), p.path("images"), p.path("out"), p.bool("overwrite"),
			listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", r.csv().toAbsolutePath().toString());
		m.put("images", r.images());
		m.put("accuracy", r.accuracy());
		if (r.confusion() != null) {
			m.put("confusion_csv", r.confusion().toAbsolutePath().toString());
			String png = r.confusion().toString().replaceAll("\\.csv$", ".png");
			if (java.nio.file.Files.exists(java.nio.file.Path.of(png))) m.put("confusion_png", java.nio.file.Path.of(png).toAbsolutePath().toString());
		}
		m.put("warnings", new ArrayList<>(r.warnings()));
		return m;
	}

	static Map<String, Object> labelEfficiency(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("label-efficiency", parameters, Set.of("encoder", "dataset", "labels", "split_seeds", "out", "test_fraction", "max_epochs",
			"random_size", "standardize", "calibrate_bn", "no_refit", "threads", "overwrite"));
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = java.util.Arrays.stream(p.required("encoder").split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
		c.dataset = p.path("dataset");
		c.labels = LabelEfficiencyProtocol.Config.parseLabels(p.string("labels", "1,2,4,8,16,32,80"));
		c.splitSeeds = p.integer("split_seeds", 100);
		c.out = p.path("out");
		c.testFraction = p.decimal("test_fraction", 0.2);
		c.maxEpochs = p.integer("max_epochs", 500);
		c.randomSize = p.integer("random_size", 0);
		c.standardize = p.bool("standardize");
		c.calibrateBn = p.bool("calibrate_bn");
		c.refit = !p.bool("no_refit");
		c.threads = p.integer("threads", 0);
		c.overwrite = p.bool("overwrite");
		LabelEfficiencyProtocol.Report r = LabelEfficiencyProtocol.run(c, listener, cancel);
		List<Map<String, Object>> summary = new ArrayList<>();
		for (LabelEfficiencyProtocol.Summary s : r.summary()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("encoder", s.encoder());
			row.put("labels_per_class", s.labelsPerClass());
			row.put("n", s.n());
			row.put("median", s.median());
			row.put("q1", s.q1());
			row.put("q3", s.q3());
			row.put("notch_low", s.notchLow());
			row.put("notch_high", s.notchHigh());
			summary.add(row);
		}
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toAbsolutePath().toString());
		m.put("classifiers", r.rows().size());
		m.put("summary", summary);
		m.put("boxplot", r.out().resolve("boxplot.png").toAbsolutePath().toString());
		m.put("warnings", new ArrayList<>(r.warnings()));
		m.put("seconds", r.seconds());
		return m;
	}

	/** The same call as cli/TsneCommand. */
	static Map<String, Object> tsne(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("tsne", parameters, Set.of("encoder", "images", "features", "out", "perplexity", "iterations", "seed", "thumbnails", "overwrite"));
		FeatureMap.Options dflt = FeatureMap.Options.defaults();
		FeatureMap.Config c = new FeatureMap.Config();
		c.encoder = p.optionalPath("encoder");
		c.images = p.optionalPath("images");
		c.features = p.optionalPath("features");
		c.out = p.path("out");
		c.options = new FeatureMap.Options(p.decimal("perplexity", dflt.perplexity()), p.integer("iterations", dflt.iterations()), p.longValue("seed", dflt.seed()));
		c.thumbnails = p.bool("thumbnails");
		c.overwrite = p.bool("overwrite");
		FeatureMap.Report r = FeatureMap.run(c, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", r.csv().toAbsolutePath().toString());
		m.put("png", r.png().toAbsolutePath().toString());
		m.put("images", r.points().size());
		m.put("perplexity", r.perplexity());
		m.put("warnings", new ArrayList<>(r.warnings()));
		m.put("seconds", r.seconds());
		return m;
	}

	static Map<String, Object> anchors(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("anchors", parameters, Set.of("encoder", "dataset", "out", "anchors", "split_seeds", "random_draws", "seed", "standardize",
			"overwrite", "one_shot_draws", "masks", "foreground"));
		AnchorStudy.Config c = new AnchorStudy.Config();
		c.encoder = p.path("encoder");
		c.dataset = p.path("dataset");
		c.out = p.path("out");
		c.anchors = p.integer("anchors", 0);
		c.splitSeeds = p.integer("split_seeds", 20);
		c.randomDraws = p.integer("random_draws", 10);
		c.oneShotDraws = p.integer("one_shot_draws", c.oneShotDraws);
		c.masks = p.optionalPath("masks");
		c.foreground = p.optionalInteger("foreground");
		c.seed = p.longValue("seed", 0);
		c.standardize = p.bool("standardize");
		c.overwrite = p.bool("overwrite");
		AnchorStudy.Report r = AnchorStudy.run(c, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toAbsolutePath().toString());
		m.put("suggested", r.suggested().stream().map(f -> f.toAbsolutePath().toString()).toList());
		m.put("suggested_csv", r.out().resolve("suggested.csv").toAbsolutePath().toString());
		List<Map<String, Object>> study = new ArrayList<>();
		for (var e : r.byMethod().entrySet()) {
			BoxStats b = e.getValue();
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("method", e.getKey());
			row.put("n", b.n());
			row.put("median", b.median());
			row.put("q1", b.q1());
			row.put("q3", b.q3());
			study.add(row);
		}
		m.put("study", study);
		if (!study.isEmpty()) m.put("study_png", r.out().resolve("study.png").toAbsolutePath().toString());
		if (r.oneShot() != null) {
			List<Map<String, Object>> rel = new ArrayList<>();
			for (OneShotAnchorStudy.Relation x : r.oneShot().relations()) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("distance", x.distance());
				row.put("sets", x.n());
				row.put("spearman", Double.isNaN(x.spearman()) ? (Object) "n/a (constant)" : x.spearman());
				row.put("nearest_quartile_median_accuracy", x.nearestQuartileMedianAccuracy());
				row.put("farthest_quartile_median_accuracy", x.farthestQuartileMedianAccuracy());
				rel.add(row);
			}
			m.put("one_shot", rel);
			m.put("one_shot_csv", r.out().resolve(OneShotAnchorStudy.CSV).toAbsolutePath().toString());
			m.put("one_shot_png", r.out().resolve(OneShotAnchorStudy.PNG).toAbsolutePath().toString());
			if (r.oneShot().masks()) m.put("one_shot_density_png", r.out().resolve(OneShotAnchorStudy.DENSITY_PNG).toAbsolutePath().toString());
		}
		return m;
	}

	// ---- segmentation and morphology: the same calls as cli/TrainSegmenterCommand, SegmentCommand, SegEvalCommand, MorphologyCommand ----

	static Map<String, Object> trainSegmenter(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("train-segmenter", parameters, Set.of("encoder", "images", "masks", "foreground", "classes", "size", "labeled", "epochs",
			"batch", "lr", "loss", "crop", "calibrate_bn", "seed", "out", "device", "threads"));
		SegmenterConfig c = new SegmenterConfig();
		c.encoder = p.required("encoder");
		c.images = p.required("images");
		c.masks = p.required("masks");
		c.foreground = p.optionalInteger("foreground");
		c.classes = p.optionalInteger("classes");
		c.size = p.integer("size", c.size);
		c.labeled = p.integer("labeled", c.labeled);
		c.epochs = p.integer("epochs", c.epochs);
		c.batch = p.integer("batch", c.batch);
		c.lr = p.decimal("lr", c.lr);
		c.loss = p.string("loss", c.loss);
		c.crop = p.integer("crop", c.crop);
		c.calibrateBn = p.bool("calibrate_bn");
		c.seed = p.longValue("seed", c.seed);
		c.out = p.required("out");
		c.device = p.string("device", c.device);
		c.threads = p.integer("threads", c.threads);
		SegmenterTrainer.Result r = SegmenterTrainer.run(c, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toAbsolutePath().toString());
		m.put("labeled", r.labeled());
		m.put("epochs", r.epochs());
		m.put("loss_per_epoch", new ArrayList<>(r.lossPerEpoch()));
		m.put("wall_time_s", r.wallTimeS());
		m.put("device", r.device());
		return m;
	}

	static Map<String, Object> segment(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("segment", parameters, Set.of("segmenter", "encoder", "images", "out", "tile", "overlap", "overwrite", "device", "threads"));
		var out = p.path("out");
		ImageSegmentation.Summary s = ImageSegmentation.run(p.path("segmenter"), p.optionalPath("encoder"), p.path("images"), out,
			p.integer("tile", ImageSegmentation.DEFAULT_TILE), p.integer("overlap", ImageSegmentation.DEFAULT_OVERLAP), p.bool("overwrite"),
			p.string("device", "auto"), p.integer("threads", 0), listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", s.out().toAbsolutePath().toString());
		m.put("masks", s.out().resolve("masks").toAbsolutePath().toString());
		m.put("probabilities", s.out().resolve("probabilities").toAbsolutePath().toString());
		m.put("images", s.images());
		m.put("final_tile", s.finalTile());
		m.put("seconds", s.seconds());
		return m;
	}

	/** --foreground and --classes of cli/MaskOptions. */
	private static MaskRule maskRule(Params p) {
		return new MaskRule(p.integer("classes", 2), p.optionalInteger("foreground"));
	}

	static Map<String, Object> segEval(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("seg-eval", parameters, Set.of("predicted", "truth", "foreground", "classes", "overwrite", "out"));
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluateToJson(p.path("predicted"), p.path("truth"), maskRule(p), p.path("out"),
			p.bool("overwrite"), listener, cancel);
		List<Map<String, Object>> images = new ArrayList<>();
		for (SegmentationEvaluation.ImageScore s : r.images()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("file", s.file());
			row.put("width", s.width());
			row.put("height", s.height());
			row.put("dice", s.dice());
			row.put("iou", s.iou());
			images.add(row);
		}
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", p.path("out").toAbsolutePath().toString());
		m.put("images", images);
		m.put("dice_median", r.diceMedian());
		m.put("iou_median", r.iouMedian());
		m.put("dice_mean", r.diceMean());
		m.put("iou_mean", r.iouMean());
		return m;
	}

	static Map<String, Object> morphology(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("morphology", parameters, Set.of("masks", "size", "foreground", "classes", "overwrite", "out"));
		List<MorphologyAnalysis.Measures> rows = new MorphologyAnalysis().analyseToCsv(p.path("masks"), maskRule(p), p.integer("size", 0), p.path("out"),
			p.bool("overwrite"), listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", p.path("out").toAbsolutePath().toString());
		m.put("masks", rows.size());
		m.put("percolating", rows.stream().filter(MorphologyAnalysis.Measures::percolates).count());
		return m;
	}

	// ---- plumbing ----

	/** Forwards progress; a cancel raised during a progress call reaches the token at once (the watcher covers the rest). */
	private static ProgressListener listener(EngineProgress progress, AtomicBoolean cancel, CancelToken token) {
		if (progress == null) return ProgressListener.SILENT;
		return new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				progress.progress(stage, done, total, message);
				if (cancel != null && cancel.get()) token.cancel();
			}

			@Override
			public void log(String line) {
				progress.log(line);
			}
		};
	}

	/** Copies the caller's flag (a JDK type) into the engine's token; the engine polls the token between steps. */
	private static Thread watch(AtomicBoolean cancel, CancelToken token) {
		Thread t = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					if (cancel != null && cancel.get()) {
						token.cancel();
						return;
					}
					Thread.sleep(50);
				}
			}
			catch (InterruptedException ignored) {
				// the operation finished
			}
		}, "ssl-tem-cancel-watch");
		t.setDaemon(true);
		t.start();
		return t;
	}

	private static String trace(Throwable t) {
		StringWriter w = new StringWriter();
		t.printStackTrace(new PrintWriter(w));
		return w.toString();
	}
}
