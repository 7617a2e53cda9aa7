package org.ssltem.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressTest {

	@Test
	void etaFollowsTheRateSinceTheStageStarted() throws Exception {
		ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), false, 0);
		p.progress("pretrain", 1, 10, "");
		assertEquals("?", p.eta(System.nanoTime(), 1, 10), "no rate after one step");
		long later = System.nanoTime() + 4_000_000_000L; // 4 s after the stage began, 5 of 10 done (4 since start)
		String eta = p.eta(later, 5, 10);
		assertTrue(eta.equals("5s") || eta.equals("4s") || eta.equals("6s"), eta);
		assertEquals("0s", p.eta(later, 10, 10));
	}

	@Test
	void plainModePrintsOneLinePerUpdateWithStageAndMessage() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes), false, 0);
		p.progress("features", 3, 6, "3/6 images");
		p.log("done");
		String out = bytes.toString();
		assertTrue(out.contains("features  50% 3/6 images"), out);
		assertTrue(out.endsWith("done" + System.lineSeparator()), out);
	}

	@Test
	void durationsReadLikeAClock() {
		assertEquals("59s", ConsoleProgress.duration(59));
		assertEquals("2m05s", ConsoleProgress.duration(125));
		assertEquals("1h01m", ConsoleProgress.duration(3660));
	}
}
