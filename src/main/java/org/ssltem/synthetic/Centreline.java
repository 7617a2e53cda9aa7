package org.ssltem.synthetic;

import java.util.function.DoubleUnaryOperator;

/** The centre line of a wire: points a fixed arc-length step apart, in pixel coordinates (pixel centres at integers). */
record Centreline(double[] x, double[] y, double step) {

	int points() {
		return x.length;
	}

	double length() {
		return (points() - 1) * step;
	}

	/** Heading (radians) at point i, from its neighbours. */
	double heading(int i) {
		int a = Math.max(0, i - 1), b = Math.min(points() - 1, i + 1);
		return StrictMath.atan2(y[b] - y[a], x[b] - x[a]);
	}

	/** Share of points inside the image [0, size - 1]^2. */
	double fractionInside(int size) {
		int inside = 0;
		for (int i = 0; i < points(); i++)
			if (x[i] >= 0 && x[i] <= size - 1 && y[i] >= 0 && y[i] <= size - 1) inside++;
		return inside / (double) points();
	}

	/**
	 * A line running beside this one between arc lengths {@code from} and {@code to}, {@code offset.applyAsDouble(s)}
	 * pixels along the left-hand normal at arc length s: how the wires of a bundle follow its backbone.
	 */
	Centreline beside(double from, double to, DoubleUnaryOperator offset) {
		int i0 = (int) Math.max(0, Math.round(from / step)), i1 = (int) Math.min(points() - 1, Math.round(to / step));
		int n = Math.max(2, i1 - i0 + 1);
		double[] bx = new double[n], by = new double[n];
		for (int k = 0; k < n; k++) {
			int i = Math.min(points() - 1, i0 + k);
			double h = heading(i), o = offset.applyAsDouble(i * step);
			bx[k] = x[i] - StrictMath.sin(h) * o;
			by[k] = y[i] + StrictMath.cos(h) * o;
		}
		return new Centreline(bx, by, step);
	}
}
