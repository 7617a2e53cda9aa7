package org.ssltem.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A mesh of long wires. Its backbone is two to four wires crossing the field left to right and two to four top to
 * bottom; every left-right crossing meets every top-bottom one, and all of them run past the edges, so the mask has
 * one cluster that spans the whole image: it percolates by construction. Further long wires, half of them branching
 * off wires already drawn (the Y junctions of real networks), fill in the mesh.
 */
final class NetworkLayout implements Layout {

	@Override
	public String description() {
		return "2-4 left-right and 2-4 top-bottom crossing wires plus 4-12 / magnification long wires (length 0.4-1.2 "
			+ "of the image), half branching off others, radius 0.9-2; always percolates";
	}

	@Override
	public void lay(WireCanvas canvas, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double baseRadius = Layout.uniform(random, 0.9, 2.0);
		List<Centreline> drawn = new ArrayList<>();
		int across = 2 + random.nextInt(3), down = 2 + random.nextInt(3);
		for (int i = 0; i < across + down; i++) {
			double radius = radius(scene, baseRadius, random);
			// run well past the edge so the wire covers the outermost pixel rows and columns
			Centreline line = WirePaths.crossing(random, size, i < across, radius + 4, Layout.step(radius));
			canvas.draw(Wire.dress(line, radius, Layout.uniform(random, 0.6, 1.0), scene, random), 0);
			drawn.add(line);
		}
		int extra = (int) Math.round(Layout.uniform(random, 4, 12) / scene.magnification());
		for (int i = 0; i < extra; i++) {
			double radius = radius(scene, baseRadius, random);
			double length = Layout.uniform(random, 0.4, 1.2) * size, bend = Layout.uniform(random, 0.3, 1.2) * size;
			double bendLength = Layout.uniform(random, 0.1, 0.3) * size;
			Centreline line;
			if (random.nextBoolean()) {
				Centreline stem = drawn.get(random.nextInt(drawn.size()));
				int at = junction(stem, size, random);
				double side = random.nextBoolean() ? 1 : -1;
				double heading = stem.heading(at) + side * Layout.uniform(random, Math.toRadians(25), Math.toRadians(75));
				line = WirePaths.walk(random, stem.x()[at], stem.y()[at], heading, length, Layout.step(radius), bend, bendLength);
			}
			else {
				line = WirePaths.walkAround(random, Layout.uniform(random, 0, 1) * size, Layout.uniform(random, 0, 1) * size,
					Layout.uniform(random, 0, 2 * Math.PI), length, Layout.step(radius), bend, bendLength);
			}
			canvas.draw(Wire.dress(line, radius, Layout.uniform(random, 0.6, 1.0), scene, random), 0);
			drawn.add(line);
		}
	}

	/** A point of the stem well inside the field: branches that start at the border make odd V shapes there. */
	private static int junction(Centreline stem, int size, SplittableRandom random) {
		int at = random.nextInt(stem.points());
		for (int tries = 0; tries < 20 && !inside(stem.x()[at], stem.y()[at], 0.08 * size, size); tries++)
			at = random.nextInt(stem.points());
		return at;
	}

	private static boolean inside(double x, double y, double margin, int size) {
		return x >= margin && x <= size - 1 - margin && y >= margin && y <= size - 1 - margin;
	}

	private static double radius(Scene scene, double base, SplittableRandom random) {
		return scene.px(base * Layout.uniform(random, 0.75, 1.3));
	}
}
