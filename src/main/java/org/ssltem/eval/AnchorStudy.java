package org.ssltem.eval;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.report.BoxStats;
import org.ssltem.report.NotchedBoxPlot;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.KMedoids;
import org.ssltem.data.MaskRule;
import org.ssltem.data.Splits;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.train.LinearClassifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which images to label first, and what that buys: the one-shot anchor study.
 *
 * <p><b>Suggestion.</b> k-medoids in the encoder's feature space (cosine distance; k-means++ seeding, then
 * alternating assignment and medoid update, best of several seeded restarts): the k medoids are the images most
 * typical of k groups, so labelling them first covers the data's variety. Labels are not used.
 *
 * <p><b>Study</b> (needs class folders). For each split seed, the same stratified 80/20 split as
 * {@link LabelEfficiencyProtocol}; in the training part, k = number of classes anchors are chosen either as k-medoids
 * or as k images drawn at random (several draws), without looking at labels. The anchors are then labelled (from their
 * folders) and a {@link LinearClassifier} is trained on them alone and scored on the test part. A class that no anchor
 * belongs to cannot be predicted, which is the real cost of a poor choice, so {@code classes_covered} is reported.
 *
 * <p><b>The paper's one-shot study</b> ({@link Config#oneShotDraws} &gt; 0) runs on the same splits and features:
 * see {@link OneShotAnchorStudy}.
 */
public final class AnchorStudy {

	/** Distance matrices above this many images would not fit comfortably in memory. */
	public static final int MAX_IMAGES = KMedoids.MAX_IMAGES;

	private AnchorStudy() {}

	public static final class Config {
		public Path encoder;
		public Path dataset;
		public Path out;
		/** Anchors to suggest for the whole dataset; 0 = the number of classes (needs class folders). */
		public int anchors;
		public int splitSeeds = 20;
		public int randomDraws = 10;
		public long seed;
		public boolean overwrite;
		/** One-image-per-class anchor sets per split for the one-shot study ({@link OneShotAnchorStudy}); 0 = skip it. */
		public int oneShotDraws = 50;
		/** Masks of the dataset's images, for the nanowire density of the one-shot anchors; null = none. */
		public Path masks;
		/** The nanowire class in {@link #masks}; null = every non-zero value. */
		public Integer foreground;
	}

	public record Row(String method, int splitSeed, int draw, int classesCovered, double testAccuracy) {}

	/** {@code oneShot} is null when the one-shot study did not run. */
	public record Report(Path out, List<Path> suggested, List<Row> rows, Map<String, BoxStats> byMethod, OneShotAnchorStudy.Result oneShot) {}

	/** Indices of k medoids of the rows of {@code x} (cosine distance), sorted by cluster size, largest first ({@link KMedoids}). */
	public static int[] kMedoids(float[][] x, int k, long seed) {
		return KMedoids.choose(x, k, seed);
	}

	static double[][] cosineDistances(float[][] x) {
		return KMedoids.cosineDistances(x);
	}

	public static Report run(Config config, ProgressListener listener, CancelToken cancel) {
		if (config.encoder == null || config.dataset == null || config.out == null)
			throw UserInputException.option("{{encoder}}, {{dataset}} and {{out}} are all needed", "pass all three");
		try (OutputFolder folder = OutputFolder.claim(config.out, "anchors", "{{out}}")) {
			return runClaimed(config, listener, cancel);
		}
	}

	private static Report runClaimed(Config config, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (config.splitSeeds < 0 || config.randomDraws < 1)
			throw UserInputException.option("{{split_seeds}} must be 0 or more and {{random_draws}} at least 1", "pass e.g. {{split_seeds}} 20 {{random_draws}} 10");
		if (config.oneShotDraws < 0)
			throw UserInputException.option("{{one_shot_draws}} must be 0 (skip the one-shot study) or more, got " + config.oneShotDraws, "pass e.g. {{one_shot_draws}} 50");
		if (config.foreground != null && config.masks == null)
			throw UserInputException.option("{{foreground}} " + config.foreground + " needs {{masks}}", "give {{masks}} DIR, or leave out {{foreground}}");
		Path out = config.out.toAbsolutePath().normalize();
		if (Files.exists(out.resolve("suggested.csv")) && !config.overwrite)
			throw UserInputException.about(out, "already holds an anchor study (suggested.csv)", "choose another {{out}} folder, or pass {{overwrite}}");
		ImageDataset dataset = ImageDataset.scan(config.dataset);
		int k = config.anchors > 0 ? config.anchors : dataset.classNames().size();
		if (k < 1)
			throw UserInputException.about(config.dataset, "has no class folders, so the number of anchors is unknown", "pass {{anchors}} N");
		boolean study = dataset.labelled() && dataset.classNames().size() >= 2 && config.splitSeeds > 0;
		double[] density = null;
		if (config.masks != null) {
			if (study && config.oneShotDraws > 0)
				density = OneShotAnchorStudy.maskDensities(dataset, config.masks, new MaskRule(256, config.foreground), log, cancel);
			else log.log("ssl-tem: warning: {{masks}} is only used by the one-shot study, which does not run here (it needs class folders, {{split_seeds}} and"
				+ " {{one_shot_draws}} above 0)");
		}
		float[][] f = FeatureCache.features(config.encoder, dataset.files(), log, cancel).features();

		int[] suggested = kMedoids(f, k, config.seed);
		StringBuilder sb = new StringBuilder("rank,file").append(dataset.labelled() ? ",class" : "").append('\n');
		List<Path> suggestedFiles = new ArrayList<>();
		for (int r = 0; r < suggested.length; r++) {
			ImageDataset.Entry e = dataset.entries().get(suggested[r]);
			suggestedFiles.add(e.file());
			sb.append(r + 1).append(',').append(Csv.field(dataset.root().relativize(e.file()).toString().replace('\\', '/')));
			if (dataset.labelled()) sb.append(',').append(Csv.field(e.className()));
			sb.append('\n');
		}
		AtomicFiles.writeString(out.resolve("suggested.csv"), sb.toString());
		log.log("ssl-tem: " + k + " images to label first -> " + out.resolve("suggested.csv"));

		List<Row> rows = new ArrayList<>();
		Map<String, BoxStats> byMethod = new LinkedHashMap<>();
		if (config.splitSeeds > 0 && !(dataset.labelled() && dataset.classNames().size() >= 2))
			log.log("ssl-tem: warning: " + config.dataset + (dataset.labelled() ? " has only one class folder ('" + dataset.classNames().get(0) + "')"
				: " has no class folders") + ", so there is no one-shot study (k-medoids against random anchors) to run, only the suggestion;"
				+ " give one folder per class (at least two) for the study");
		OneShotAnchorStudy.Result oneShot = null;
		if (study) {
			int[] classOf = dataset.classIndices();
			int nc = dataset.classNames().size();
			for (int s = 0; s < config.splitSeeds; s++) {
				if (cancel != null) cancel.throwIfCancelled();
				Splits.Split split = Splits.stratified(classOf, 0.2, s);
				int[] train = split.train();
				float[][] tf = new float[train.length][];
				for (int i = 0; i < train.length; i++) tf[i] = f[train[i]];
				int[] med = kMedoids(tf, nc, config.seed + s);
				for (int i = 0; i < med.length; i++) med[i] = train[med[i]];
				rows.add(score("kmedoids", s, 0, med, f, classOf, dataset.classNames(), split.test()));
				SplittableRandom rng = new SplittableRandom(((long) s << 16) ^ 0x52414e44L);
				for (int r = 0; r < config.randomDraws; r++) {
					int[] pick = train.clone();
					for (int i = 0; i < nc; i++) {
						int j = i + rng.nextInt(pick.length - i);
						int t = pick[i];
						pick[i] = pick[j];
						pick[j] = t;
					}
					rows.add(score("random", s, r, Arrays.copyOf(pick, nc), f, classOf, dataset.classNames(), split.test()));
				}
				log.progress("anchors", s + 1, config.splitSeeds, (s + 1) + "/" + config.splitSeeds + " splits");
			}
			for (String m : List.of("kmedoids", "random"))
				byMethod.put(m, BoxStats.of(rows.stream().filter(r -> r.method().equals(m)).mapToDouble(Row::testAccuracy).toArray()));
			writeStudy(out, rows, byMethod, dataset, k);
			if (config.oneShotDraws > 0) {
				oneShot = OneShotAnchorStudy.run(dataset, f, density, config.splitSeeds, config.oneShotDraws, config.seed, log, cancel);
				OneShotAnchorStudy.write(out, oneShot, dataset);
				for (OneShotAnchorStudy.Relation x : oneShot.relations())
					log.log(String.format(Locale.ROOT, "ssl-tem: one-shot: accuracy vs %s: Spearman %s; median accuracy, nearest quarter %.3f, farthest quarter %.3f"
						+ " (%d sets each)", x.distance(), Double.isNaN(x.spearman()) ? "undefined (constant)" : String.format(Locale.ROOT, "%.3f", x.spearman()),
						x.nearestQuartileMedianAccuracy(), x.farthestQuartileMedianAccuracy(), x.quartileSize()));
			}
		}
		else log.log("ssl-tem: no class folders (or {{split_seeds}} 0): suggestion only, no study");
		if (config.overwrite) // a one-shot result of an earlier run in this folder would read as this run's
			OneShotAnchorStudy.removeStale(out, oneShot);
		return new Report(out, suggestedFiles, rows, byMethod, oneShot);
	}

	/** Trains on the anchors' labels (only the classes they cover) and scores on the test rows. */
	static Row score(String method, int s, int draw, int[] anchors, float[][] f, int[] classOf, List<String> classes, int[] test) {
		int[] present = Arrays.stream(anchors).map(i -> classOf[i]).distinct().sorted().toArray();
		int correct = 0;
		if (present.length == 1) {
			for (int i : test) if (classOf[i] == present[0]) correct++;
		}
		else {
			List<String> names = Arrays.stream(present).mapToObj(classes::get).toList();
			float[][] x = new float[anchors.length][];
			int[] y = new int[anchors.length];
			for (int i = 0; i < anchors.length; i++) {
				x[i] = f[anchors[i]];
				y[i] = Arrays.binarySearch(present, classOf[anchors[i]]);
			}
			LinearClassifier c = LinearClassifier.train(x, y, names, null, LinearClassifier.Options.defaults().withSeed(((long) s << 20) ^ draw));
			for (int i : test) if (present[c.predict(f[i]).classIndex()] == classOf[i]) correct++;
		}
		return new Row(method, s, draw, present.length, correct / (double) test.length);
	}

	private static void writeStudy(Path out, List<Row> rows, Map<String, BoxStats> byMethod, ImageDataset dataset, int k) {
		StringBuilder csv = new StringBuilder("method,split_seed,draw,classes_covered,test_accuracy\n");
		for (Row r : rows)
			csv.append(r.method()).append(',').append(r.splitSeed()).append(',').append(r.draw()).append(',').append(r.classesCovered()).append(',')
				.append(String.format(Locale.ROOT, "%.6f", r.testAccuracy())).append('\n');
		AtomicFiles.writeString(out.resolve("study.csv"), csv.toString());
		List<Map<String, Object>> entries = new ArrayList<>();
		for (var e : byMethod.entrySet()) {
			Map<String, Object> m = new LinkedHashMap<>();
			BoxStats b = e.getValue();
			m.put("method", e.getKey());
			m.put("n", b.n());
			m.put("median", b.median());
			m.put("q1", b.q1());
			m.put("q3", b.q3());
			m.put("notch_low", b.notchLow());
			m.put("notch_high", b.notchHigh());
			m.put("mean_classes_covered", rows.stream().filter(r -> r.method().equals(e.getKey())).mapToInt(Row::classesCovered).average().orElse(0));
			entries.add(m);
		}
		AtomicFiles.writeString(out.resolve("study.json"), EncoderManifest.GSON.toJson(Map.of("results", entries)) + "\n");
		BoxStats[][] boxes = { byMethod.values().toArray(new BoxStats[0]) };
		NotchedBoxPlot.Data d = new NotchedBoxPlot.Data("One-shot anchors: " + dataset.root().getFileName(), k + " anchors (one per class on average)",
			"test accuracy", List.of("anchors"), new ArrayList<>(byMethod.keySet()), boxes);
		NotchedBoxPlot.writePng(d, out.resolve("study.png"));
	}
}
