package org.ssltem.infer;

import org.ssltem.core.UserInputException;

/**
 * Post-processing of a predicted binary mask: foreground pieces smaller than {@code minComponent} pixels are removed
 * (8-connected, as ImageJ's Analyze Particles counts them), unless they are at least {@link #SPARED_FRACTION} of the
 * largest piece, and background holes of at most {@code maxHole} pixels
 * are filled (4-connected background regions that do not touch the image border). A network that sees a few
 * labelled frames leaves specks of false foreground and pinholes in wires; both break the cluster count and the
 * percolation measured on the mask, while large gaps (the meshes of a network) are left alone.
 *
 * <p>Sizes are in pixels of the image the network worked on (the segmenter's training scale);
 * {@link ImageSegmentation} converts them to the native image. 0 switches a step off.
 */
public final class MaskCleanup {

	/**
	 * Pieces at least this fraction of the largest piece are kept whatever their size, so a mask of many short wires
	 * (a dispersed sample) keeps them while specks are still removed.
	 */
	public static final double SPARED_FRACTION = 0.1;
	/** Default sizes, chosen on held-out HRTEM frames (docs/segmentation.md, "Cleaning the masks"). */
	public static final double DEFAULT_MIN_COMPONENT = 100, DEFAULT_MAX_HOLE = 100;

	/** Removed and filled pixels of one mask. */
	public record Changes(int removedComponents, int removedPixels, int filledHoles, int filledPixels) {}

	private MaskCleanup() {}

	public static void check(double minComponent, double maxHole) {
		if (!(minComponent >= 0) || !(maxHole >= 0))
			throw UserInputException.option("{{min_component}} and {{fill_holes}} must be 0 (off) or a size in pixels, got " + minComponent + " and " + maxHole,
				"pass e.g. {{min_component}} " + (int) DEFAULT_MIN_COMPONENT + " {{fill_holes}} " + (int) DEFAULT_MAX_HOLE);
	}

	/**
	 * Cleans {@code mask} in place.
	 *
	 * @param minComponent foreground components with fewer pixels are removed (0 = keep all)
	 * @param maxHole      background holes with at most this many pixels are filled (0 = fill none)
	 */
	public static Changes apply(boolean[] mask, int width, int height, double minComponent, double maxHole) {
		if (mask.length != (long) width * height) throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + width + "x" + height);
		int[] queue = new int[mask.length];
		boolean[] seen = new boolean[mask.length];
		int removed = 0, removedPx = 0, filled = 0, filledPx = 0;
		if (minComponent > 0) {
			// first the largest piece, so that pieces comparable to it are spared
			int largest = 0;
			for (int i = 0; i < mask.length; i++)
				if (mask[i] && !seen[i]) largest = Math.max(largest, flood(mask, true, i, width, height, true, seen, queue));
			double limit = Math.min(minComponent, largest * SPARED_FRACTION);
			java.util.Arrays.fill(seen, false);
			for (int i = 0; i < mask.length; i++) {
				if (!mask[i] || seen[i]) continue;
				int n = flood(mask, true, i, width, height, true, seen, queue);
				if (n < limit) {
					for (int k = 0; k < n; k++) mask[queue[k]] = false;
					removed++;
					removedPx += n;
				}
			}
		}
		if (maxHole > 0) {
			java.util.Arrays.fill(seen, false);
			for (int i = 0; i < mask.length; i++) {
				if (mask[i] || seen[i]) continue;
				int n = flood(mask, false, i, width, height, false, seen, queue);
				if (n <= maxHole && !touchesBorder(queue, n, width, height)) {
					for (int k = 0; k < n; k++) mask[queue[k]] = true;
					filled++;
					filledPx += n;
				}
			}
		}
		return new Changes(removed, removedPx, filled, filledPx);
	}

	/** Pixels connected to {@code seed} with value {@code value}, left in {@code queue[0..n)}; returns n. */
	private static int flood(boolean[] mask, boolean value, int seed, int w, int h, boolean eight, boolean[] seen, int[] queue) {
		int head = 0, tail = 0;
		seen[seed] = true;
		queue[tail++] = seed;
		while (head < tail) {
			int p = queue[head++];
			int y = p / w, x = p - y * w;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) continue;
					int xx = x + dx, yy = y + dy;
					if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
					int q = yy * w + xx;
					if (mask[q] == value && !seen[q]) {
						seen[q] = true;
						queue[tail++] = q;
					}
				}
		}
		return tail;
	}

	private static boolean touchesBorder(int[] pixels, int n, int w, int h) {
		for (int k = 0; k < n; k++) {
			int y = pixels[k] / w, x = pixels[k] - y * w;
			if (x == 0 || y == 0 || x == w - 1 || y == h - 1) return true;
		}
		return false;
	}
}
