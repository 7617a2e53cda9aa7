package org.ssltem.synthetic;

import org.ssltem.morph.PercolationAnalysis;

import java.util.SplittableRandom;

/**
 * Many short-to-medium wires scattered over the field, none touching another. Two guarantees keep the image from
 * percolating: wires are kept more than DBSCAN's eps apart (so each wire is a cluster of its own), and no wire is
 * longer than 0.4 of the image (so no single wire spans it).
 */
final class DispersedLayout implements Layout {

	/** Clear space between wires, pixels: above eps = 2, so separate wires never merge into one DBSCAN cluster. */
	static final double MIN_GAP = PercolationAnalysis.DEFAULT_EPS + 1;
	static final double MAX_LENGTH = 0.4;

	@Override
	public String description() {
		return "up to 14-40 / magnification^2 wires, radius 1.1-2.6, length 12-80 (at most " + MAX_LENGTH + " of the image), "
			+ "edges kept 3 reference px apart and never closer than " + MIN_GAP + " px; never percolates";
	}

	@Override
	public void lay(WireCanvas canvas, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double gap = Math.max(MIN_GAP, scene.px(3));
		// the same wire density per unit area of specimen at every magnification
		int wanted = (int) Math.round(Layout.uniform(random, 14, 40) / (scene.magnification() * scene.magnification()));
		double bendiness = Layout.uniform(random, 0.5, 2);
		int placed = 0;
		for (int attempt = 0; placed < wanted && attempt < 40 * wanted; attempt++) {
			double radius = scene.px(Layout.uniform(random, 1.1, 2.6));
			double length = Math.min(MAX_LENGTH * size, scene.px(Layout.uniform(random, 12, 80)));
			Centreline line = WirePaths.walkAround(random, Layout.uniform(random, -0.03, 1.03) * size,
				Layout.uniform(random, -0.03, 1.03) * size, Layout.uniform(random, 0, 2 * Math.PI), length,
				Layout.step(radius), scene.px(Layout.uniform(random, 30, 160) / bendiness), scene.px(Layout.uniform(random, 10, 40)));
			Wire wire = Wire.dress(line, radius, Layout.uniform(random, 0.6, 1.0), scene, random);
			if (!canvas.fits(wire)) continue;
			canvas.draw(wire, gap);
			placed++;
		}
	}
}
