package org.ssltem.eval;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.LinearProbe;
import org.ssltem.report.BoxStats;
import org.ssltem.report.NotchedBoxPlot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.Splits;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The paper's hyper-parameter study (Fig. 8): pretrain one encoder per point of a grid of batch size × crop method ×
 * projector widths × seed, and score each by k-fold (4) cross-validated linear-probe accuracy on a labelled dataset.
 *
 * <p><b>Resumable.</b> This is hours of work, so every piece is kept as soon as it is done and never redone:
 * <ul>
 * <li>each point pretrains into {@code OUT/encoders/<point>/} with the normal {@link Pretrainer}, which checkpoints; a
 * point whose manifest says {@code completed} with the asked epochs is skipped, a started one is resumed;</li>
 * <li>features are cached in each encoder folder ({@link FeatureCache});</li>
 * <li>a point's fold accuracies go to {@code OUT/scores/<point>.json}, keyed by the encoder's hash, the dataset and the
 * probe settings; they are reused while those agree, and recomputed when any changed (e.g. a point was trained longer).</li>
 * </ul>
 * After every point, {@code results.csv} (one row per encoder and fold) and {@code summary.csv} (one row per point:
 * median, quartiles and notch of its fold accuracies) are rewritten; at the end come notched box plots of all fold
 * accuracies per level of each factor ({@code boxplot-<factor>.png/.svg}).
 */
public final class HyperparameterStudy {

	public static final String RESULTS = "results.csv", SUMMARY = "summary.csv", ENCODERS = "encoders", SCORES = "scores";
	public static final List<String> FACTORS = List.of("batch", "crop", "projector", "seed");

	private HyperparameterStudy() {}

	/** The study: the grid, the pretraining settings every point shares, and the probe. */
	public static final class Config {
		/** Unlabelled images for pretraining; null = the dataset's images. */
		public Path images;
		/** Class folders for the linear probe. */
		public Path dataset;
		public Path out;
		public List<Integer> batches = List.of(64);
		public List<String> crops = List.of("randcrop");
		public List<String> projectors = List.of("128,64,1024");
		public List<Long> seeds = List.of(0L);
		/** Settings shared by every point (arch, size, epochs, lr, ...); its batch, crop, projector, seed, images and out are set per point. */
		public PretrainConfig pretrain = new PretrainConfig();
		public int folds = 4;
		public long splitSeed = 0;
	}

	/** One grid point. */
	public record Point(int batch, String crop, String projector, long seed) implements java.io.Serializable {
		/** Folder-safe name, e.g. {@code batch16-randcrop-proj128_64_1024-seed0}. */
		public String name() {
			return "batch" + batch + "-" + crop + "-proj" + projector.replace(',', '_').replace(" ", "") + "-seed" + seed;
		}

		String level(String factor) {
			return switch (factor) {
				case "batch" -> String.valueOf(batch);
				case "crop" -> crop;
				case "projector" -> projector;
				case "seed" -> String.valueOf(seed);
				default -> throw new IllegalArgumentException(factor);
			};
		}
	}

	/**
	 * What happened to one point. {@code pretraining} is trained, resumed or skipped (already complete); {@code scoring}
	 * is computed or reused.
	 */
	public record PointResult(Point point, Path encoder, String encoderSha256, String pretraining, String scoring, double[] accuracy, int[] trainImages,
		int[] testImages, BoxStats stats) {}

	public record Report(List<PointResult> points, Path results, Path summary, List<Path> plots, double seconds) {}

	/** The grid in a fixed order: batch, then crop, then projector, then seed. */
	public static List<Point> grid(Config c) {
		if (c.batches.isEmpty() || c.crops.isEmpty() || c.projectors.isEmpty() || c.seeds.isEmpty())
			throw UserInputException.option("the grid is empty: give at least one value each for {{batches}}, {{crops}}, {{projectors}} and {{seeds}}",
				"e.g. {{batches}} 16,32 {{crops}} randcrop,crop25 {{projectors}} \"128,64,1024;256,128,1024\" {{seeds}} 0,1");
		List<Point> points = new ArrayList<>();
		for (int b : c.batches)
			for (String crop : c.crops)
				for (String p : c.projectors)
					for (long s : c.seeds) points.add(new Point(b, crop.trim(), p.trim(), s));
		java.util.Set<String> names = new java.util.HashSet<>();
		for (Point p : points)
			if (!names.add(p.name())) throw UserInputException.option("the grid lists the point " + p.name() + " twice", "give each value once");
		return points;
	}

	/** The pretraining run of one point, resuming when its folder already holds one. */
	static PretrainConfig pretrainConfig(Config c, Point p) {
		PretrainConfig pc = PretrainConfig.copyOf(c.pretrain);
		pc.images = (c.images != null ? c.images : c.dataset).toString();
		pc.out = encoderDir(c, p).toString();
		pc.batch = p.batch();
		pc.crop = p.crop();
		pc.projector = p.projector();
		pc.seed = p.seed();
		pc.resume = false;
		return pc;
	}

	static Path encoderDir(Config c, Point p) {
		return c.out.resolve(ENCODERS).resolve(p.name());
	}

	public static Report run(Config c, ProgressListener listener, CancelToken cancel) {
		return run(c, listener, cancel, null);
	}

	/** What scoring a point needs from the configuration, in a form that travels to where the point runs. */
	record Scoring(int folds, long splitSeed, String out) implements java.io.Serializable {
		static Scoring of(Config c) {
			return new Scoring(c.folds, c.splitSeed, c.out.toString());
		}
	}

	/** A point's outcome without its paths, as a unit returns it. */
	record PointScores(String encoderSha256, String pretraining, String scoring, double[] accuracy, int[] trainImages, int[] testImages)
		implements java.io.Serializable {}

	/**
	 * @param units where the points run, one unit per point (pretraining and scoring), e.g. as Spark tasks; null: one
	 *              after another in this JVM
	 */
	public static Report run(Config c, ProgressListener listener, CancelToken cancel, StudyUnits units) {
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (c.dataset == null) throw UserInputException.option("no labelled dataset given", "pass {{dataset}} DIR (one folder per class)");
		if (c.out == null) throw UserInputException.option("no output folder given", "pass {{out}} DIR");
		if (Files.exists(c.out) && !Files.isDirectory(c.out)) throw UserInputException.about(c.out, "is a file, not a folder", "choose a folder for {{out}}");
		List<Point> grid = grid(c);
		// every point's settings are checked before hours of pretraining start
		for (Point p : grid) pretrainConfig(c, p).check();
		ImageDataset dataset = LinearProbe.labelledDataset(c.dataset);
		int[] labels = dataset.classIndices();
		checkFolds(c, dataset);
		Splits.Split[] folds = Splits.stratifiedFolds(labels, c.folds, c.splitSeed);
		String datasetKey = datasetKey(dataset);
		try {
			Files.createDirectories(c.out.resolve(SCORES));
			Files.createDirectories(c.out.resolve(ENCODERS));
		}
		catch (IOException e) {
			throw UserInputException.about(c.out, "cannot create the study folder (" + e.getMessage() + ")", "check the path and its permissions");
		}
		log.log(String.format(Locale.ROOT, "ssl-tem: hyper-parameter study of %d points (%d batch × %d crop × %d projector × %d seed), %d-fold linear probe on %d images of %d classes",
			grid.size(), c.batches.size(), c.crops.size(), c.projectors.size(), c.seeds.size(), c.folds, dataset.size(), dataset.classNames().size()));
		List<PointResult> done = new ArrayList<>();
		Scoring scoring = Scoring.of(c);
		List<PointResult> remote = null;
		if (units != null) {
			// each point pretrains (or resumes, or skips) and scores where its unit runs; the tables are written here
			List<Point> points = new ArrayList<>(grid);
			PretrainConfig[] configs = grid.stream().map(p -> pretrainConfig(c, p)).toArray(PretrainConfig[]::new);
			String datasetDir = c.dataset.toString();
			List<PointScores> scores = units.map("hparam points", points.size(), i -> {
				PointResult r = score(scoring, points.get(i), pretrain(configs[i], points.get(i), i, points.size(), ProgressListener.SILENT, null),
					LinearProbe.labelledDataset(Path.of(datasetDir)), folds, datasetKey, ProgressListener.SILENT, null);
				return new PointScores(r.encoderSha256(), r.pretraining(), r.scoring(), r.accuracy(), r.trainImages(), r.testImages());
			});
			remote = new ArrayList<>();
			for (int i = 0; i < points.size(); i++) {
				PointScores ps = scores.get(i);
				remote.add(new PointResult(points.get(i), encoderDir(c, points.get(i)), ps.encoderSha256(), ps.pretraining(), ps.scoring(), ps.accuracy(),
					ps.trainImages(), ps.testImages(), BoxStats.of(ps.accuracy())));
			}
		}
		for (int i = 0; i < grid.size(); i++) {
			if (cancel != null) cancel.throwIfCancelled();
			Point p = grid.get(i);
			PointResult r = remote != null ? remote.get(i) : score(scoring, p, pretrain(pretrainConfig(c, p), p, i, grid.size(), log, cancel), dataset, folds,
				datasetKey, log, cancel);
			String pretraining = r.pretraining();
			done.add(r);
			writeTables(c.out, done);
			log.log(String.format(Locale.ROOT, "ssl-tem: point %d/%d %s: %s, accuracy median %.3f (IQR %.3f-%.3f) over %d folds%s", i + 1, grid.size(), p.name(),
				pretraining, r.stats().median(), r.stats().q1(), r.stats().q3(), c.folds, r.scoring().equals("reused") ? " (scores reused)" : ""));
			log.progress("hparam-study", i + 1, grid.size(), p.name());
		}
		List<Path> plots = writePlots(c.out, done);
		return new Report(done, c.out.resolve(RESULTS), c.out.resolve(SUMMARY), plots, (System.nanoTime() - t0) / 1e9);
	}

	private static void checkFolds(Config c, ImageDataset dataset) {
		if (c.folds < 2) throw UserInputException.option("{{folds}} " + c.folds + " must be at least 2", "use 4, the paper's");
		int[] counts = new int[dataset.classNames().size()];
		for (int y : dataset.classIndices()) counts[y]++;
		for (int k = 0; k < counts.length; k++)
			if (counts[k] < c.folds)
				throw UserInputException.about(c.dataset.resolve(dataset.classNames().get(k)), "class '" + dataset.classNames().get(k) + "' has " + counts[k] + " image"
					+ (counts[k] == 1 ? "" : "s") + ", fewer than the " + c.folds + " folds of the cross-validation", "add images to it, or pass a smaller {{folds}}");
	}

	/** Pretrains (or resumes, or skips) one point; returns trained, resumed or skipped. */
	private static String pretrain(PretrainConfig pc, Point p, int index, int total, ProgressListener log, CancelToken cancel) {
		Path dir = Path.of(pc.out);
		String how = "trained";
		if (Files.isRegularFile(EncoderManifest.fileIn(dir))) {
			EncoderManifest m = EncoderManifest.read(dir);
			if ("completed".equals(m.status) && m.epochsCompleted >= pc.epochs) {
				log.log(String.format(Locale.ROOT, "ssl-tem: point %d/%d %s: already pretrained (%d epochs), skipped", index + 1, total, p.name(), m.epochsCompleted));
				return "skipped";
			}
			pc.resume = true;
			how = "resumed";
			log.log(String.format(Locale.ROOT, "ssl-tem: point %d/%d %s: resuming pretraining after %d of %d epochs", index + 1, total, p.name(), m.epochsCompleted,
				pc.epochs));
		}
		else log.log(String.format(Locale.ROOT, "ssl-tem: point %d/%d %s: pretraining", index + 1, total, p.name()));
		PretrainResult r = Pretrainer.run(pc, log, cancel);
		if ("cancelled".equals(r.status())) throw new CancelToken.CancelledException();
		if (!"completed".equals(r.status()))
			throw new IllegalStateException("pretraining of " + p.name() + " ended with status " + r.status());
		return how;
	}

	/** The point's fold accuracies, from its scores file when that still matches, else from the linear probe. */
	private static PointResult score(Scoring c, Point p, String pretraining, ImageDataset dataset, Splits.Split[] folds, String datasetKey, ProgressListener log,
		CancelToken cancel)
	{
		Path out = Path.of(c.out());
		Path dir = out.resolve(ENCODERS).resolve(p.name());
		EncoderIdentity id = EncoderIdentity.of(dir);
		String key = id.sha256() + "|" + datasetKey + "|folds=" + c.folds() + "|split_seed=" + c.splitSeed() + "|probe=logistic";
		Path file = out.resolve(SCORES).resolve(p.name() + ".json");
		PointResult cached = readScores(file, key, p, dir, id, pretraining, folds.length);
		if (cached != null) return cached;
		float[][] features = FeatureCache.features(dir, dataset.files(), log, cancel).features();
		int[] labels = dataset.classIndices();
		double[] acc = new double[folds.length];
		int[] nTrain = new int[folds.length], nTest = new int[folds.length];
		for (int f = 0; f < folds.length; f++) {
			if (cancel != null) cancel.throwIfCancelled();
			int[] tr = folds[f].train(), te = folds[f].test();
			LinearClassifier.Options o = LinearClassifier.Options.defaults().withSeed(c.splitSeed() * 1000 + f);
			LinearClassifier clf = LinearClassifier.train(rows(features, tr), pick(labels, tr), dataset.classNames(), id, o);
			acc[f] = clf.accuracy(rows(features, te), pick(labels, te));
			nTrain[f] = tr.length;
			nTest[f] = te.length;
		}
		JsonObject j = new JsonObject();
		j.addProperty("key", key);
		j.addProperty("point", p.name());
		j.addProperty("encoder_sha256", id.sha256());
		j.add("accuracy", array(acc));
		j.add("train_images", array(nTrain));
		j.add("test_images", array(nTest));
		AtomicFiles.writeString(file, EncoderManifest.GSON.toJson(j));
		return new PointResult(p, dir, id.sha256(), pretraining, "computed", acc, nTrain, nTest, BoxStats.of(acc));
	}

	private static PointResult readScores(Path file, String key, Point p, Path dir, EncoderIdentity id, String pretraining, int folds) {
		if (!Files.isRegularFile(file)) return null;
		try {
			JsonObject j = EncoderManifest.GSON.fromJson(Files.readString(file), JsonObject.class);
			if (j == null || !key.equals(j.get("key").getAsString())) return null;
			double[] acc = new double[folds];
			int[] tr = new int[folds], te = new int[folds];
			JsonArray a = j.getAsJsonArray("accuracy"), b = j.getAsJsonArray("train_images"), t = j.getAsJsonArray("test_images");
			if (a.size() != folds) return null;
			for (int f = 0; f < folds; f++) {
				acc[f] = a.get(f).getAsDouble();
				tr[f] = b.get(f).getAsInt();
				te[f] = t.get(f).getAsInt();
			}
			return new PointResult(p, dir, id.sha256(), pretraining, "reused", acc, tr, te, BoxStats.of(acc));
		}
		catch (IOException | RuntimeException e) {
			return null; // unreadable: score again
		}
	}

	/** What the scores depend on in the dataset: each image's path, class and content. */
	private static String datasetKey(ImageDataset d) {
		StringBuilder sb = new StringBuilder();
		for (ImageDataset.Entry e : d.entries())
			sb.append(d.root().relativize(e.file()).toString().replace('\\', '/')).append('\t').append(e.className()).append('\t').append(Hashing.sha256(e.file())).append('\n');
		return Hashing.sha256(sb.toString()).substring(0, 16);
	}

	private static void writeTables(Path out, List<PointResult> done) {
		StringBuilder r = new StringBuilder("point,batch,crop,projector,seed,fold,accuracy,train_images,test_images,encoder_sha256\n");
		StringBuilder s = new StringBuilder("point,batch,crop,projector,seed,n,median,q1,q3,notch_low,notch_high\n");
		for (PointResult pr : done) {
			Point p = pr.point();
			String common = String.join(",", p.name(), String.valueOf(p.batch()), Csv.field(p.crop()), Csv.field(p.projector()),
				String.valueOf(p.seed()));
			for (int f = 0; f < pr.accuracy().length; f++)
				r.append(common).append(String.format(Locale.ROOT, ",%d,%.6f,%d,%d,", f, pr.accuracy()[f], pr.trainImages()[f], pr.testImages()[f]))
					.append(pr.encoderSha256()).append('\n');
			BoxStats b = pr.stats();
			s.append(common).append(String.format(Locale.ROOT, ",%d,%.6f,%.6f,%.6f,%.6f,%.6f\n", b.n(), b.median(), b.q1(), b.q3(), b.notchLow(), b.notchHigh()));
		}
		AtomicFiles.writeString(out.resolve(RESULTS), r.toString());
		AtomicFiles.writeString(out.resolve(SUMMARY), s.toString());
	}

	/** One notched box per level of each factor that has more than one level, over every fold accuracy at that level. */
	private static List<Path> writePlots(Path out, List<PointResult> done) {
		List<Path> files = new ArrayList<>();
		for (String factor : FACTORS) {
			Map<String, List<Double>> byLevel = new LinkedHashMap<>();
			for (PointResult pr : done)
				for (double a : pr.accuracy()) byLevel.computeIfAbsent(pr.point().level(factor), k -> new ArrayList<>()).add(a);
			if (byLevel.size() < 2) continue;
			List<String> groups = new ArrayList<>(byLevel.keySet());
			BoxStats[][] stats = new BoxStats[groups.size()][1];
			for (int g = 0; g < groups.size(); g++) stats[g][0] = BoxStats.of(byLevel.get(groups.get(g)).stream().mapToDouble(Double::doubleValue).toArray());
			NotchedBoxPlot.Data d = new NotchedBoxPlot.Data("Linear-probe accuracy by " + factor + " (" + done.get(0).accuracy().length + "-fold, all points)",
				factor, "accuracy", groups, List.of("fold accuracies of " + done.size() + " encoders"), stats);
			Path png = out.resolve("boxplot-" + factor + ".png"), svg = out.resolve("boxplot-" + factor + ".svg");
			NotchedBoxPlot.writePng(d, png);
			NotchedBoxPlot.writeSvg(d, svg);
			files.add(png);
			files.add(svg);
		}
		return files;
	}

	private static float[][] rows(float[][] x, int[] idx) {
		float[][] r = new float[idx.length][];
		for (int i = 0; i < idx.length; i++) r[i] = x[idx[i]];
		return r;
	}

	private static int[] pick(int[] y, int[] idx) {
		int[] r = new int[idx.length];
		for (int i = 0; i < idx.length; i++) r[i] = y[idx[i]];
		return r;
	}

	private static JsonArray array(double[] v) {
		JsonArray a = new JsonArray();
		for (double x : v) a.add(x);
		return a;
	}

	private static JsonArray array(int[] v) {
		JsonArray a = new JsonArray();
		for (int x : v) a.add(x);
		return a;
	}

	/** Parses a list flag ({@code "16,32"}) with {@code parse}, naming the flag when a value is wrong. */
	public static <T> List<T> parseList(String flag, String text, String separator, Function<String, T> parse) {
		List<T> out = new ArrayList<>();
		for (String s : text.split(java.util.regex.Pattern.quote(separator))) {
			if (s.isBlank()) continue;
			try {
				out.add(parse.apply(s.trim()));
			}
			catch (UserInputException e) {
				throw UserInputException.option(flag + " " + text + ": " + e.getMessage(), null);
			}
			catch (RuntimeException e) {
				throw UserInputException.option(flag + " " + text + ": '" + s.trim() + "' is not valid", "give a " + separator + "-separated list, e.g. " + flag + " "
					+ switch (flag) {
						case "{{projectors}}" -> "\"128,64,1024;256,128,1024\"";
						case "{{crops}}" -> "randcrop,crop25";
						default -> "16,32";
					});
			}
		}
		return out;
	}
}
