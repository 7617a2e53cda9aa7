package org.ssltem.morph;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.BooleanType;
import org.ssltem.data.Images;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Morphology of nanowire masks, one row per image: the paper's percolation ({@link PercolationAnalysis}) and pixel
 * density, the DBSCAN clusters' count and size distribution, the largest cluster's share of the foreground, the
 * skeleton's length ({@link Skeleton}), the mean wire width (foreground area ÷ skeleton length) and the
 * orientation distribution ({@link Orientation}).
 *
 * <p>The summary rows average the dominant orientation as an axis ({@link Orientation#axialMean}, {@link
 * Orientation#axialMedian}): 2° and 178° are 4° apart, and their mean is 0°, not 90°.
 *
 * <p>Masks are analysed at their native size ({@code size = 0}) or resized nearest-neighbour to size × size first
 * ({@link MaskResize}); the paper analyses 224 × 224 masks.
 */
public final class MorphologyAnalysis {

	/** Orientation histogram bins of 15° over [0, 180). */
	public static final int ORIENTATION_BINS = 12;
	/** Cluster-size classes (pixels): [2, 10), [10, 100), [100, 1000), [1000, ∞). */
	static final int[] SIZE_CLASS_BOUNDS = { 10, 100, 1000 };

	private final PercolationAnalysis percolation = new PercolationAnalysis();

	/** One image's measurements; lengths and widths are in pixels of the analysed (possibly resized) mask. */
	public record Measures(String file, int width, int height, double pixelDensity, boolean percolates, int percolatingClusters,
		int clusters, int noisePoints, double clusterSizeMean, double clusterSizeMedian, int clusterSizeMax, int[] clustersBySize,
		double largestClusterFraction, double skeletonLength, double meanWidth, double[] orientationHistogram, double orientationDominantDeg,
		double orientationOrder) implements java.io.Serializable {}

	/** The measures of one 2-D binary mask (true = nanowire). */
	public Measures measure(String name, RandomAccessibleInterval<? extends BooleanType<?>> mask) {
		return measure(name, Images.mask(mask), Images.width(mask), Images.height(mask));
	}

	public Measures measure(String name, boolean[] foreground, int width, int height) {
		PercolationResult p = percolation.analyse(foreground, width, height);
		int[] sizes = p.perCluster().stream().mapToInt(PercolationResult.Cluster::size).sorted().toArray();
		int[] bySize = new int[SIZE_CLASS_BOUNDS.length + 1];
		for (int s : sizes) {
			int k = 0;
			while (k < SIZE_CLASS_BOUNDS.length && s >= SIZE_CLASS_BOUNDS[k]) k++;
			bySize[k]++;
		}
		double mean = sizes.length == 0 ? 0 : Arrays.stream(sizes).average().orElse(0);
		double median = sizes.length == 0 ? 0 : sizes.length % 2 == 1 ? sizes[sizes.length / 2] : (sizes[sizes.length / 2 - 1] + sizes[sizes.length / 2]) / 2.0;
		boolean[] skeleton = Skeleton.thin(foreground, width, height);
		double length = Skeleton.length(skeleton, width, height);
		double width_ = length > 0 ? p.foregroundPixels() / length : Double.NaN;
		Orientation.Result o = Orientation.analyse(foreground, width, height, ORIENTATION_BINS);
		double largestFraction = p.foregroundPixels() == 0 ? 0 : p.largestCluster() / (double) p.foregroundPixels();
		return new Measures(name, width, height, p.pixelDensity(), p.percolates(), p.percolatingClusters(), p.clusters(), p.noisePoints(), mean, median,
			p.largestCluster(), bySize, largestFraction, length, width_, o.histogram(), o.dominantDeg(), o.order());
	}

	/** Reads, optionally resizes ({@code size} &gt; 0) and measures one mask file. */
	public Measures measure(String name, Path file, MaskRule rule, int size) {
		int[] wh = new int[2];
		boolean[] fg = rule.readForeground(file, wh);
		if (size > 0) {
			fg = MaskResize.nearest(fg, wh[0], wh[1], size, size);
			wh[0] = wh[1] = size;
		}
		return measure(name, fg, wh[0], wh[1]);
	}

	/**
	 * Measures every mask under {@code masksDir} (recursive) and writes the CSV: one row per image, then two summary
	 * rows whose {@code file} is {@code (mean)} and {@code (median)} ({@code percolates} is 0/1, so its mean is the
	 * percolating fraction).
	 */
	public List<Measures> analyseToCsv(Path masksDir, MaskRule rule, int size, Path csv, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		try (OutputFolder folder = OutputFolder.claimFile(csv, "morphology", "{{out}}")) {
			return analyseToCsvClaimed(masksDir, rule, size, csv, overwrite, listener, cancel);
		}
	}

	private List<Measures> analyseToCsvClaimed(Path masksDir, MaskRule rule, int size, Path csv, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		if (size < 0) throw UserInputException.option("{{size}} must be 0 (native size) or a positive side in pixels, got " + size, "use {{size}} 0 or e.g. {{size}} 224");
		if (Files.exists(csv) && !overwrite)
			throw UserInputException.about(csv, "already exists", "choose another {{out}} file, or pass {{overwrite}} to replace it");
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		Map<String, Path> masks = MatchedFiles.index(masksDir, "{{masks}}");
		List<Measures> rows = new ArrayList<>();
		for (var e : masks.entrySet()) {
			if (cancel != null) cancel.throwIfCancelled();
			rows.add(measure(e.getKey(), e.getValue(), rule, size));
			log.progress("morphology", rows.size(), masks.size(), e.getKey());
		}
		AtomicFiles.writeString(csv, toCsv(rows));
		return rows;
	}

	public static String header() {
		StringBuilder h = new StringBuilder("file,width,height,pixel_density,percolates,percolating_clusters,clusters,noise_points,"
			+ "cluster_size_mean,cluster_size_median,cluster_size_max,clusters_2_9px,clusters_10_99px,clusters_100_999px,clusters_1000px_plus,"
			+ "largest_cluster_fraction,skeleton_length_px,mean_width_px");
		for (int k = 0; k < ORIENTATION_BINS; k++) h.append(",orientation_").append(k * 180 / ORIENTATION_BINS).append('_').append((k + 1) * 180 / ORIENTATION_BINS);
		return h.append(",orientation_dominant_deg,orientation_order").toString();
	}

	public static double[] values(Measures m) {
		List<Double> v = new ArrayList<>(List.of((double) m.width(), (double) m.height(), m.pixelDensity(), m.percolates() ? 1.0 : 0.0,
			(double) m.percolatingClusters(), (double) m.clusters(), (double) m.noisePoints(), m.clusterSizeMean(), m.clusterSizeMedian(),
			(double) m.clusterSizeMax()));
		for (int c : m.clustersBySize()) v.add((double) c);
		v.addAll(List.of(m.largestClusterFraction(), m.skeletonLength(), m.meanWidth()));
		for (double h : m.orientationHistogram()) v.add(h);
		v.add(m.orientationDominantDeg());
		v.add(m.orientationOrder());
		return v.stream().mapToDouble(Double::doubleValue).toArray();
	}

	public static String toCsv(List<Measures> rows) {
		StringBuilder out = new StringBuilder(header()).append('\n');
		List<double[]> all = new ArrayList<>();
		for (Measures m : rows) {
			double[] v = values(m);
			all.add(v);
			out.append(field(m.file()));
			for (double x : v) out.append(',').append(number(x));
			out.append('\n');
		}
		if (!rows.isEmpty()) {
			int n = all.get(0).length;
			int dominant = n - 2; // orientation_dominant_deg: an axis, averaged as one (see Orientation#axialMean)
			for (String stat : List.of("(mean)", "(median)")) {
				out.append(stat);
				for (int j = 0; j < n; j++) {
					final int col = j;
					double[] column = all.stream().mapToDouble(r -> r[col]).filter(d -> !Double.isNaN(d)).sorted().toArray();
					double s;
					if (j == dominant) s = stat.equals("(mean)") ? Orientation.axialMean(column) : Orientation.axialMedian(column);
					else s = column.length == 0 ? Double.NaN : stat.equals("(mean)") ? Arrays.stream(column).average().orElse(Double.NaN)
						: column.length % 2 == 1 ? column[column.length / 2] : (column[column.length / 2 - 1] + column[column.length / 2]) / 2;
					out.append(',').append(number(s));
				}
				out.append('\n');
			}
		}
		return out.toString();
	}

	private static String number(double x) {
		if (Double.isNaN(x)) return "";
		if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
		return String.format(Locale.ROOT, "%.6g", x);
	}

	private static String field(String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}
}
