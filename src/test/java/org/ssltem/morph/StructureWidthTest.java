package org.ssltem.morph;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distance transform against brute force, and the widths of bars, a line, a disc and a ragged bar. */
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

	/** Local thickness against its definition: the largest disc over all foreground centres that covers the pixel. */
	@Test
	void localThicknessIsThatOfPaintingEveryDisc() {
		SplittableRandom r = new SplittableRandom(5);
		for (int trial = 0; trial < 40; trial++) {
			int w = 5 + r.nextInt(26), h = 5 + r.nextInt(26);
			boolean[] m = new boolean[w * h];
			for (int k = 0; k < 4; k++) { // overlapping discs, then 5 % of the pixels flipped for ragged edges and holes
				int cx = r.nextInt(w), cy = r.nextInt(h), radius = 1 + r.nextInt(8);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) m[y * w + x] = true;
			}
			for (int i = 0; i < m.length; i++) if (r.nextDouble() < 0.05) m[i] = !m[i];
			float[] d = StructureWidth.distanceToBackground(m, w, h);
			float[] t = StructureWidth.localThickness(m, w, h);
			for (int p = 0; p < m.length; p++) {
				double best = 0;
				if (m[p])
					for (int c = 0; c < m.length; c++) {
						long dx = p % w - c % w, dy = p / w - c / w;
						if (m[c] && dx * dx + dy * dy < Math.round((double) d[c] * d[c])) best = Math.max(best, 2 * d[c] - 1);
					}
				assertEquals(best, t[p], 1e-5, "trial " + trial + " pixel " + p);
			}
		}
	}

	@Test
	void largeMasksAreMeasuredReducedInTheirOwnPixels() {
		int side = 1024;
		assertEquals(StructureWidth.median(bar(side, 41, false), side, side), StructureWidth.median(bar(side, 41, false), side, side, side), 0,
			"no reduction when the mask fits");
		double reduced = StructureWidth.median(bar(side, 41, false), side, side, 512);
		assertTrue(Math.abs(reduced - 41) <= 2, "41 px bar measured at 512: " + reduced);
		assertEquals(2, StructureWidth.median(bar(side, 1, true), side, side, 512), 0, "a 1 px line is one reduced pixel, 2 of the mask's");
	}

	/** A 20 px bar whose edges move by up to ±2 px from column to column: teeth one pixel wide, as a thresholded mask has. */
	@Test
	void raggedEdgesHardlyMoveTheWidth() {
		int side = 256, width = 20;
		SplittableRandom r = new SplittableRandom(1);
		boolean[] m = new boolean[side * side];
		for (int x = 10; x < side - 10; x++) {
			int top = 118 + r.nextInt(5) - 2, bottom = 118 + width + r.nextInt(5) - 2;
			for (int y = top; y < bottom; y++) m[y * side + x] = true;
		}
		double w = StructureWidth.median(m, side, side);
		// the core every column shares is 16 px wide; the skeleton's median thickness measured 7.9 here
		assertTrue(w >= 15 && w <= 21, "ragged 20 px bar: " + w);
		float[] t = StructureWidth.localThickness(m, side, side);
		for (int i = 0; i < m.length; i++) assertEquals(m[i], t[i] > 0, "thickness only on the foreground, at " + i);
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
