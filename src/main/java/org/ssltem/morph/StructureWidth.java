package org.ssltem.morph;

import java.util.Arrays;

/**
 * How wide the structures of a mask are: the local thickness 2·d − 1 at each pixel of the mask's skeleton
 * ({@link Skeleton}), d being the Euclidean distance from that pixel to the nearest background pixel (pixels outside
 * the image count as background). A line one pixel wide measures 1, a bar five pixels wide 5 (an even width w measures
 * w − 1: the skeleton runs along one of the two middle rows), a disc of radius r about 2r + 1. The median over the skeleton is one number per mask: the width of a typical piece of wire, not of its
 * junctions or ends.
 */
public final class StructureWidth {

	private StructureWidth() {}

	/** The median local thickness of the foreground in pixels, or NaN when the mask has no foreground pixel. */
	public static double median(boolean[] mask, int width, int height) {
		boolean[] skeleton = Skeleton.thin(mask, width, height);
		float[] distance = distanceToBackground(mask, width, height);
		double[] thickness = new double[mask.length];
		int n = 0;
		for (int i = 0; i < skeleton.length; i++)
			if (skeleton[i]) thickness[n++] = 2 * distance[i] - 1;
		if (n == 0) return Double.NaN;
		double[] t = Arrays.copyOf(thickness, n);
		Arrays.sort(t);
		return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
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
