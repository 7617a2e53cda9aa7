package org.ssltem.infer;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskCleanupTest {

	private static boolean[] draw(String... rows) {
		int w = rows[0].length();
		boolean[] m = new boolean[w * rows.length];
		for (int y = 0; y < rows.length; y++)
			for (int x = 0; x < w; x++) m[y * w + x] = rows[y].charAt(x) == '#';
		return m;
	}

	private static String picture(boolean[] m, int w) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < m.length; i++) b.append(m[i] ? '#' : '.').append(i % w == w - 1 ? "\n" : "");
		return b.toString();
	}

	@Test
	void removesSpecksKeepsLargePiecesAndFillsSmallInnerHoles() {
		boolean[] m = draw(
			"#.........",
			"..######..",
			"..#.####..",
			"..######..",
			"..........",
			"........##",
			".........#");
		// the 3-pixel piece is more than a tenth of the 17-pixel block, so it stays; the 1-pixel speck goes
		MaskCleanup.Changes c = MaskCleanup.apply(m, 10, 7, 4, 2);
		assertEquals(picture(draw(
			"..........",
			"..######..",
			"..######..",
			"..######..",
			"..........",
			"........##",
			".........#"), 10), picture(m, 10));
		assertEquals(1, c.removedComponents(), "the corner speck");
		assertEquals(1, c.removedPixels());
		assertEquals(1, c.filledHoles());
		assertEquals(1, c.filledPixels());
	}

	@Test
	void diagonalNeighboursAreOnePieceAndBorderGapsAndLargeHolesStay() {
		// a diagonal line is one 8-connected piece of 5 pixels: kept with minComponent 5
		boolean[] diagonal = draw("#....", ".#...", "..#..", "...#.", "....#");
		MaskCleanup.apply(diagonal, 5, 5, 5, 0);
		assertTrue(diagonal[0] && diagonal[24], picture(diagonal, 5));
		// a ring around a 4-pixel hole, and a bay open to the border: the hole is too large, the bay is not a hole
		boolean[] ring = draw(
			"######.",
			"#....#.",
			"#....#.",
			"######.",
			"###.###",
			"###.###");
		boolean[] before = ring.clone();
		MaskCleanup.apply(ring, 7, 6, 0, 3);
		assertEquals(picture(before, 7), picture(ring, 7));
		MaskCleanup.apply(ring, 7, 6, 0, 8);
		assertTrue(ring[1 * 7 + 1] && ring[2 * 7 + 4], "the 8-pixel hole is filled now:\n" + picture(ring, 7));
		assertFalse(ring[5 * 7 + 3], "the bay touches the border:\n" + picture(ring, 7));
	}

	@Test
	void piecesComparableToTheLargestAreKeptWhateverTheirSize() {
		// a 20-pixel piece, short wires of 5 and 4 px and a 1-pixel speck: with minComponent 10 only the speck goes,
		// since the short wires are at least a tenth of the largest piece
		boolean[] m = draw(
			"##########",
			"##########",
			"..........",
			"#####....#",
			"..........",
			"####......");
		MaskCleanup.Changes c = MaskCleanup.apply(m, 10, 6, 10, 0);
		assertEquals(1, c.removedComponents());
		assertFalse(m[3 * 10 + 9]);
		assertTrue(m[5 * 10 + 3] && m[3 * 10 + 4]);
	}

	@Test
	void zeroSwitchesBothStepsOffAndNegativeSizesAreRefused() {
		boolean[] m = draw("#...", ".##.", ".#.#", "....");
		boolean[] before = m.clone();
		assertEquals(new MaskCleanup.Changes(0, 0, 0, 0), MaskCleanup.apply(m, 4, 4, 0, 0));
		assertEquals(picture(before, 4), picture(m, 4));
		assertThrows(UserInputException.class, () -> MaskCleanup.check(-1, 0));
	}
}
