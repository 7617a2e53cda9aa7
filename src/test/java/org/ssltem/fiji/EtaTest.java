package org.ssltem.fiji;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status bar's ETA: a stage announced at 0 (while a network is built) starts its clock at the first step, not before. */
class EtaTest {

	@Test
	void theClockStartsAtTheFirstStepNotAtTheAnnouncement() {
		EngineTask.Eta eta = new EngineTask.Eta();
		long s = 1_000_000_000L;
		assertEquals("?", eta.update("train-segmenter", 0, 10, 0));
		// a minute of building the network, then one step a second
		assertEquals("?", eta.update("train-segmenter", 1, 10, 60 * s));
		assertEquals("?", eta.update("train-segmenter", 2, 10, 61 * s), "one step since the clock started is too few to tell");
		assertEquals("7s", eta.update("train-segmenter", 3, 10, 62 * s), "one second a step for 7 more steps: the minute of building is not taken for the rate");
		assertEquals("0s", eta.update("train-segmenter", 10, 10, 69 * s));
	}
}
