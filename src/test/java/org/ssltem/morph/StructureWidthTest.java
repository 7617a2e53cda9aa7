package org.ssltem.morph;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distance transform against brute force, and the widths of bars, a line and a disc. */
class StructureWidthTest {

	@Test
	void distanceToBackgroundIsTheExactEuclideanDistanceWithTheOutsideAsBackground() {
		SplittableRandom r = new SplittableRandom(3);
		for (int trial = 0; trial < 20; trial++) {
			int w = 1 + r.nextInt(30), h = 1 + r.nextInt(30);
			double density = r.nextDouble();
			boolean[] mask = new boolean[w * h];
			for (int i = 0; i < mask.length; i++) mask[i] = r.nextDouble() < density;
			float[] d = StructureWidth.distanceToBackground(mask, w, h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double best = Double.POSITIVE_INFINITY;
					// background pixels of the image, and the ring of outside pixels around it
					for (int by = -1; by <= h; by++)
						for (int bx = -1; bx <= w; bx++) {
							boolean inside = bx >= 0 && by >= 0 && bx < w && by < h;
							if (inside && mask[by * w + bx]) continue;
							best = Math.min(best, Math.hypot(bx - x, by - y));
						}
					double expected = mask[y * w + x] ? best : 0;
					assertEquals(expected, d[y * w + x], 1e-5, "trial " + trial + " at " + x + "," + y + " of " + w + "x" + h);
				}
		}
	}

	@Test
	void aBarMeasuresItsWidthWhateverItsOrientation() {
		for (int width : new int[] { 1, 3, 5, 9 }) {
			assertEquals(width, StructureWidth.median(bar(96, width, false), 96, 96), 1e-9, "horizontal bar " + width + " px");
			assertEquals(width, StructureWidth.median(bar(96, width, true), 96, 96), 1e-9, "vertical bar " + width + " px");
		}
		assertEquals(5, StructureWidth.median(bar(96, 6, false), 96, 96), 1e-9, "an even width measures one less");
		// a diagonal line drawn one pixel thick is still one pixel wide at its skeleton
		boolean[] diagonal = new boolean[64 * 64];
		for (int i = 4; i < 60; i++) diagonal[i * 64 + i] = true;
		assertEquals(1, StructureWidth.median(diagonal, 64, 64), 1e-9);
	}

	@Test
	void aDiscMeasuresAboutItsDiameterAndAnEmptyMaskNothing() {
		int side = 64, radius = 12;
		boolean[] disc = new boolean[side * side];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				disc[y * side + x] = Math.hypot(x - 32, y - 32) <= radius;
		double width = StructureWidth.median(disc, side, side);
		assertTrue(width >= 2 * radius - 1 && width <= 2 * radius + 3, "disc of radius " + radius + ": " + width);
		assertTrue(Double.isNaN(StructureWidth.median(new boolean[side * side], side, side)));
	}

	static boolean[] bar(int side, int width, boolean vertical) {
		boolean[] m = new boolean[side * side];
		int from = side / 2 - width / 2;
		for (int a = from; a < from + width; a++)
			for (int b = 8; b < side - 8; b++)
				m[vertical ? b * side + a : a * side + b] = true;
		return m;
	}
}
