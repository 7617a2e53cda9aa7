package org.ssltem.morph;

import org.ssltem.report.BoxStats;

import java.util.Arrays;

/**
 * How wide the structures of a mask are: the local thickness of each foreground pixel, the diameter of the largest
 * disc inside the foreground that covers it (Hildebrand &amp; Rüegsegger, J. Microsc. 185, 1997; what BoneJ's Local
 * Thickness measures), and its median over the foreground pixels. A disc centred on pixel p has radius d(p), the
 * Euclidean distance from p to the nearest background pixel (pixels outside the image count as background), and
 * covers the pixels closer to p than that; its diameter counts as 2·d(p) − 1 so that a line one pixel wide measures 1,
 * a bar five pixels wide 5 (an even width w measures w − 1) and a disc of radius r about 2r + 1. Ragged edges hardly
 * move the median, since the pixels of a bar's teeth are few and its core is covered by its widest discs (the median
 * local thickness along a skeleton fell from 19 to 8 on a 20 px bar with ±2 px teeth; this measure stays near the
 * core's width).
 */
public final class StructureWidth {

	private StructureWidth() {}

	/** The median local thickness of the foreground in pixels, or NaN when the mask has no foreground pixel. */
	public static double median(boolean[] mask, int width, int height) {
		float[] thickness = localThickness(mask, width, height);
		double[] t = new double[mask.length];
		int n = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) t[n++] = thickness[i];
		if (n == 0) return Double.NaN;
		t = Arrays.copyOf(t, n);
		Arrays.sort(t);
		return BoxStats.percentile(t, 0.5);
	}

	/**
	 * {@link #median} of a mask reduced first, when its longer side exceeds {@code maxSide}, by the smallest whole factor
	 * k that brings it within (a reduced pixel is foreground when any of its k × k pixels is), in the mask's own pixels
	 * (the reduced width times k). Widths then come with a resolution of k pixels, and a structure thinner than k
	 * measures about k: for deciding whether structures are a few pixels wide at a training size of a few hundred
	 * pixels, that is enough, and a 1024 px mask of wide wires takes a sixteenth of the time.
	 */
	public static double median(boolean[] mask, int width, int height, int maxSide) {
		int k = (Math.max(width, height) + maxSide - 1) / maxSide;
		if (k <= 1) return median(mask, width, height);
		int w = (width + k - 1) / k, h = (height + k - 1) / k;
		boolean[] reduced = new boolean[w * h];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				if (mask[y * width + x]) reduced[(y / k) * w + x / k] = true;
		return k * median(reduced, w, h);
	}

	/**
	 * Local thickness of every pixel (0 on background): the largest diameter of the discs that cover it, over all
	 * foreground centres. A disc is skipped when a neighbour's disc contains it (the neighbour's radius at least this
	 * radius plus their distance, so by the triangle inequality every pixel it covers is covered by the neighbour's,
	 * with a larger diameter); containment chains end at discs that are painted, so the result is that of painting
	 * every disc (checked against that in the tests) at the cost of the few unskipped ones.
	 */
	public static float[] localThickness(boolean[] mask, int width, int height) {
		float[] d = distanceToBackground(mask, width, height);
		float[] out = new float[mask.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				float r = d[y * width + x];
				if (r == 0 || containedInANeighbour(d, width, height, x, y, r)) continue;
				float diameter = 2 * r - 1;
				int reach = (int) Math.ceil(r) - 1;
				long r2 = Math.round((double) r * r); // squared distances are whole numbers; rounding undoes the float sqrt
				for (int yy = Math.max(0, y - reach); yy <= Math.min(height - 1, y + reach); yy++)
					for (int xx = Math.max(0, x - reach); xx <= Math.min(width - 1, x + reach); xx++) {
						long dx = xx - x, dy = yy - y;
						if (dx * dx + dy * dy < r2 && out[yy * width + xx] < diameter) out[yy * width + xx] = diameter;
					}
			}
		return out;
	}

	private static boolean containedInANeighbour(float[] d, int width, int height, int x, int y, float r) {
		double radius = Math.sqrt(Math.round((double) r * r));
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				int xx = x + dx, yy = y + dy;
				if ((dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
				double other = Math.sqrt(Math.round((double) d[yy * width + xx] * d[yy * width + xx]));
				if (other >= radius + (dx != 0 && dy != 0 ? Math.sqrt(2) : 1)) return true;
			}
		return false;
	}

	/**
	 * The exact Euclidean distance of every pixel to the nearest background pixel (0 on background), with the image
	 * surrounded by background: two passes of the one-dimensional lower envelope of parabolas (Felzenszwalb &amp;
	 * Huttenlocher, Theory of Computing 8, 2012), over columns then rows.
	 */
	public static float[] distanceToBackground(boolean[] mask, int width, int height) {
		if ((long) width * height != mask.length) throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + width + "x" + height);
		// one background pixel of margin on every side stands for "outside the image"
		int w = width + 2, h = height + 2;
		double inf = (double) w * w + (double) h * h;
		double[] sq = new double[w * h];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				sq[(y + 1) * w + x + 1] = mask[y * width + x] ? inf : 0;
		double[] f = new double[Math.max(w, h)], d = new double[Math.max(w, h)];
		int[] v = new int[Math.max(w, h)];
		double[] z = new double[Math.max(w, h) + 1];
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++) f[y] = sq[y * w + x];
			envelope(f, h, d, v, z);
			for (int y = 0; y < h; y++) sq[y * w + x] = d[y];
		}
		for (int y = 0; y < h; y++) {
			System.arraycopy(sq, y * w, f, 0, w);
			envelope(f, w, d, v, z);
			System.arraycopy(d, 0, sq, y * w, w);
		}
		float[] out = new float[mask.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				out[y * width + x] = (float) Math.sqrt(sq[(y + 1) * w + x + 1]);
		return out;
	}

	/** Squared distance transform of the sampled function f[0..n) into d: d[q] = min_p (q − p)² + f[p]. */
	private static void envelope(double[] f, int n, double[] d, int[] v, double[] z) {
		int k = 0;
		v[0] = 0;
		z[0] = Double.NEGATIVE_INFINITY;
		z[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, v[k]);
			while (s <= z[k]) s = intersection(f, q, v[--k]); // z[0] is −∞, so k stops at 0
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (z[k + 1] < q) k++;
			double dq = q - v[k];
			d[q] = dq * dq + f[v[k]];
		}
	}

	/** Where the parabola rooted at q meets the one rooted at p. */
	private static double intersection(double[] f, int q, int p) {
		return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
	}
}
