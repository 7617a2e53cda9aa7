package org.ssltem.morph;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkeletonTest {

	@Test
	void aOnePixelLineIsItsOwnSkeleton() {
		MaskDrawing d = MaskDrawing.of(
			"..........",
			".######...",
			"......#...",
			".......##.",
			"..........");
		assertArrayEquals(d.mask, Skeleton.thin(d.mask, d.width, d.height), MaskDrawing.picture(Skeleton.thin(d.mask, d.width, d.height), d.width));
	}

	@Test
	void aThickBarThinsToOnePixelInsideIt() {
		MaskDrawing d = MaskDrawing.blank(24, 9).fill(2, 2, 21, 6);
		boolean[] s = Skeleton.thin(d.mask, d.width, d.height);
		String pic = MaskDrawing.picture(s, d.width);
		for (int i = 0; i < s.length; i++) if (s[i]) assertTrue(d.mask[i], "skeleton leaves the bar\n" + pic);
		int columnsWithSkeleton = 0;
		for (int x = 0; x < d.width; x++) {
			int n = 0;
			for (int y = 0; y < d.height; y++) if (s[y * d.width + x]) n++;
			// thin: one pixel per column along the middle part (the ends may fork to the corners)
			if (x >= 6 && x <= 17) assertEquals(1, n, "column " + x + "\n" + pic);
			if (n > 0) columnsWithSkeleton++;
		}
		assertTrue(columnsWithSkeleton >= 14, pic);
		assertEquals(1, components(s, d.width, d.height), pic);
	}

	@Test
	void aRingKeepsItsHoleAndACrossStaysConnected() {
		MaskDrawing ring = MaskDrawing.blank(16, 16).fill(2, 2, 13, 13);
		for (int y = 5; y <= 10; y++) for (int x = 5; x <= 10; x++) ring.mask[y * 16 + x] = false;
		boolean[] s = Skeleton.thin(ring.mask, 16, 16);
		String pic = MaskDrawing.picture(s, 16);
		assertEquals(1, components(s, 16, 16), pic);
		assertTrue(Skeleton.pixels(s) >= 4 * 8, "a closed loop around the hole\n" + pic);
		assertEquals(0, endpoints(s, 16, 16), "a loop has no ends\n" + pic);

		MaskDrawing cross = MaskDrawing.blank(21, 21).fill(9, 1, 11, 19).fill(1, 9, 19, 11);
		boolean[] c = Skeleton.thin(cross.mask, 21, 21);
		assertEquals(1, components(c, 21, 21), MaskDrawing.picture(c, 21));
		assertEquals(4, endpoints(c, 21, 21), "four arms\n" + MaskDrawing.picture(c, 21));
	}

	@Test
	void thinningIsIdempotent() {
		MaskDrawing d = MaskDrawing.blank(20, 20).fill(3, 3, 16, 8).fill(10, 3, 14, 17);
		boolean[] once = Skeleton.thin(d.mask, 20, 20);
		assertArrayEquals(once, Skeleton.thin(once, 20, 20));
	}

	@Test
	void lengthCountsStraightAndDiagonalLinksOnce() {
		MaskDrawing h = MaskDrawing.of("......", ".####.", "......");
		assertEquals(3.0, Skeleton.length(h.mask, h.width, h.height), 1e-12);
		MaskDrawing diag = MaskDrawing.of("#...", ".#..", "..#.", "...#");
		assertEquals(3 * Math.sqrt(2), Skeleton.length(diag.mask, 4, 4), 1e-12);
		// a staircase corner: the diagonal between (0,0) and (1,1) is skipped, the path through (1,0) counts 2
		MaskDrawing corner = MaskDrawing.of("##.", ".#.", "...");
		assertEquals(2.0, Skeleton.length(corner.mask, 3, 3), 1e-12);
		assertEquals(0.0, Skeleton.length(new boolean[9], 3, 3), 0.0);
	}

	/** The border-tracking thinning gives exactly the plain full-scan Zhang–Suen result, on blobs, lines and noise. */
	@Test
	void equalsThePlainFullScanAlgorithm() {
		java.util.SplittableRandom r = new java.util.SplittableRandom(4);
		for (int trial = 0; trial < 30; trial++) {
			int w = 20 + r.nextInt(40), h = 20 + r.nextInt(40);
			MaskDrawing d = MaskDrawing.blank(w, h);
			for (int k = 0; k < 4; k++) {
				int x0 = r.nextInt(w), y0 = r.nextInt(h);
				d.fill(x0, y0, Math.min(w - 1, x0 + r.nextInt(w)), Math.min(h - 1, y0 + r.nextInt(8)));
				d.fill(x0, y0, Math.min(w - 1, x0 + r.nextInt(6)), Math.min(h - 1, y0 + r.nextInt(h)));
			}
			for (int i = 0; i < d.mask.length; i++) if (r.nextDouble() < 0.1 * (trial % 3)) d.mask[i] = !d.mask[i];
			assertArrayEquals(plainZhangSuen(d.mask, w, h), Skeleton.thin(d.mask, w, h), "trial " + trial + "\n" + MaskDrawing.picture(d.mask, w));
		}
	}

	/** Zhang–Suen as published: every pixel examined in every sub-pass, deletions applied together. */
	static boolean[] plainZhangSuen(boolean[] mask, int w, int h) {
		boolean[] img = mask.clone();
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int pass = 0; pass < 2; pass++) {
				java.util.List<Integer> del = new java.util.ArrayList<>();
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						if (!img[y * w + x]) continue;
						boolean[] p = new boolean[10];
						int[][] off = { {}, {}, { 0, -1 }, { 1, -1 }, { 1, 0 }, { 1, 1 }, { 0, 1 }, { -1, 1 }, { -1, 0 }, { -1, -1 } };
						for (int k = 2; k <= 9; k++) {
							int xx = x + off[k][0], yy = y + off[k][1];
							p[k] = xx >= 0 && yy >= 0 && xx < w && yy < h && img[yy * w + xx];
						}
						int b = 0, a = 0;
						for (int k = 2; k <= 9; k++) {
							if (p[k]) b++;
							if (!p[k] && p[k == 9 ? 2 : k + 1]) a++;
						}
						boolean c = pass == 0 ? !(p[2] && p[4] && p[6]) && !(p[4] && p[6] && p[8]) : !(p[2] && p[4] && p[8]) && !(p[2] && p[6] && p[8]);
						if (b >= 2 && b <= 6 && a == 1 && c) del.add(y * w + x);
					}
				for (int i : del) img[i] = false;
				changed |= !del.isEmpty();
			}
		}
		return img;
	}

	/** 8-connected components of foreground. */
	static int components(boolean[] m, int w, int h) {
		boolean[] seen = new boolean[m.length];
		int n = 0;
		for (int i = 0; i < m.length; i++) {
			if (!m[i] || seen[i]) continue;
			n++;
			ArrayDeque<Integer> q = new ArrayDeque<>();
			q.add(i);
			seen[i] = true;
			while (!q.isEmpty()) {
				int p = q.poll(), x = p % w, y = p / w;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int xx = x + dx, yy = y + dy;
						if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
						int k = yy * w + xx;
						if (m[k] && !seen[k]) {
							seen[k] = true;
							q.add(k);
						}
					}
			}
		}
		return n;
	}

	/** Skeleton pixels with exactly one 8-neighbour. */
	static int endpoints(boolean[] m, int w, int h) {
		int n = 0;
		for (int i = 0; i < m.length; i++) {
			if (!m[i]) continue;
			int x = i % w, y = i / w, nb = 0;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++)
					if ((dx != 0 || dy != 0) && x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h && m[(y + dy) * w + x + dx]) nb++;
			if (nb == 1) n++;
		}
		return n;
	}
}
