package org.ssltem.augment;

/**
 * The segmentation augmentation: a left-right flip and a rotation by a multiple of 90°, applied to an image and its
 * mask together, so every label stays on its pixel. Rotations by 90° and 270° need a square image; for other
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

	public static void apply(float[] src, float[] dst, int[] mapping) {
		for (int i = 0; i < mapping.length; i++) dst[i] = src[mapping[i]];
	}

	public static void apply(int[] src, int[] dst, int[] mapping) {
		for (int i = 0; i < mapping.length; i++) dst[i] = src[mapping[i]];
	}
}
