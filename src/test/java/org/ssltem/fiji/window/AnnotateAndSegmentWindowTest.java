package org.ssltem.fiji.window;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's pure helpers, without a display. */
class AnnotateAndSegmentWindowTest {

	static final List<String> CLASSES = List.of("background", "nanowire", "class 2");

	@Test
	void roiNamesPickTheirClassAndUnknownNamesAreRefused() {
		assertEquals(1, AnnotateAndSegmentWindow.classOf("nanowire 3", CLASSES, 0));
		assertEquals(0, AnnotateAndSegmentWindow.classOf("Background", CLASSES, 1));
		assertEquals(2, AnnotateAndSegmentWindow.classOf("class 2", CLASSES, 1));
		assertEquals(2, AnnotateAndSegmentWindow.classOf("0012-0034", CLASSES, 2), "the ROI Manager's own names take the chosen class");
		assertEquals(1, AnnotateAndSegmentWindow.classOf(null, CLASSES, 1));
		assertEquals(-1, AnnotateAndSegmentWindow.classOf("droplet", CLASSES, 1), "an unknown name is not silently given the chosen class");
		assertEquals(-1, AnnotateAndSegmentWindow.classOf("nanowires", CLASSES, 1));
	}

	@Test
	void longMessagesAreWrappedForTheErrorDialog() {
		String text = "word ".repeat(100).trim();
		String wrapped = AnnotateAndSegmentWindow.wrap(text);
		for (String line : wrapped.split("\n")) assertTrue(line.length() <= 95, line.length() + ": " + line);
		assertEquals(text, wrapped.replace('\n', ' '));
	}
}
