package org.ssltem.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One to three thick bundles: five to fourteen wires packed side by side along a gently curved backbone, with
 * staggered (frayed) ends and tiny tilts, plus a few stray wires. Bundles of one image share a common direction
 * within a few degrees, as aggregates that align while the film dries, and do not overlap each other.
 */
final class BundleLayout implements Layout {

	@Override
	public String description() {
		return "1-3 non-overlapping bundles of 5-14 side-by-side wires (radius 1.2-2.5, spacing 0.7-1.0 diameters, "
			+ "length 0.5-1.1 of the image) along a shared direction (sd 8 degrees), plus 0-2 stray wires";
	}

	@Override
	public void lay(WireCanvas canvas, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double direction = Layout.uniform(random, 0, Math.PI);
		double u = random.nextDouble();
		int wanted = u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
		double gap = Math.max(3, scene.px(8));
		int placed = 0;
		for (int attempt = 0; placed < wanted && attempt < 30; attempt++) {
			List<Wire> bundle = bundle(scene, direction + Math.toRadians(8) * random.nextGaussian(), random);
			// the wires of one bundle touch each other, so check them all against earlier bundles before drawing any
			if (!bundle.stream().allMatch(canvas::fits)) continue;
			for (Wire w : bundle) canvas.draw(w, gap);
			placed++;
		}
		int strays = random.nextInt(3);
		for (int i = 0; i < strays; i++) {
			double radius = scene.px(Layout.uniform(random, 1.0, 2.0));
			Centreline line = WirePaths.walkAround(random, Layout.uniform(random, 0.1, 0.9) * size,
				Layout.uniform(random, 0.1, 0.9) * size, direction + Math.toRadians(12) * random.nextGaussian(),
				Layout.uniform(random, 0.15, 0.4) * size, Layout.step(radius), size, 0.3 * size);
			canvas.draw(Wire.dress(line, radius, Layout.uniform(random, 0.5, 0.9), scene, random), 0);
		}
	}

	private static List<Wire> bundle(Scene scene, double heading, SplittableRandom random) {
		int size = scene.size();
		double radius = scene.px(Layout.uniform(random, 1.2, 2.5));
		double length = Layout.uniform(random, 0.5, 1.1) * size;
		Centreline backbone = WirePaths.walkAround(random, Layout.uniform(random, 0.2, 0.8) * size,
			Layout.uniform(random, 0.2, 0.8) * size, heading, length, Layout.step(radius),
			Layout.uniform(random, 1.0, 3.0) * size, Layout.uniform(random, 0.2, 0.5) * size);
		int count = 5 + random.nextInt(10);
		double spacing = 2 * radius * Layout.uniform(random, 0.7, 1.0);
		List<Wire> wires = new ArrayList<>();
		for (int j = 0; j < count; j++) {
			double offset = (j - (count - 1) / 2.0) * spacing + 0.2 * radius * random.nextGaussian();
			double tilt = Math.toRadians(0.5) * random.nextGaussian(), middle = length / 2;
			Wire.Wobble drift = new Wire.Wobble(random, scene.px(40), scene.px(150));
			double from = Layout.uniform(random, 0, 0.25) * length, to = length - Layout.uniform(random, 0, 0.25) * length;
			Centreline line = backbone.beside(from, to, s -> offset + tilt * (s - middle) + 0.3 * radius * drift.at(s));
			wires.add(Wire.dress(line, radius * Layout.uniform(random, 0.85, 1.15), Layout.uniform(random, 0.6, 1.0), scene, random));
		}
		return wires;
	}
}
