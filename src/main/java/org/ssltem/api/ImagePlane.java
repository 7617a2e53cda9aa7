package org.ssltem.api;

/**
 * One image plane in memory as ImageJ holds it, to cross into the engine without a file: {@code pixels} is a
 * row-major {@code byte[]} (8-bit), {@code short[]} (16-bit), {@code float[]} (32-bit) or {@code int[]} (RGB) of
 * {@code width × height}. The engine reads it exactly as it reads the same image from a file (8-bit ÷ 255, ...).
 */
public record ImagePlane(int width, int height, Object pixels) {

	public ImagePlane {
		int n = pixels instanceof byte[] b ? b.length : pixels instanceof short[] s ? s.length : pixels instanceof float[] f ? f.length
			: pixels instanceof int[] i ? i.length : -1;
		if (n < 0) throw new IllegalArgumentException("pixels must be byte[], short[], float[] or int[] (RGB), got " + (pixels == null ? "null" : pixels.getClass().getSimpleName()));
		if (width < 1 || height < 1 || n != width * height)
			throw new IllegalArgumentException(n + " pixels for an image of " + width + "x" + height);
	}
}
