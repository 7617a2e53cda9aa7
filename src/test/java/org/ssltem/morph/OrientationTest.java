package org.ssltem.morph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrientationTest {

	/** A bar through the centre at {@code deg} counter-clockwise on screen (y up), 3 px wide. */
	private static boolean[] bar(int size, double deg) {
		boolean[] m = new boolean[size * size];
		double c = Math.cos(Math.toRadians(deg)), s = Math.sin(Math.toRadians(deg)), mid = (size - 1) / 2.0;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double dx = x - mid, dy = mid - y; // y up
				double along = dx * c + dy * s, across = -dx * s + dy * c;
				m[y * size + x] = Math.abs(across) <= 1.5 && Math.abs(along) <= size * 0.4;
			}
		return m;
	}

	/** 90° counter-clockwise on screen: the pixel at (x, y) moves to (y, w − 1 − x); the new width is the old height. */
	private static boolean[] rotate90(boolean[] m, int w, int h) {
		boolean[] r = new boolean[m.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) r[(w - 1 - x) * h + y] = m[y * w + x];
		return r;
	}

	/** Distance between two axes in degrees, in [0, 90]. */
	private static double axisDistance(double a, double b) {
		double d = Math.abs(a - b) % 180;
		return Math.min(d, 180 - d);
	}

	@Test
	void rotatingAMaskBy90DegreesShiftsItsOrientationBy90() {
		int size = 48;
		for (double deg : new double[] { 0, 30, 75, 100, 150, 170 }) {
			boolean[] m = bar(size, deg);
			Orientation.Result before = Orientation.analyse(m, size, size, 12);
			assertEquals(0, axisDistance(deg, before.dominantDeg()), 3, "bar at " + deg + "°: " + before.dominantDeg());
			Orientation.Result after = Orientation.analyse(rotate90(m, size, size), size, size, 12);
			double expected = (before.dominantDeg() + 90) % 180; // 150° + 90° wraps to 60°
			assertEquals(0, axisDistance(expected, after.dominantDeg()), 1e-6, "bar at " + deg + "°, rotated: " + after.dominantDeg());
			assertTrue(after.dominantDeg() >= 0 && after.dominantDeg() < 180, "in [0, 180): " + after.dominantDeg());
			assertEquals(before.order(), after.order(), 1e-6);
		}
	}

	@Test
	void axialMeanAndMedianWrapAround() {
		// 2° and 178° are both nearly horizontal: their axial mean is 0°, not the 90° of a plain mean
		assertEquals(0, axisDistance(0, Orientation.axialMean(new double[] { 2, 178 })), 1e-9);
		// nearly horizontal wires on either side of the wrap, and one outlier: the median stays horizontal
		double median = Orientation.axialMedian(new double[] { 177, 179, 1, 3, 5, 60 });
		assertEquals(0, axisDistance(2, median), 1e-9, "median " + median);
		assertEquals(90, Orientation.axialMedian(new double[] { 85, 90, 95 }), 1e-9);
		assertTrue(Double.isNaN(Orientation.axialMean(new double[] { 0, 90 })), "perpendicular axes cancel");
	}
}
