package org.ssltem.morph;

/**
 * Zhang–Suen thinning (Zhang &amp; Suen, CACM 27(3), 1984) of a binary mask to a one-pixel-wide, 8-connected
 * skeleton, and the skeleton's length.
 *
 * <p>Pixels outside the image count as background. Each iteration has two sub-passes; a foreground pixel P1 with
 * neighbours P2…P9 (clockwise from north) is removed when 2 ≤ B ≤ 6 (B = foreground neighbours), A = 1
 * (A = 0→1 transitions in P2,P3,…,P9,P2), and P2·P4·P6 = 0, P4·P6·P8 = 0 in the first sub-pass or
 * P2·P4·P8 = 0, P2·P6·P8 = 0 in the second. Deletions of a sub-pass are applied together.
 */
public final class Skeleton {

	private Skeleton() {}

	/**
	 * A new mask holding the skeleton; the input is left unchanged.
	 *
	 * <p>Only border pixels (foreground with a background 8-neighbour) can ever be deleted (an interior pixel has
	 * B = 8), so each sub-pass examines just the current border, kept up to date from the deleted pixels'
	 * neighbours. The result is that of the plain full-image scan (checked against it in the tests), in time
	 * proportional to the border instead of the image per iteration.
	 */
	public static boolean[] thin(boolean[] mask, int width, int height) {
		if ((long) width * height != mask.length) throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + width + "x" + height);
		boolean[] img = mask.clone();
		boolean[] queued = new boolean[mask.length];
		int[] border = new int[mask.length];
		int n = 0;
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++)
				if (img[i] && onBorder(img, width, height, x, y)) {
					border[n++] = i;
					queued[i] = true;
				}
		int[] remove = new int[mask.length];
		int[] next = new int[mask.length];
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int pass = 0; pass < 2; pass++) {
				// scan in raster order, as the full-image version does (the decisions of a sub-pass do not depend on order)
				java.util.Arrays.sort(border, 0, n);
				int r = 0;
				for (int k = 0; k < n; k++) {
					int i = border[k];
					if (deletable(img, width, height, i % width, i / width, pass)) remove[r++] = i;
				}
				if (r == 0) continue;
				changed = true;
				for (int k = 0; k < r; k++) {
					img[remove[k]] = false;
					queued[remove[k]] = false;
				}
				// the new border: the old border still standing, plus foreground neighbours of deleted pixels
				int m = 0;
				for (int k = 0; k < n; k++)
					if (img[border[k]]) next[m++] = border[k];
				for (int k = 0; k < r; k++) {
					int i = remove[k], x = i % width, y = i / width;
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							int xx = x + dx, yy = y + dy;
							if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
							int j = yy * width + xx;
							if (img[j] && !queued[j]) {
								queued[j] = true;
								next[m++] = j;
							}
						}
				}
				int[] t = border;
				border = next;
				next = t;
				n = m;
			}
		}
		return img;
	}

	private static boolean onBorder(boolean[] img, int w, int h, int x, int y) {
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				if ((dx != 0 || dy != 0) && !at(img, w, h, x + dx, y + dy)) return true;
		return false;
	}

	private static boolean deletable(boolean[] img, int w, int h, int x, int y, int pass) {
		// P2..P9: N, NE, E, SE, S, SW, W, NW
		boolean p2 = at(img, w, h, x, y - 1), p3 = at(img, w, h, x + 1, y - 1), p4 = at(img, w, h, x + 1, y), p5 = at(img, w, h, x + 1, y + 1);
		boolean p6 = at(img, w, h, x, y + 1), p7 = at(img, w, h, x - 1, y + 1), p8 = at(img, w, h, x - 1, y), p9 = at(img, w, h, x - 1, y - 1);
		int b = n(p2) + n(p3) + n(p4) + n(p5) + n(p6) + n(p7) + n(p8) + n(p9);
		if (b < 2 || b > 6) return false;
		int a = t(p2, p3) + t(p3, p4) + t(p4, p5) + t(p5, p6) + t(p6, p7) + t(p7, p8) + t(p8, p9) + t(p9, p2);
		if (a != 1) return false;
		return pass == 0 ? !(p2 && p4 && p6) && !(p4 && p6 && p8) : !(p2 && p4 && p8) && !(p2 && p6 && p8);
	}

	private static boolean at(boolean[] img, int w, int h, int x, int y) {
		return x >= 0 && y >= 0 && x < w && y < h && img[y * w + x];
	}

	private static int n(boolean b) {
		return b ? 1 : 0;
	}

	private static int t(boolean from, boolean to) {
		return !from && to ? 1 : 0;
	}

	/**
	 * Length of a skeleton in pixels, as the sum of the links between neighbouring skeleton pixels: 1 for a
	 * horizontal or vertical link, √2 for a diagonal one. A diagonal link is not counted when the two pixels are
	 * also joined through a shared horizontal/vertical neighbour (a staircase corner), so a corner is not counted
	 * twice. A straight run of n pixels has length n − 1 (horizontal) or (n − 1)√2 (diagonal).
	 */
	public static double length(boolean[] skeleton, int width, int height) {
		double length = 0;
		for (int y = 0, i = 0; y < height; y++) {
			for (int x = 0; x < width; x++, i++) {
				if (!skeleton[i]) continue;
				boolean e = at(skeleton, width, height, x + 1, y), s = at(skeleton, width, height, x, y + 1);
				boolean w = at(skeleton, width, height, x - 1, y);
				if (e) length += 1;
				if (s) length += 1;
				// south-east: skip when (x+1,y) or (x,y+1) joins the two already
				if (at(skeleton, width, height, x + 1, y + 1) && !e && !s) length += Math.sqrt(2);
				// south-west: skip when (x-1,y) or (x,y+1) joins them
				if (at(skeleton, width, height, x - 1, y + 1) && !w && !s) length += Math.sqrt(2);
			}
		}
		return length;
	}

	/** Number of skeleton pixels. */
	public static int pixels(boolean[] skeleton) {
		int n = 0;
		for (boolean b : skeleton) if (b) n++;
		return n;
	}
}
