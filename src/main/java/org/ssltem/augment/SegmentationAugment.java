package org.ssltem.augment;

/**
 * The segmentation augmentation: an optional random crop, then a left-right flip and a rotation by a multiple of
 * 90°, applied to an image and its mask together, so every label stays on its pixel. Rotations by 90° and 270° need a square image; for other
 * shapes only 0° and 180° are drawn.
 */
public final class SegmentationAugment {

	private SegmentationAugment() {}

	/** Index into the source for each target pixel of a square or rectangular image after flip then rotation. */
	public static int[] mapping(int width, int height, boolean flip, int quarterTurns) {
		int q = ((quarterTurns % 4) + 4) % 4;
		if ((q == 1 || q == 3) && width != height) throw new IllegalArgumentException("90° rotations need a square image, got " + width + "x" + height);
		int[] map = new int[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				// rotate the target coordinate back, then undo the flip
				int sx, sy;
				switch (q) {
					case 1 -> { sx = y; sy = width - 1 - x; }       // target = source rotated 90° counter-clockwise
					case 2 -> { sx = width - 1 - x; sy = height - 1 - y; }
					case 3 -> { sx = height - 1 - y; sy = x; }
					default -> { sx = x; sy = y; }
				}
				if (flip) sx = width - 1 - sx;
				map[y * width + x] = sy * width + sx;
			}
		return map;
	}

	/** Copies the {@code cw × ch} window at ({@code x0}, {@code y0}) of a row-major image {@code width} wide into {@code dst}. */
	public static void crop(float[] src, int width, int x0, int y0, int cw, int ch, float[] dst) {
		for (int y = 0; y < ch; y++) System.arraycopy(src, (y0 + y) * width + x0, dst, y * cw, cw);
	}

	public static void crop(int[] src, int width, int x0, int y0, int cw, int ch, int[] dst) {
		for (int y = 0; y < ch; y++) System.arraycopy(src, (y0 + y) * width + x0, dst, y * cw, cw);
	}

	/**
	 * Starts of windows of {@code window} px that cover {@code side} px: a regular grid, the last window moved back
	 * to end at the edge (so windows never leave the image and may overlap there).
	 */
	public static int[] gridStarts(int side, int window) {
		if (window > side) throw new IllegalArgumentException("window " + window + " is larger than the side " + side);
		int n = (side + window - 1) / window;
		int[] starts = new int[n];
		for (int i = 0; i < n; i++) starts[i] = Math.min(i * window, side - window);
		return starts;
	}

	public static void apply(float[] src, float[] dst, int[] mapping) {
		for (int i = 0; i < mapping.length; i++) dst[i] = src[mapping[i]];
	}

	public static void apply(int[] src, int[] dst, int[] mapping) {
		for (int i = 0; i < mapping.length; i++) dst[i] = src[mapping[i]];
	}
}
