package org.ssltem.synthetic;

import java.util.SplittableRandom;

/** How the wires of one morphology class are arranged in the field of view. */
interface Layout {

	void lay(WireCanvas canvas, Scene scene, SplittableRandom random);

	/** One line for synthetic.json: what this layout draws, in reference pixels (see {@link Scene}). */
	String description();

	static Layout of(Morphology morphology) {
		return switch (morphology) {
			case SINGULAR -> new SingularLayout();
			case DISPERSED -> new DispersedLayout();
			case NETWORK -> new NetworkLayout();
			case BUNDLE -> new BundleLayout();
		};
	}

	static double uniform(SplittableRandom random, double min, double max) {
		return min + (max - min) * random.nextDouble();
	}

	/** Segment length for a wire of radius r: short enough that the polyline looks smooth at that width. */
	static double step(double radius) {
		return Math.max(1, Math.min(4, radius));
	}
}
