package org.ssltem.synthetic;

import java.util.SplittableRandom;

/**
 * Curvilinear centre lines. Wires are semi-flexible: their heading changes slowly, so a path is a walk whose
 * curvature is itself a smooth random process (Ornstein-Uhlenbeck), with a typical radius of curvature and a
 * length over which the curvature stays correlated.
 */
final class WirePaths {

	private WirePaths() {}

	/**
	 * A walk of the given length starting at (x0, y0) with the given heading.
	 *
	 * @param bendRadius  typical radius of curvature, pixels (large = straight)
	 * @param bendLength  arc length over which the curvature keeps its sign, pixels
	 */
	static Centreline walk(SplittableRandom random, double x0, double y0, double heading, double length, double step,
		double bendRadius, double bendLength) {
		int n = Math.max(2, (int) Math.ceil(length / step) + 1);
		double[] x = new double[n], y = new double[n];
		double a = StrictMath.exp(-step / bendLength), sigma = StrictMath.sqrt(1 - a * a) / bendRadius;
		double kappa = random.nextGaussian() / bendRadius, theta = heading;
		x[0] = x0;
		y[0] = y0;
		for (int i = 1; i < n; i++) {
			x[i] = x[i - 1] + step * StrictMath.cos(theta);
			y[i] = y[i - 1] + step * StrictMath.sin(theta);
			kappa = a * kappa + sigma * random.nextGaussian();
			theta += kappa * step;
		}
		return new Centreline(x, y, step);
	}

	/** As {@link #walk} but shifted so that the middle of the path sits at (cx, cy). */
	static Centreline walkAround(SplittableRandom random, double cx, double cy, double heading, double length, double step,
		double bendRadius, double bendLength) {
		Centreline c = walk(random, 0, 0, heading, length, step, bendRadius, bendLength);
		int mid = c.points() / 2;
		double dx = cx - c.x()[mid], dy = cy - c.y()[mid];
		for (int i = 0; i < c.points(); i++) {
			c.x()[i] += dx;
			c.y()[i] += dy;
		}
		return c;
	}

	/**
	 * A gently wavy line from beyond one edge of the image to beyond the opposite edge (left to right when
	 * {@code horizontal}, else top to bottom), never leaving the image through the other two edges: a network's
	 * backbone. Any left-right crossing meets any top-bottom crossing, which is what makes a network percolate.
	 */
	static Centreline crossing(SplittableRandom random, int size, boolean horizontal, double margin, double step) {
		double start = 0.1 + 0.8 * random.nextDouble(), end = 0.1 + 0.8 * random.nextDouble();
		double[] amplitude = new double[3], phase = new double[3];
		for (int k = 0; k < 3; k++) {
			amplitude[k] = 0.06 * random.nextDouble() / (k + 1);
			phase[k] = 2 * Math.PI * random.nextDouble();
		}
		int n = (int) Math.ceil((size - 1 + 2 * margin) / step) + 1;
		double[] along = new double[n], across = new double[n];
		double farthest = 0;
		for (int i = 0; i < n; i++) {
			double u = -margin + i * step, t = u / (size - 1);
			double v = start + (end - start) * t;
			for (int k = 0; k < 3; k++) v += amplitude[k] * StrictMath.sin(Math.PI * (k + 1) * t + phase[k]);
			along[i] = u;
			across[i] = v;
			farthest = Math.max(farthest, Math.abs(v - 0.5));
		}
		// squeeze towards the middle rather than clip, so the line stays smooth and off the side edges
		double squeeze = Math.min(1, 0.45 / farthest);
		for (int i = 0; i < n; i++) across[i] = (0.5 + (across[i] - 0.5) * squeeze) * (size - 1);
		// points are a step apart along the axis, so step is only roughly the arc length here, which is all dress() needs
		return horizontal ? new Centreline(along, across, step) : new Centreline(across, along, step);
	}
}
