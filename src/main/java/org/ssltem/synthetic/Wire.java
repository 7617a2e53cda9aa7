package org.ssltem.synthetic;

import java.util.SplittableRandom;

/**
 * One nanowire as drawn: its centre line with a radius and a shade (contrast) at every point. Radius and shade
 * drift smoothly along the wire, as real wires vary in width and in how much stain they exclude.
 */
record Wire(double[] x, double[] y, double[] radius, double[] shade) {

	/** Thinner wires would break up on the pixel grid (a line needs a radius above half the pixel diagonal). */
	static final double MIN_RADIUS = 0.8;

	int points() {
		return x.length;
	}

	static Wire dress(Centreline c, double radius, double contrast, Scene scene, SplittableRandom random) {
		int n = c.points();
		double[] r = new double[n], s = new double[n];
		Wobble width = new Wobble(random, scene.px(25), scene.px(120));
		Wobble tone = new Wobble(random, scene.px(15), scene.px(90));
		for (int i = 0; i < n; i++) {
			double arc = i * c.step();
			r[i] = Math.max(MIN_RADIUS, radius * (1 + 0.12 * width.at(arc)));
			s[i] = contrast * (1 + 0.25 * tone.at(arc));
		}
		return new Wire(c.x(), c.y(), r, s);
	}

	/** A smooth random function of arc length in [-1, 1]: three sine waves with random wavelengths and phases. */
	static final class Wobble {
		private final double[] wavenumber = new double[3], phase = new double[3];

		Wobble(SplittableRandom random, double minWavelength, double maxWavelength) {
			for (int k = 0; k < 3; k++) {
				double lambda = minWavelength + (maxWavelength - minWavelength) * random.nextDouble();
				wavenumber[k] = 2 * Math.PI / Math.max(1, lambda);
				phase[k] = 2 * Math.PI * random.nextDouble();
			}
		}

		double at(double arc) {
			double v = 0;
			for (int k = 0; k < 3; k++) v += StrictMath.sin(wavenumber[k] * arc + phase[k]);
			return v / 3;
		}
	}
}
