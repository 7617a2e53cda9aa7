package org.ssltem.data;

import java.util.Arrays;

/**
 * A single-channel image with float pixels, row-major, normally in [0,1]. This is the engine's one image type:
 * readers convert everything to it, augmentations map it to itself, and the network sees it as three identical
 * channels (as the paper does).
 */
public final class GreyImage {

	public final int width;
	public final int height;
	public final float[] pixels;

	public GreyImage(int width, int height) {
		this(width, height, new float[checkedArea(width, height)]);
	}

	public GreyImage(int width, int height, float[] pixels) {
		if (pixels.length != checkedArea(width, height))
			throw new IllegalArgumentException("pixel array has " + pixels.length + " values, expected " + width + "x" + height);
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	private static int checkedArea(int width, int height) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
		return Math.multiplyExact(width, height);
	}

	public float get(int x, int y) {
		return pixels[y * width + x];
	}

	public void set(int x, int y, float value) {
		pixels[y * width + x] = value;
	}

	public GreyImage copy() {
		return new GreyImage(width, height, pixels.clone());
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof GreyImage g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * width + height) + Arrays.hashCode(pixels);
	}

	@Override
	public String toString() {
		return "GreyImage " + width + "x" + height;
	}
}
