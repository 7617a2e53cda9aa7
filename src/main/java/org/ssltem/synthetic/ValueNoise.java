package org.ssltem.synthetic;

import java.util.SplittableRandom;

/**
 * Smooth random fields: Gaussian values on a coarse lattice, interpolated with Catmull-Rom splines. One call is one
 * octave whose features are about {@code cell} pixels across; several octaves make the mottled look of a stain layer.
 */
final class ValueNoise {

	private ValueNoise() {}

	/** A size x size field with roughly unit standard deviation and feature size {@code cell} pixels. */
	static float[] field(int size, double cell, SplittableRandom random) {
		cell = Math.max(2, cell);
		int n = (int) Math.ceil(size / cell) + 4; // lattice plus a border for the spline's 4 taps
		float[] lattice = new float[n * n];
		for (int i = 0; i < lattice.length; i++) lattice[i] = (float) random.nextGaussian();
		// interpolate along x on every lattice row, then along y
		float[] rows = new float[n * size];
		for (int j = 0; j < n; j++)
			for (int x = 0; x < size; x++) rows[j * size + x] = spline(lattice, j * n, 1, x / cell + 1);
		float[] out = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) out[y * size + x] = spline(rows, x, size, y / cell + 1);
		// Catmull-Rom of unit-variance values has a standard deviation of about 0.8 between lattice points
		for (int i = 0; i < out.length; i++) out[i] *= 1.25f;
		return out;
	}

	/** Catmull-Rom at position t along a strided line of samples (t >= 1, t + 2 within the line). */
	private static float spline(float[] v, int offset, int stride, double t) {
		int i = (int) t;
		float f = (float) (t - i);
		float p0 = v[offset + (i - 1) * stride], p1 = v[offset + i * stride];
		float p2 = v[offset + (i + 1) * stride], p3 = v[offset + (i + 2) * stride];
		return p1 + 0.5f * f * (p2 - p0 + f * (2 * p0 - 5 * p1 + 4 * p2 - p3 + f * (3 * (p1 - p2) + p3 - p0)));
	}
}
