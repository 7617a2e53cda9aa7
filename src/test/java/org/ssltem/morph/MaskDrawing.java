package org.ssltem.morph;

/** Hand-made masks for the morphology tests, drawn from a picture ('#' = foreground). */
final class MaskDrawing {

	final int width, height;
	final boolean[] mask;

	private MaskDrawing(int width, int height, boolean[] mask) {
		this.width = width;
		this.height = height;
		this.mask = mask;
	}

	static MaskDrawing of(String... rows) {
		int h = rows.length, w = rows[0].length();
		boolean[] m = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) m[y * w + x] = rows[y].charAt(x) == '#';
		return new MaskDrawing(w, h, m);
	}

	static MaskDrawing blank(int w, int h) {
		return new MaskDrawing(w, h, new boolean[w * h]);
	}

	MaskDrawing fill(int x0, int y0, int x1, int y1) {
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) mask[y * width + x] = true;
		return this;
	}

	static String picture(boolean[] m, int w) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < m.length; i++) {
			b.append(m[i] ? '#' : '.');
			if (i % w == w - 1) b.append('\n');
		}
		return b.toString();
	}
}
