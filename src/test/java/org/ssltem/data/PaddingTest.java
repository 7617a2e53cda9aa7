package org.ssltem.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PaddingTest {

	@Test
	void greyImagesRepeatTheirEdgePixels() {
		float[] padded = Padding.replicate(new float[] {1, 2, 3, 4}, 2, 2, 3, 3);
		assertArrayEquals(new float[] {1, 2, 2, 3, 4, 4, 3, 4, 4}, padded);
	}

	@Test
	void aDenseMaskIsPaddedWithBackground() {
		int[] padded = Padding.classes(new int[] {1, 0, 2, 1}, 2, 2, 3, 3);
		assertArrayEquals(new int[] {1, 0, 0, 2, 1, 0, 0, 0, 0}, padded);
	}

	@Test
	void aSparseMaskStaysSparseInItsPadding() {
		int u = MaskRule.UNLABELLED;
		int[] padded = Padding.classes(new int[] {1, u, u, 0}, 2, 2, 3, 3);
		assertArrayEquals(new int[] {1, u, u, u, 0, u, u, u, u}, padded);
		long labelled = java.util.Arrays.stream(padded).filter(v -> v != u).count();
		assertEquals(2, labelled, "only the strokes are labelled; the padding adds no background label");
	}

	@Test
	void paddingToASmallerSizeIsRefused() {
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Padding.classes(new int[4], 2, 2, 1, 2));
	}
}
