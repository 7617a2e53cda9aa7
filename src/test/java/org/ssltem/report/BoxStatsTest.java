package org.ssltem.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BoxStatsTest {

	@Test
	void quartilesAreNumpysLinearPercentiles() {
		// numpy.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
		BoxStats b = BoxStats.of(new double[] { 4, 1, 3, 2 });
		assertEquals(1.75, b.q1(), 1e-12);
		assertEquals(2.5, b.median(), 1e-12);
		assertEquals(3.25, b.q3(), 1e-12);
		assertEquals(2.5 - 1.57 * 1.5 / 2, b.notchLow(), 1e-12);
		assertEquals(2.5 + 1.57 * 1.5 / 2, b.notchHigh(), 1e-12);
		assertEquals(4, b.n());
	}

	@Test
	void whiskersStopAtTheLastPointWithinOneAndAHalfIqr() {
		BoxStats b = BoxStats.of(new double[] { 1, 2, 3, 4, 100 });
		assertEquals(2, b.q1(), 1e-12);
		assertEquals(4, b.q3(), 1e-12);
		assertEquals(1, b.whiskerLow(), 1e-12);
		assertEquals(4, b.whiskerHigh(), 1e-12);
		assertArrayEquals(new double[] { 100 }, b.outliers(), 0);
	}

	@Test
	void oneValueIsItsOwnBox() {
		BoxStats b = BoxStats.of(new double[] { 0.7 });
		assertEquals(0.7, b.median(), 0);
		assertEquals(0.7, b.notchLow(), 0);
		assertEquals(0.7, b.notchHigh(), 0);
	}
}
