package org.ssltem.train;

import org.ssltem.core.CancelToken;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.SparseMasks;
import org.ssltem.morph.StructureWidth;
import org.ssltem.report.BoxStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The side {@code train-segmenter} trains at when none is given: 224 px (the paper's), unless the labelled structures
 * would then be narrower than the encoder's first stride, in which case the images are enlarged until they are not,
 * at most to twice their side and to 512 px.
 *
 * <p>Why: the ResNet stem halves the image twice before its first block, so a wire narrower than 4 px at the training
 * scale falls between the encoder's samples and the decoder loses it. Measured (held-out median Dice,
 * docs/segmentation.md): the demo's 128 px images (wires 1 px) 0.820 at 224 px and 0.895 at 256, which this chooses;
 * ISBI membranes (5 px wide in 512 px slices) 0.530 at 224 and 0.659 at 416, which this chooses (0.657 at 512); HRTEM
 * nanowires (about 80 px wide at 224) stay at 224. Enlarging more than twice adds pixels but no detail, and training time
 * grows with the area.
 */
public final class TrainingSize {

	/** The paper's training side, and the side used when the structures are wide enough. */
	public static final int DEFAULT = 224;
	/** No automatic choice trains larger than this. */
	public static final int MAX = 512;
	/** The encoder's stride before its first block (stem convolution and max pool, 2 × 2). */
	public static final double MIN_WIDTH = 4;
	/** Masks measured at most (spread evenly over the pool), and the side they are measured at (larger ones reduced). */
	static final int MAX_MASKS = 16, MEASURE_SIDE = 512;

	/**
	 * @param size    the side chosen
	 * @param width   width of the thinner labelled structures in the images' own pixels: each mask's median local
	 *                thickness ({@link StructureWidth}), the lower quartile over the masks (NaN when not measured)
	 * @param masks   masks measured
	 * @param reason  one sentence for {@code segmenter.json}
	 * @param hint    what to pass instead, for the log (empty when there is nothing to add)
	 */
	public record Choice(int size, double width, int masks, String reason, String hint) {

		/** The log line: the reason and the hint. */
		public String logLine() {
			return hint.isEmpty() ? reason : reason + "; " + hint;
		}
	}

	private TrainingSize() {}

	/**
	 * The side for images whose longest side is typically {@code imageSide} px and whose structures are {@code width}
	 * px wide there: {@link #DEFAULT}, or the smallest multiple of 32 at which the structures are {@link #MIN_WIDTH}
	 * px wide, capped at twice the image side and at {@link #MAX} (never below {@link #DEFAULT}).
	 */
	public static int side(int imageSide, double width) {
		if (!(width > 0) || imageSide <= 0) return DEFAULT;
		double needed = imageSide * MIN_WIDTH / width;
		int cap = Math.min(MAX, roundUp32(2 * imageSide));
		return Math.max(DEFAULT, Math.min(cap, roundUp32((int) Math.ceil(needed - 1e-9))));
	}

	/** The choice {@code train-segmenter} makes for these settings, when they give no side (for estimates before a run). */
	public static Choice choose(SegmenterConfig c) {
		List<MatchedFiles.Pair> pairs = MatchedFiles.matchLabelled(Path.of(c.images), "{{images}}", Path.of(c.masks), "{{masks}}").pairs();
		return choose(pairs, c.maskRule(), c.multiClass(), null);
	}

	/** Measures the structures of every mask in the pool and chooses the side ({@link #side}). */
	public static Choice choose(List<MatchedFiles.Pair> pairs, MaskRule rule, boolean multiClass, CancelToken cancel) {
		List<Double> widths = new ArrayList<>();
		List<MatchedFiles.Pair> measured = spread(pairs, MAX_MASKS);
		int[] sides = new int[measured.size()];
		boolean sparse = false;
		for (int p = 0; p < measured.size(); p++) {
			if (cancel != null) cancel.throwIfCancelled();
			GreyImage img = ImageFiles.readGrey(measured.get(p).first());
			sides[p] = Math.max(img.width, img.height);
			int[] cls = SparseMasks.read(measured.get(p).second(), img.width, img.height, rule);
			for (int v : cls) sparse |= v == MaskRule.UNLABELLED;
			if (sparse) break;
			// the thinnest class decides: each needs to be resolved
			double width = Double.NaN;
			for (int k : classesPresent(cls, rule, multiClass)) {
				boolean[] mask = new boolean[cls.length];
				for (int i = 0; i < cls.length; i++) mask[i] = isClass(cls[i], k, rule, multiClass);
				double w = StructureWidth.median(mask, img.width, img.height, MEASURE_SIDE);
				if (Double.isNaN(width) || w < width) width = w;
			}
			if (!Double.isNaN(width)) widths.add(width);
		}
		if (sparse)
			return new Choice(DEFAULT, Double.NaN, 0, "the masks are sparse (unlabelled pixels), so their strokes say nothing of the structures' width: training at "
				+ DEFAULT + " px", "for structures under 4 px wide at " + DEFAULT + " px, pass a larger {{size}}");
		if (widths.isEmpty())
			return new Choice(DEFAULT, Double.NaN, 0, "no mask has a foreground pixel to measure: training at " + DEFAULT + " px", "");
		// the lower quartile, so that the thin structures of a mixed pool count (on the demo's images the wide bundles
		// would otherwise outvote the 1 px networks and dispersed wires: median 2.4 px, quartile 1.0)
		double width = quantile(widths.stream().mapToDouble(Double::doubleValue).toArray(), 0.25);
		int imageSide = (int) Math.round(quantile(Arrays.stream(sides).asDoubleStream().toArray(), 0.5));
		int side = side(imageSide, width);
		double atDefault = width * DEFAULT / imageSide, atSide = width * side / imageSide;
		String widthText = String.format(Locale.ROOT, "the thinner labelled structures are %.1f px wide in the %d px images (lower quartile over %d masks)", width, imageSide,
			widths.size());
		String reason = side == DEFAULT
			? String.format(Locale.ROOT, "%s, %.1f px at %d px: training at %d px", widthText, atDefault, DEFAULT, DEFAULT)
			: String.format(Locale.ROOT, "%s, %.1f px at %d px, under the encoder's first stride of %.0f px: training at %d px, where they are %.1f px%s",
				widthText, atDefault, DEFAULT, MIN_WIDTH, side, atSide, atSide < MIN_WIDTH ? " (the most it enlarges: twice the images' side, at most " + MAX + " px)" : "");
		String hint = side == DEFAULT ? "" : String.format(Locale.ROOT, "this takes about %.1f times as long as %d px; pass {{size}} %d to train faster",
			(side * (double) side) / (DEFAULT * DEFAULT), DEFAULT, DEFAULT);
		return new Choice(side, width, widths.size(), reason, hint);
	}

	/** At most {@code n} of the pairs, spread evenly over the list (all when there are no more). */
	static List<MatchedFiles.Pair> spread(List<MatchedFiles.Pair> pairs, int n) {
		if (pairs.size() <= n) return pairs;
		List<MatchedFiles.Pair> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add(pairs.get((int) Math.round(i * (pairs.size() - 1) / (double) (n - 1))));
		return out;
	}

	private static List<Integer> classesPresent(int[] cls, MaskRule rule, boolean multiClass) {
		if (!multiClass) return List.of(1);
		boolean[] seen = new boolean[rule.classes()];
		for (int v : cls) if (v > 0 && v < seen.length) seen[v] = true;
		List<Integer> out = new ArrayList<>();
		for (int k = 1; k < seen.length; k++) if (seen[k]) out.add(k);
		return out;
	}

	private static boolean isClass(int v, int k, MaskRule rule, boolean multiClass) {
		if (multiClass) return v == k;
		return rule.foreground() == null ? v > 0 : v == rule.foreground();
	}

	/** The q-quantile, linear between order statistics (numpy's default). */
	static double quantile(double[] v, double q) {
		double[] sorted = v.clone();
		Arrays.sort(sorted);
		return BoxStats.percentile(sorted, q);
	}

	private static int roundUp32(int v) {
		return (v + 31) / 32 * 32;
	}
}
