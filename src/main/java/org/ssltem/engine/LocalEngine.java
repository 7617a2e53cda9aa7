package org.ssltem.engine;

import org.ssltem.api.DurationEstimate;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.LabelImage;
import org.ssltem.api.OperationResult;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterText;
import org.ssltem.api.Results;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;
import org.ssltem.api.SslTemEngine;
import org.ssltem.augment.CropMode;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.MaskRule;
import org.ssltem.demo.DemoRun;
import org.ssltem.eval.AnchorStudy;
import org.ssltem.eval.FeatureMap;
import org.ssltem.eval.HyperparameterStudy;
import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.eval.OneShotAnchorStudy;
import org.ssltem.eval.SegmentationEvaluation;
import org.ssltem.eval.SegmentationLabelEfficiency;
import org.ssltem.eval.StudyUnits;
import org.ssltem.export.BioImageIoExport;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.FeatureView;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.infer.LinearProbe;
import org.ssltem.interop.EncoderImport;
import org.ssltem.morph.MorphologyAnalysis;
import org.ssltem.nn.Projector;
import org.ssltem.report.BoxStats;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.synthetic.Stain;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine side of {@link SslTemEngine}, and the one route into the engine for every face: the CLI calls
 * {@link #call}, Fiji calls {@link #run} across its class loader. Parameters arrive as key=value text, are bound
 * against the operation's {@link OperationSpec} ({@link Binding}: unknown keys, types and bounds refused, defaults
 * from the spec) and turned into the engine's typed call; the answer is a typed {@link OperationResult}.
 */
public final class LocalEngine implements SslTemEngine {

	@FunctionalInterface
	interface Operation {
		OperationResult run(Binding parameters, ProgressListener listener, CancelToken cancel);
	}

	private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();
	static {
		OPERATIONS.put(Operations.GENERATE.name(), LocalEngine::generate);
		OPERATIONS.put(Operations.PRETRAIN.name(), LocalEngine::pretrain);
		OPERATIONS.put(Operations.IMPORT_ENCODER.name(), LocalEngine::importEncoder);
		OPERATIONS.put(Operations.FEATURES.name(), LocalEngine::features);
		OPERATIONS.put(Operations.TRAIN_CLASSIFIER.name(), LocalEngine::trainClassifier);
		OPERATIONS.put(Operations.CLASSIFY.name(), LocalEngine::classify);
		OPERATIONS.put(Operations.LABEL_EFFICIENCY.name(), (p, listener, cancel) -> labelEfficiency(p, listener, cancel, null));
		OPERATIONS.put(Operations.ANCHORS.name(), LocalEngine::anchors);
		OPERATIONS.put(Operations.TSNE.name(), LocalEngine::tsne);
		OPERATIONS.put(Operations.HPARAM_STUDY.name(), (p, listener, cancel) -> hyperparameterStudy(p, listener, cancel, null));
		OPERATIONS.put(Operations.TRAIN_SEGMENTER.name(), LocalEngine::trainSegmenter);
		OPERATIONS.put(Operations.SEGMENT.name(), LocalEngine::segment);
		OPERATIONS.put(Operations.EXPORT_BIOIMAGEIO.name(), LocalEngine::exportBioImageIo);
		OPERATIONS.put(Operations.SEG_EVAL.name(), LocalEngine::segEval);
		OPERATIONS.put(Operations.SEG_LABEL_EFFICIENCY.name(), LocalEngine::segLabelEfficiency);
		OPERATIONS.put(Operations.MORPHOLOGY.name(), LocalEngine::morphology);
		OPERATIONS.put(Operations.DEMO.name(), LocalEngine::demo);
	}

	@Override
	public List<String> operations() {
		return List.copyOf(OPERATIONS.keySet());
	}

	@Override
	public String version() {
		return "ssl-tem " + Versions.sslTem() + ", TensorFlow Java " + Versions.tensorflowJava();
	}

	/**
	 * Runs an operation on the calling thread with engine types: the command line's route. Engine exceptions
	 * ({@link UserInputException}, {@link CancelToken.CancelledException}, ...) pass through unchanged.
	 */
	public static OperationResult call(String operation, Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Operation op = OPERATIONS.get(operation);
		OperationSpec spec = Operations.named(operation);
		if (op == null || spec == null) throw new IllegalArgumentException("this engine has no operation '" + operation + "' (it has "
			+ String.join(", ", OPERATIONS.keySet()) + ")");
		return op.run(Binding.of(spec, parameters), listener, cancel);
	}

	/**
	 * What {@code operation} keeps when it is stopped, in the engine's words for the user ({@code {{key}}} marks a
	 * parameter): pretraining keeps its last checkpoint, segmenter training keeps nothing, the rest write each file
	 * only when it is complete.
	 */
	public static String onCancel(String operation) {
		if (Operations.PRETRAIN.name().equals(operation)) return Pretrainer.ON_CANCEL;
		if (Operations.TRAIN_SEGMENTER.name().equals(operation)) return SegmenterTrainer.ON_CANCEL;
		return CancelToken.KEEPS_COMPLETE_FILES;
	}

	@Override
	public OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
		if (!OPERATIONS.containsKey(operation)) throw new EngineException(EngineException.Kind.INTERNAL, "this engine has no operation '" + operation
			+ "' (it has " + String.join(", ", OPERATIONS.keySet()) + "): the plugin and engine jars are from different versions", null);
		CancelToken token = new CancelToken();
		Thread watcher = watch(cancel, token);
		try {
			return reported(onCancel(operation), () -> call(operation, new LinkedHashMap<>(parameters), listener(progress, cancel, token), token));
		}
		finally {
			watcher.interrupt();
		}
	}

	@Override
	public Segmentation segment(SegmentRequest request, ImagePlane image, EngineProgress progress, AtomicBoolean cancel) {
		return watched(InMemoryCalls.ON_CANCEL, progress, cancel, (listener, token) -> InMemoryCalls.segment(request, image, listener, token));
	}

	@Override
	public DurationEstimate estimate(String operation, Map<String, String> parameters) {
		try {
			org.ssltem.train.DurationEstimate.Estimate e;
			if (Operations.TRAIN_SEGMENTER.name().equals(operation)) e = segmenterEstimate(parameters);
			else if (Operations.PRETRAIN.name().equals(operation)) e = pretrainEstimate(parameters);
			else return null;
			return e == null ? null : new DurationEstimate(e.seconds(), e.text());
		}
		catch (RuntimeException e) {
			return null; // bad parameters: the run names them
		}
	}

	/** Rates were measured on CPUs only: no estimate when a GPU may run the work. */
	private static boolean mayUseGpu(String device) {
		return !"cpu".equals(device) && org.ssltem.nn.Device.gpuBuildLoaded();
	}

	private static int threads(int given) {
		return given > 0 ? given : org.ssltem.nn.Device.defaultThreads();
	}

	private static org.ssltem.train.DurationEstimate.Estimate pretrainEstimate(Map<String, String> parameters) {
		Binding p = Binding.of(Operations.PRETRAIN, parameters);
		PretrainConfig c = pretrainRun(p).applyPreset();
		if (mayUseGpu(c.device)) return null;
		int images = org.ssltem.train.DurationEstimate.trainingImages(org.ssltem.data.ImageDataset.scan(p.path("images")).files(), c.maxImages, c.tile);
		return org.ssltem.train.DurationEstimate.pretrain(c, images, threads(c.threads));
	}

	/** Train Segmenter's duration: the labelled images it will take, the paper's epochs when 0, at the side it trains at. */
	private static org.ssltem.train.DurationEstimate.Estimate segmenterEstimate(Map<String, String> parameters) {
		Binding p = Binding.of(Operations.TRAIN_SEGMENTER, parameters);
		SegmenterConfig c = segmenterConfig(p);
		if (mayUseGpu(c.device)) return null;
		List<Path> files = org.ssltem.data.ImageDataset.scan(Path.of(c.images)).files();
		int images = Math.min(p.integer("labeled"), files.size());
		if (images == 0) return null;
		int epochs = c.epochs > 0 ? c.epochs : SegmenterConfig.paperEpochs(images);
		int side = c.crop > 0 ? c.crop : c.size != null ? c.size : org.ssltem.train.TrainingSize.choose(c).size();
		if (side == 0) { // native size, padded to a multiple of 32
			var first = org.ssltem.data.ImageFiles.readGrey(files.get(0));
			side = (int) Math.round(Math.sqrt(((first.width + 31) / 32 * 32.0) * ((first.height + 31) / 32 * 32.0)));
		}
		var arch = org.ssltem.nn.EncoderManifest.read(Path.of(c.encoder)).architecture();
		String warm = p.text("warm_start");
		var decoder = warm == null || warm.isBlank() ? org.ssltem.train.SegmenterTrainer.decoderShape(c) : org.ssltem.nn.SegmenterManifest.read(Path.of(warm)).decoder();
		return org.ssltem.train.DurationEstimate.trainSegmenter(arch, images, epochs, side, decoder, threads(c.threads));
	}

	@Override
	public InteractiveSegmenter interactive(Path encoder, int classes, String device, int threads) {
		return reported(CancelToken.KEEPS_COMPLETE_FILES, () -> new InteractiveCalls(encoder, classes, device, threads));
	}

	/** An engine call that the caller's flag stops, with its errors {@link #reported}. */
	static <T> T watched(String onCancel, EngineProgress progress, AtomicBoolean cancel, java.util.function.BiFunction<ProgressListener, CancelToken, T> call) {
		CancelToken token = new CancelToken();
		Thread watcher = watch(cancel, token);
		try {
			return reported(onCancel, () -> call.apply(listener(progress, cancel, token), token));
		}
		finally {
			watcher.interrupt();
		}
	}

	@Override
	public LabelImage readLabels(Path file, int width, int height) {
		return reported(CancelToken.KEEPS_COMPLETE_FILES, () -> InMemoryCalls.readLabels(file, width, height));
	}

	@Override
	public void writeLabeling(LabelImage labels, Path file, boolean overwrite) {
		reported(CancelToken.KEEPS_COMPLETE_FILES, () -> {
			InMemoryCalls.writeLabeling(labels, file, overwrite);
			return null;
		});
	}

	/**
	 * Runs an engine call and turns engine exceptions into {@link EngineException}s, the only kind that crosses the
	 * loader; a stop is reported with {@code onCancel}, what the call keeps when stopped.
	 */
	private static <T> T reported(String onCancel, java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (UserInputException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.template(), trace(e));
		}
		catch (CancelToken.CancelledException e) {
			throw new EngineException(EngineException.Kind.CANCELLED, onCancel, null);
		}
		catch (Pretrainer.TrainingDivergedException e) {
			throw new EngineException(EngineException.Kind.DIVERGED, e.getMessage(), trace(e));
		}
		catch (UncheckedIOException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), trace(e));
		}
		catch (OutOfMemoryError e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, UserInputException.outOfMemory().template(), trace(e));
		}
		catch (RuntimeException | Error e) {
			throw new EngineException(EngineException.Kind.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage(), trace(e));
		}
	}

	private static String abs(Path p) {
		return p == null ? null : p.toAbsolutePath().toString();
	}

	// ---- generation, pretraining and features ----

	static OperationResult generate(Binding p, ProgressListener listener, CancelToken cancel) {
		Path out = p.path("out");
		int perClass = p.integer("per_class");
		new SyntheticDatasetWriter(Stain.parse(p.choice("stain"))).write(out, perClass, p.integer("size"), p.longValue("seed"), p.flag("overwrite"), listener, cancel);
		return new Results.Generated(abs(out), 4 * perClass);
	}

	static OperationResult pretrain(Binding p, ProgressListener listener, CancelToken cancel) {
		PretrainResult r = Pretrainer.run(pretrainRun(p), listener, cancel);
		return new Results.Pretrained(abs(r.out()), r.status(), r.epochsCompleted(), r.lossPerEpoch(), r.wallTimeS(), r.device(), r.trainingImages());
	}

	/** Every setting of a pretrain run, for the run and for its duration estimate alike. */
	private static PretrainConfig pretrainRun(Binding p) {
		PretrainConfig c = pretrainConfig(p, new PretrainConfig());
		c.preset = p.choice("preset");
		c.images = p.required("images");
		c.out = p.required("out");
		c.batch = p.integer("batch");
		c.crop = p.choice("crop");
		c.projector = p.required("projector");
		c.seed = p.longValue("seed");
		c.resume = p.flag("resume");
		c.timeBudget = p.integer("time_budget");
		return c;
	}

	/** The pretraining settings that pretrain and hparam-study share. */
	static PretrainConfig pretrainConfig(Binding p, PretrainConfig c) {
		c.method = p.choice("method");
		c.lossVariant = p.choice("loss_variant");
		c.arch = p.choice("arch");
		c.rotations = p.choice("rotations");
		c.jitter = p.decimal("jitter");
		c.size = p.integer("size");
		c.epochs = p.integer("epochs");
		c.lr = p.decimal("lr");
		c.optimizer = p.choice("optimizer");
		c.momentum = p.decimal("momentum");
		c.weightDecay = p.decimal("weight_decay");
		c.checkpointEvery = p.integer("checkpoint_every");
		c.maxImages = p.integer("max_images");
		c.tile = p.integer("tile");
		c.temperature = p.decimal("temperature");
		c.lambda = p.decimal("lambda");
		c.device = p.choice("device");
		c.threads = p.integer("threads");
		return c;
	}

	static OperationResult features(Binding p, ProgressListener listener, CancelToken cancel) {
		FeatureExtractor.Summary s = FeatureExtractor.extractToCsv(p.path("encoder"), featureView(p), p.path("images"), p.path("out"), p.integer("batch"), p.flag("overwrite"),
			listener, cancel);
		return new Results.Features(abs(s.csv()), s.images(), s.featureWidth(), s.seconds());
	}

	static OperationResult importEncoder(Binding p, ProgressListener listener, CancelToken cancel) {
		EncoderImport.Result r = EncoderImport.run(EncoderImport.request(p.optionalPath("torch"), p.optionalPath("keras"), p.path("out"), p.choice("arch"),
			p.integer("size"), p.text("prefix"), p.required("normalisation"), p.flag("overwrite")), listener, cancel);
		return new Results.EncoderImported(abs(r.out()), r.architecture().key, r.format(), r.sha256(), r.variables(), r.ignored(), r.normalisation().key(),
			r.seconds());
	}

	// ---- classification ----

	static OperationResult trainClassifier(Binding p, ProgressListener listener, CancelToken cancel) {
		LinearClassifier.Options o = LinearClassifier.Options.defaults().withProbe(LinearClassifier.Probe.parse(p.choice("probe"))).withSeed(p.longValue("seed"))
			.withMaxEpochs(p.integer("max_epochs")).withStandardize(p.flag("standardize")).withRefit(!p.flag("no_refit"));
		LinearProbe.Trained t = LinearProbe.train(p.required("encoder"), featureView(p), p.path("dataset"), p.path("out"), o, p.flag("overwrite"), listener, cancel);
		LinearClassifier.Training tr = t.classifier().training();
		return new Results.ClassifierTrained(abs(t.file()), t.images(), t.classifier().classNames(), tr.probe(), tr.c(), tr.epochsRun(), tr.validated(),
			tr.validated() ? tr.bestValidationAccuracy() : Double.NaN, tr.bestEpoch(), t.seconds());
	}

	static OperationResult classify(Binding p, ProgressListener listener, CancelToken cancel) {
		LinearProbe.Classified r = LinearProbe.classify(p.path("classifier"), p.optionalPath("encoder"), p.path("images"), p.path("out"), p.flag("overwrite"),
			listener, cancel);
		String png = null;
		if (r.confusion() != null) {
			Path candidate = Path.of(r.confusion().toString().replaceAll("\\.csv$", ".png"));
			if (Files.exists(candidate)) png = abs(candidate);
		}
		return new Results.Classified(abs(r.csv()), r.images(), r.accuracy(), abs(r.confusion()), png, r.warnings());
	}

	/** The feature size, pooling and orientations that features, train-classifier and label-efficiency share. */
	public static FeatureView featureView(Binding p) {
		return FeatureView.of(p.integer("feature_size"), p.choice("pooling"), Integer.parseInt(p.choice("orientations")));
	}

	/**
	 * label-efficiency; {@code units} runs the encoders' features and the classifiers elsewhere (e.g. as Spark tasks,
	 * {@code ssl-tem spark label-efficiency}), null on this JVM.
	 */
	public static OperationResult labelEfficiency(Binding p, ProgressListener listener, CancelToken cancel, StudyUnits units) {
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = Arrays.stream(p.required("encoder").split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
		c.dataset = p.path("dataset");
		c.labels = LabelEfficiencyProtocol.Config.parseLabels(p.required("labels"));
		c.splitSeeds = p.integer("split_seeds");
		c.out = p.path("out");
		c.testFraction = p.decimal("test_fraction");
		c.maxEpochs = p.integer("max_epochs");
		c.randomSize = p.integer("random_size");
		c.standardize = p.flag("standardize");
		c.probe = LinearClassifier.Probe.parse(p.choice("probe"));
		c.view = featureView(p);
		c.splitBySample = p.flag("split_by_sample");
		c.calibrateBn = p.flag("calibrate_bn");
		c.refit = !p.flag("no_refit");
		c.threads = p.integer("threads");
		c.overwrite = p.flag("overwrite");
		LabelEfficiencyProtocol.Report r = LabelEfficiencyProtocol.run(c, listener, cancel, units);
		List<Results.LabelEfficiencyBox> boxes = r.summary().stream().map(s -> new Results.LabelEfficiencyBox(s.encoder(), s.labelsPerClass(), s.n(),
			s.median(), s.q1(), s.q3(), s.notchLow(), s.notchHigh())).toList();
		return new Results.LabelEfficiency(abs(r.out()), r.rows().size(), boxes, abs(r.out().resolve("boxplot.png")), r.warnings(), r.seconds(),
			r.classifierSeconds());
	}

	static OperationResult tsne(Binding p, ProgressListener listener, CancelToken cancel) {
		FeatureMap.Config c = new FeatureMap.Config();
		c.encoder = p.optionalPath("encoder");
		c.images = p.optionalPath("images");
		c.features = p.optionalPath("features");
		c.out = p.path("out");
		c.options = new FeatureMap.Options(p.decimal("perplexity"), p.integer("iterations"), p.longValue("seed"));
		c.thumbnails = p.flag("thumbnails");
		c.overwrite = p.flag("overwrite");
		FeatureMap.Report r = FeatureMap.run(c, listener, cancel);
		return new Results.Tsne(abs(r.csv()), abs(r.png()), r.points().size(), r.perplexity(), r.warnings(), r.seconds());
	}

	static OperationResult anchors(Binding p, ProgressListener listener, CancelToken cancel) {
		AnchorStudy.Config c = new AnchorStudy.Config();
		c.encoder = p.path("encoder");
		c.dataset = p.path("dataset");
		c.out = p.path("out");
		c.anchors = p.integer("anchors");
		c.splitSeeds = p.integer("split_seeds");
		c.randomDraws = p.integer("random_draws");
		c.oneShotDraws = p.integer("one_shot_draws");
		c.masks = p.optionalPath("masks");
		c.foreground = p.optionalInteger("foreground");
		c.seed = p.longValue("seed");
		c.overwrite = p.flag("overwrite");
		AnchorStudy.Report r = AnchorStudy.run(c, listener, cancel);
		List<Results.AnchorMethod> study = new ArrayList<>();
		for (var e : r.byMethod().entrySet()) {
			BoxStats b = e.getValue();
			study.add(new Results.AnchorMethod(e.getKey(), b.n(), b.median(), b.q1(), b.q3()));
		}
		OneShotAnchorStudy.Result one = r.oneShot();
		List<Results.OneShotRelation> relations = one == null ? List.of() : one.relations().stream().map(x -> new Results.OneShotRelation(x.distance(), x.n(),
			x.spearman(), x.nearestQuartileMedianAccuracy(), x.farthestQuartileMedianAccuracy())).toList();
		return new Results.Anchors(abs(r.out()), r.suggested().stream().map(LocalEngine::abs).toList(), abs(r.out().resolve("suggested.csv")), study,
			study.isEmpty() ? null : abs(r.out().resolve("study.png")), one == null ? null : one.sets().size(), relations,
			one == null ? null : abs(r.out().resolve(OneShotAnchorStudy.CSV)), one == null ? null : abs(r.out().resolve(OneShotAnchorStudy.PNG)),
			one != null && one.masks() ? abs(r.out().resolve(OneShotAnchorStudy.DENSITY_PNG)) : null);
	}

	/**
	 * hparam-study; {@code units} pretrains and scores each grid point elsewhere (e.g. as Spark tasks,
	 * {@code ssl-tem spark hparam-study}), null on this JVM.
	 */
	public static OperationResult hyperparameterStudy(Binding p, ProgressListener listener, CancelToken cancel, StudyUnits units) {
		HyperparameterStudy.Config c = new HyperparameterStudy.Config();
		c.dataset = p.path("dataset");
		c.images = p.optionalPath("images");
		c.out = p.path("out");
		c.batches = HyperparameterStudy.parseList(ParameterText.key("batches"), p.required("batches"), ",", Integer::parseInt);
		c.crops = HyperparameterStudy.parseList(ParameterText.key("crops"), p.required("crops"), ",", s -> {
			CropMode.parse(s);
			return s;
		});
		c.projectors = HyperparameterStudy.parseList(ParameterText.key("projectors"), p.required("projectors"), ";", s -> {
			Projector.parseSizes(s);
			return s;
		});
		c.seeds = HyperparameterStudy.parseList(ParameterText.key("seeds"), p.required("seeds"), ",", Long::parseLong);
		c.folds = p.integer("folds");
		c.splitSeed = p.longValue("split_seed");
		c.pretrain = pretrainConfig(p, new PretrainConfig());
		HyperparameterStudy.Report r = HyperparameterStudy.run(c, listener, cancel, units);
		List<Results.StudyPoint> points = r.points().stream().map(x -> new Results.StudyPoint(x.point().name(), x.pretraining(), x.stats().median(),
			x.stats().q1(), x.stats().q3())).toList();
		return new Results.HyperparameterStudy(points, r.seconds(), abs(r.results()), abs(r.summary()));
	}

	// ---- segmentation and morphology ----

	/** The training settings that train-segmenter and seg-label-efficiency share. */
	private static SegmenterConfig segmenterConfig(Binding p) {
		SegmenterConfig c = new SegmenterConfig();
		c.encoder = p.required("encoder");
		c.images = p.required("images");
		c.masks = p.required("masks");
		c.foreground = p.optionalInteger("foreground");
		c.classes = p.optionalInteger("classes");
		c.size = p.optionalInteger("size");
		c.epochs = p.integer("epochs");
		c.batch = p.integer("batch");
		c.loss = p.choice("loss");
		c.crop = p.integer("crop");
		c.decoderWidth = p.integer("decoder_width");
		c.ensemble = p.integer("ensemble");
		c.decoder = p.choice("decoder");
		c.calibrateBn = p.flag("calibrate_bn");
		c.choose = p.choice("choose");
		c.device = p.choice("device");
		c.threads = p.integer("threads");
		return c;
	}

	static OperationResult trainSegmenter(Binding p, ProgressListener listener, CancelToken cancel) {
		SegmenterConfig c = segmenterConfig(p);
		c.labeled = p.integer("labeled");
		c.lr = p.decimal("lr");
		c.warmStart = p.text("warm_start");
		c.seed = p.longValue("seed");
		c.out = p.required("out");
		SegmenterTrainer.Result r = SegmenterTrainer.run(c, listener, cancel);
		return new Results.SegmenterTrained(abs(r.out()), r.labeled(), r.epochs(), r.lossPerEpoch(), r.wallTimeS(), r.device());
	}

	static OperationResult segLabelEfficiency(Binding p, ProgressListener listener, CancelToken cancel) {
		int[] counts;
		String labeled = p.required("labeled");
		try {
			counts = Arrays.stream(labeled.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
		}
		catch (NumberFormatException e) {
			throw UserInputException.option("{{labeled}} must be a comma-separated list of numbers, got '" + labeled + "'", "set e.g. {{labeled}} 1,2,4,8");
		}
		Path out = p.path("out");
		List<SegmentationLabelEfficiency.Run> runs = SegmentationLabelEfficiency.run(segmenterConfig(p), counts, p.integer("seeds"), p.path("test_images"),
			p.path("test_masks"), out, listener, cancel);
		return new Results.SegmentationLabelEfficiency(abs(out.resolve("label-efficiency.csv")), runs.size());
	}

	static OperationResult segment(Binding p, ProgressListener listener, CancelToken cancel) {
		ImageSegmentation.Summary s = ImageSegmentation.run(p.path("segmenter"), p.optionalPath("encoder"), p.path("images"), p.path("out"), p.integer("tile"),
			p.integer("overlap"), p.decimal("scale"), p.decimal("min_component"), p.decimal("fill_holes"), p.flag("overwrite"), p.choice("device"),
			p.integer("threads"), listener, cancel);
		return new Results.Segmented(abs(s.out()), abs(s.out().resolve("masks")), abs(s.out().resolve("probabilities")), s.images(), s.finalTile(), s.seconds());
	}

	static OperationResult exportBioImageIo(Binding p, ProgressListener listener, CancelToken cancel) {
		BioImageIoExport.Result r = BioImageIoExport.run(new BioImageIoExport.Config(p.path("segmenter"), p.optionalPath("encoder"), p.path("sample"),
			p.path("out"), p.text("name"), BioImageIoExport.names(p.required("authors")), p.text("license"), p.flag("overwrite"), p.integer("threads")),
			listener, cancel);
		return new Results.BioImageIoExported(abs(r.out()), r.testWidth(), r.testHeight(), r.channels(), r.preprocessing(), r.selfCheck(), r.seconds());
	}

	/** foreground and classes, as seg-eval and morphology read masks. */
	private static MaskRule maskRule(Binding p) {
		return new MaskRule(p.integer("classes"), p.optionalInteger("foreground"));
	}

	static OperationResult segEval(Binding p, ProgressListener listener, CancelToken cancel) {
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluateToJson(p.path("predicted"), p.path("truth"), maskRule(p), p.path("out"),
			p.flag("overwrite"), listener, cancel);
		List<Results.ImageScore> images = r.images().stream().map(s -> new Results.ImageScore(s.file(), s.width(), s.height(), s.dice(), s.iou(),
			s.morphology().trueDensity(), s.morphology().predictedDensity(), s.morphology().trueClusters(), s.morphology().predictedClusters(),
			s.morphology().percolationAgrees())).toList();
		var m = r.morphology();
		return new Results.SegmentationScores(abs(p.path("out")), images, r.diceMedian(), r.iouMedian(), r.diceMean(), r.iouMean(), m.densityTolerance(),
			m.densityWithinFraction(), m.clusterTolerance(), m.clustersWithinFraction(), m.densityAndClustersFraction(), m.percolationAgreementFraction());
	}

	static OperationResult morphology(Binding p, ProgressListener listener, CancelToken cancel) {
		List<MorphologyAnalysis.Measures> rows = new MorphologyAnalysis().analyseToCsv(p.path("masks"), maskRule(p), p.integer("size"), p.path("out"),
			p.flag("overwrite"), listener, cancel);
		return new Results.Morphology(abs(p.path("out")), rows.size(), rows.stream().filter(MorphologyAnalysis.Measures::percolates).count());
	}

	static OperationResult demo(Binding p, ProgressListener listener, CancelToken cancel) {
		Path folder = p.optionalPath("out");
		if (folder == null) folder = Path.of("demo-output", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
		DemoRun.Report r = DemoRun.run(folder.toAbsolutePath(), p.integer("epochs"), p.longValue("seed"), listener, cancel);
		return new Results.Demo(abs(r.out()), abs(r.out().resolve("demo-report.json")), List.of(DemoRun.summary(r).split("\n")));
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
