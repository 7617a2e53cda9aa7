package org.ssltem.synthetic;

import java.util.SplittableRandom;

/** One to three long, isolated wires, far apart from each other and mostly inside the field. */
final class SingularLayout implements Layout {

	@Override
	public String description() {
		return "1-3 wires, radius 2-4.5, length 0.3-0.75 of the image, at least 0.1 of the image apart";
	}

	@Override
	public void lay(WireCanvas canvas, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double u = random.nextDouble();
		int wanted = u < 0.45 ? 1 : u < 0.8 ? 2 : 3;
		double gap = Math.max(3, 0.1 * size);
		int placed = 0;
		for (int attempt = 0; placed < wanted && attempt < 400; attempt++) {
			double radius = scene.px(Layout.uniform(random, 2.0, 4.5));
			Centreline line = WirePaths.walkAround(random, Layout.uniform(random, 0.2, 0.8) * size,
				Layout.uniform(random, 0.2, 0.8) * size, Layout.uniform(random, 0, 2 * Math.PI),
				Layout.uniform(random, 0.3, 0.75) * size, Layout.step(radius),
				Layout.uniform(random, 0.4, 1.5) * size, Layout.uniform(random, 0.1, 0.4) * size);
			if (line.fractionInside(size) < 0.9) continue;
			Wire wire = Wire.dress(line, radius, Layout.uniform(random, 0.75, 1.0), scene, random);
			if (!canvas.fits(wire)) continue;
			canvas.draw(wire, gap);
			placed++;
		}
	}
}
