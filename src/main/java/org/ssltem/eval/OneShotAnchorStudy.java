package org.ssltem.eval;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureExtractor;
import org.ssltem.report.BoxStats;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.Splits;
import org.ssltem.nn.EncoderManifest;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper's one-shot anchor study: how much the accuracy of a classifier trained on one labelled image per class
 * depends on where those images sit relative to their classes' medians.
 *
 * <p>For each split seed (the same stratified 80/20 split as {@link LabelEfficiencyProtocol}) many anchor sets are
 * drawn from the training part, one image per class, uniformly and seeded. A {@link org.ssltem.train.LinearClassifier}
 * is trained on each set alone (as the k-medoids/random study of {@link AnchorStudy}) and scored on the test part.
 *
 * <p>Where the anchors sit, per set (mean over the classes):
 * <ul>
 * <li>{@code feature_distance_to_median}: cosine distance (as in the k-medoids suggestion) of the anchor's feature
 * vector to its class median, the per-dimension median of that class's training images in this split;</li>
 * <li>{@code feature_percentile}: the share of the class's training images strictly closer to that median than the
 * anchor (0 = the most central image of its class, near 1 = the most outlying);</li>
 * <li>{@code density_distance_to_median} (with masks only): |nanowire pixel density of the anchor's mask − the median
 * density of the class's training masks|, density = foreground pixels / all pixels.</li>
 * </ul>
 * The summary relates accuracy to each distance: Spearman's rank correlation (ties get average ranks) and the median
 * accuracy of the sets in the nearest and the farthest quarter by that distance.
 */
public final class OneShotAnchorStudy {

	public static final String CSV = "one_shot.csv", JSON = "one_shot.json", PNG = "one_shot.png", DENSITY_PNG = "one_shot_density.png";
	public static final String FEATURE = "feature_distance_to_median", PERCENTILE = "feature_percentile", DENSITY = "density_distance_to_median";

	private OneShotAnchorStudy() {}

	/** One anchor set: {@code anchors[c]} is the dataset index of class c's anchor; {@code densityDistance} is NaN without masks. */
	public record AnchorSet(int splitSeed, int draw, int[] anchors, double testAccuracy, double featureDistance, double featurePercentile,
		double densityDistance) {}

	/** How accuracy relates to one distance; {@code spearman} is NaN when either side is constant. */
	public record Relation(String distance, int n, double spearman, int quartileSize, double nearestQuartileMedianAccuracy,
		double farthestQuartileMedianAccuracy) {}

	public record Result(List<AnchorSet> sets, List<Relation> relations, boolean masks) {

		public Relation relation(String distance) {
			return relations.stream().filter(r -> r.distance().equals(distance)).findFirst().orElse(null);
		}
	}

	/**
	 * Runs the study on features {@code f} of the labelled {@code dataset} (at least two classes).
	 *
	 * @param density nanowire pixel density per dataset image (see {@link #maskDensities}), or null without masks
	 */
	public static Result run(ImageDataset dataset, float[][] f, double[] density, int splitSeeds, int draws, long seed,
		ProgressListener log, CancelToken cancel)
	{
		if (draws < 1 || splitSeeds < 1) throw UserInputException.option("{{one_shot_draws}} and {{split_seeds}} must be at least 1 for the one-shot study",
			"pass e.g. {{split_seeds}} 20 {{one_shot_draws}} 50 (or {{one_shot_draws}} 0 to skip it)");
		int[] classOf = dataset.classIndices();
		int nc = dataset.classNames().size();
		List<AnchorSet> sets = new ArrayList<>();
		for (int s = 0; s < splitSeeds; s++) {
			if (cancel != null) cancel.throwIfCancelled();
			Splits.Split split = Splits.stratified(classOf, 0.2, s);
			int[][] members = membersByClass(split.train(), classOf, nc);
			// per class: each member's cosine distance to the class median, and the median density
			Map<Integer, Double> distance = new HashMap<>();
			double[][] sortedDistances = new double[nc][];
			double[] medianDensity = new double[nc];
			for (int c = 0; c < nc; c++) {
				float[][] x = new float[members[c].length][];
				for (int i = 0; i < x.length; i++) x[i] = f[members[c][i]];
				float[] median = medianVector(x);
				sortedDistances[c] = new double[x.length];
				for (int i = 0; i < x.length; i++) {
					double d = cosineDistance(x[i], median);
					distance.put(members[c][i], d);
					sortedDistances[c][i] = d;
				}
				Arrays.sort(sortedDistances[c]);
				if (density != null) medianDensity[c] = median(Arrays.stream(members[c]).mapToDouble(i -> density[i]).toArray());
			}
			SplittableRandom rng = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L ^ ((long) s << 16) ^ 0x4f4e_4553_484fL);
			for (int r = 0; r < draws; r++) {
				int[] anchors = new int[nc];
				double fd = 0, fp = 0, dd = 0;
				for (int c = 0; c < nc; c++) {
					anchors[c] = members[c][rng.nextInt(members[c].length)];
					double d = distance.get(anchors[c]);
					fd += d;
					fp += closer(sortedDistances[c], d) / (double) sortedDistances[c].length;
					if (density != null) dd += Math.abs(density[anchors[c]] - medianDensity[c]);
				}
				AnchorStudy.Row row = AnchorStudy.score("one_shot", s, r, anchors, f, classOf, dataset.classNames(), split.test());
				sets.add(new AnchorSet(s, r, anchors, row.testAccuracy(), fd / nc, fp / nc, density == null ? Double.NaN : dd / nc));
			}
			if (log != null) log.progress("one-shot anchors", s + 1, splitSeeds, (s + 1) + "/" + splitSeeds + " splits, " + draws + " one-shot sets each");
		}
		double[] acc = sets.stream().mapToDouble(AnchorSet::testAccuracy).toArray();
		List<Relation> relations = new ArrayList<>();
		relations.add(relate(FEATURE, sets.stream().mapToDouble(AnchorSet::featureDistance).toArray(), acc));
		relations.add(relate(PERCENTILE, sets.stream().mapToDouble(AnchorSet::featurePercentile).toArray(), acc));
		if (density != null) relations.add(relate(DENSITY, sets.stream().mapToDouble(AnchorSet::densityDistance).toArray(), acc));
		return new Result(sets, relations, density != null);
	}

	private static int[][] membersByClass(int[] train, int[] classOf, int nc) {
		int[] count = new int[nc];
		for (int i : train) count[classOf[i]]++;
		int[][] m = new int[nc][];
		for (int c = 0; c < nc; c++) {
			if (count[c] == 0) throw new IllegalStateException("class " + c + " has no training image"); // stratified splits keep ≥ 1
			m[c] = new int[count[c]];
			count[c] = 0;
		}
		for (int i : train) m[classOf[i]][count[classOf[i]]++] = i;
		return m;
	}

	/** Number of values in {@code sorted} strictly below {@code v}. */
	private static int closer(double[] sorted, double v) {
		int n = 0;
		while (n < sorted.length && sorted[n] < v) n++;
		return n;
	}

	/** The per-dimension median of the rows. */
	static float[] medianVector(float[][] x) {
		float[] m = new float[x[0].length];
		double[] col = new double[x.length];
		for (int j = 0; j < m.length; j++) {
			for (int i = 0; i < x.length; i++) col[i] = x[i][j];
			m[j] = (float) median(col);
		}
		return m;
	}

	static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return BoxStats.percentile(s, 0.5);
	}

	static double cosineDistance(float[] a, float[] b) {
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += a[i] * (double) b[i];
			aa += a[i] * (double) a[i];
			bb += b[i] * (double) b[i];
		}
		return Math.max(0, 1 - ab / Math.sqrt(Math.max(aa, 1e-24) * Math.max(bb, 1e-24)));
	}

	/** Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank; NaN if either side is constant. */
	public static double spearman(double[] x, double[] y) {
		if (x.length != y.length) throw new IllegalArgumentException(x.length + " vs " + y.length + " values");
		double[] rx = averageRanks(x), ry = averageRanks(y);
		int n = x.length;
		double mx = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mx += rx[i];
			my += ry[i];
		}
		mx /= n;
		my /= n;
		double sxy = 0, sxx = 0, syy = 0;
		for (int i = 0; i < n; i++) {
			sxy += (rx[i] - mx) * (ry[i] - my);
			sxx += (rx[i] - mx) * (rx[i] - mx);
			syy += (ry[i] - my) * (ry[i] - my);
		}
		return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
	}

	/** Ranks 1..n; equal values share the mean of the ranks they span. */
	static double[] averageRanks(double[] v) {
		Integer[] order = new Integer[v.length];
		for (int i = 0; i < v.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
		double[] rank = new double[v.length];
		for (int i = 0; i < v.length;) {
			int j = i;
			while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
			double r = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) rank[order[k]] = r;
			i = j + 1;
		}
		return rank;
	}

	/**
	 * Spearman correlation of accuracy with {@code distance}, and median accuracy of the quarter of sets nearest and
	 * farthest by it (max(1, n/4) sets each, sorted by distance, ties in draw order).
	 */
	static Relation relate(String name, double[] distance, double[] accuracy) {
		int n = distance.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
		int q = Math.max(1, n / 4);
		double[] near = new double[q], far = new double[q];
		for (int i = 0; i < q; i++) {
			near[i] = accuracy[order[i]];
			far[i] = accuracy[order[n - q + i]];
		}
		return new Relation(name, n, spearman(distance, accuracy), q, median(near), median(far));
	}

	/**
	 * Nanowire pixel density (foreground pixels / all pixels) of each dataset image's mask. A mask is found under
	 * {@code masks} by the image's relative path without ending ({@code <class>/<name>.*}), else by its name alone
	 * directly in {@code masks} ({@code <name>.*}; never a same-named mask of another class folder). A missing mask is
	 * an error naming the image.
	 */
	public static double[] maskDensities(ImageDataset dataset, Path masks, MaskRule rule, ProgressListener log, CancelToken cancel) {
		Map<String, Path> byKey = MatchedFiles.index(masks, "{{masks}}");
		List<ImageDataset.Entry> entries = dataset.entries();
		double[] density = new double[entries.size()];
		for (int i = 0; i < entries.size(); i++) {
			if (cancel != null) cancel.throwIfCancelled();
			Path image = entries.get(i).file();
			String key = MatchedFiles.key(dataset.root(), image), name = key.substring(key.lastIndexOf('/') + 1);
			Path mask = byKey.containsKey(key) ? byKey.get(key) : byKey.get(name);
			if (mask == null)
				throw UserInputException.about(image, "has no mask in {{masks}} " + masks + " (looked for " + key + ".* and " + name + ".*)",
					"add its mask (same relative path as the image, or the same name directly in {{masks}}; any image ending), or leave out {{masks}}");
			int[] size = new int[2];
			boolean[] fg = rule.readForeground(mask, size);
			int n = 0;
			for (boolean b : fg) if (b) n++;
			density[i] = n / (double) fg.length;
		}
		if (log != null) log.log("ssl-tem: nanowire density read from " + entries.size() + " masks in " + masks + " (" + rule.describe() + ")");
		return density;
	}

	/** Writes one_shot.csv, one_shot.json and the scatter PNG(s). */
	static void write(Path out, Result r, ImageDataset dataset) {
		List<String> classes = dataset.classNames();
		StringBuilder csv = new StringBuilder("split_seed,draw");
		for (String c : classes) csv.append(',').append(Csv.field("anchor_" + c));
		csv.append(",test_accuracy,").append(FEATURE).append(',').append(PERCENTILE).append(',').append(DENSITY).append('\n');
		for (AnchorSet s : r.sets()) {
			csv.append(s.splitSeed()).append(',').append(s.draw());
			for (int a : s.anchors())
				csv.append(',').append(Csv.field(dataset.root().relativize(dataset.entries().get(a).file()).toString().replace('\\', '/')));
			csv.append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,", s.testAccuracy(), s.featureDistance(), s.featurePercentile()));
			if (!Double.isNaN(s.densityDistance())) csv.append(String.format(Locale.ROOT, "%.6f", s.densityDistance()));
			csv.append('\n');
		}
		AtomicFiles.writeString(out.resolve(CSV), csv.toString());

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("sets", r.sets().size());
		json.put("median_accuracy", median(r.sets().stream().mapToDouble(AnchorSet::testAccuracy).toArray()));
		json.put("feature_distance", "cosine distance of each anchor's feature vector to its class's per-dimension median over the class's training images,"
			+ " mean over classes");
		json.put("feature_percentile", "share of the class's training images closer to the class median than the anchor, mean over classes");
		json.put("density_distance", r.masks() ? "|anchor mask density - median density of the class's training masks|, mean over classes" : "no masks given");
		List<Map<String, Object>> rel = new ArrayList<>();
		for (Relation x : r.relations()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("distance", x.distance());
			m.put("n", x.n());
			if (!Double.isNaN(x.spearman())) m.put("spearman", x.spearman()); // absent when accuracy or distance is constant
			m.put("quartile_size", x.quartileSize());
			m.put("nearest_quartile_median_accuracy", x.nearestQuartileMedianAccuracy());
			m.put("farthest_quartile_median_accuracy", x.farthestQuartileMedianAccuracy());
			rel.add(m);
		}
		json.put("relations", rel);
		AtomicFiles.writeString(out.resolve(JSON), EncoderManifest.GSON.toJson(json) + "\n");

		String title = "One-shot anchors: " + dataset.root().getFileName();
		scatter(out.resolve(PNG), title, "mean cosine distance of the anchors to their class median (features)",
			r.sets().stream().mapToDouble(AnchorSet::featureDistance).toArray(), r, r.relation(FEATURE));
		if (r.masks())
			scatter(out.resolve(DENSITY_PNG), title, "mean |anchor density - class median density| (masks)",
				r.sets().stream().mapToDouble(AnchorSet::densityDistance).toArray(), r, r.relation(DENSITY));
	}

	/** Deletes the one-shot files in {@code out} that {@code written} (null: no study ran) did not write. */
	static void removeStale(Path out, Result written) {
		List<String> stale = new ArrayList<>();
		if (written == null) stale.addAll(List.of(CSV, JSON, PNG));
		if (written == null || !written.masks()) stale.add(DENSITY_PNG);
		try {
			for (String f : stale) Files.deleteIfExists(out.resolve(f));
		}
		catch (IOException e) {
			throw UserInputException.about(out, "an old one-shot result cannot be removed (" + e.getMessage() + ")", "check the folder's permissions");
		}
	}

	private static void scatter(Path png, String title, String xLabel, double[] x, Result r, Relation rel) {
		XYSeries series = new XYSeries("anchor sets", false, true);
		for (int i = 0; i < x.length; i++) series.add(x[i], r.sets().get(i).testAccuracy());
		JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, "test accuracy", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false,
			false, false);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%d one-image-per-class anchor sets; Spearman %s; median accuracy: nearest quarter %.3f,"
			+ " farthest quarter %.3f", rel.n(), Double.isNaN(rel.spearman()) ? "n/a" : String.format(Locale.ROOT, "%.3f", rel.spearman()),
			rel.nearestQuartileMedianAccuracy(), rel.farthestQuartileMedianAccuracy()), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(new Color(0xdddddd));
		plot.setRangeGridlinePaint(new Color(0xdddddd));
		XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
		renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
		renderer.setSeriesPaint(0, new Color(31, 119, 180, 160));
		BufferedImage img = chart.createBufferedImage(800, 600);
		AtomicFiles.write(png, o -> ImageIO.write(img, "png", o));
	}
}
