package org.ssltem.data;

/**
 * Pads images on the right and bottom to a larger size: grey images repeat their edge pixels; labels get background
 * (0), or stay unlabelled when the mask is sparse.
 */
public final class Padding {

	private Padding() {}

	public static float[] replicate(float[] px, int w, int h, int newW, int newH) {
		check(w, h, newW, newH);
		float[] out = new float[newW * newH];
		for (int y = 0; y < newH; y++)
			for (int x = 0; x < newW; x++) out[y * newW + x] = px[Math.min(y, h - 1) * w + Math.min(x, w - 1)];
		return out;
	}

	/**
	 * Pads class labels: a dense mask's padding is background, a sparse one's ({@link MaskRule#UNLABELLED} anywhere)
	 * stays unlabelled. Strokes say nothing of pixels that are not in the image; labelled background there would
	 * outweigh a few strokes (a 1000 px frame padded to 1024 gets 48,576 such pixels) and contradict a structure whose
	 * edge pixels the image padding repeats.
	 */
	public static int[] classes(int[] labels, int w, int h, int newW, int newH) {
		boolean sparse = false;
		for (int v : labels) if (v == MaskRule.UNLABELLED) { sparse = true; break; }
		return labels(labels, w, h, newW, newH, sparse ? MaskRule.UNLABELLED : 0);
	}

	private static int[] labels(int[] labels, int w, int h, int newW, int newH, int fill) {
		check(w, h, newW, newH);
		int[] out = new int[newW * newH];
		if (fill != 0) java.util.Arrays.fill(out, fill);
		for (int y = 0; y < h; y++) System.arraycopy(labels, y * w, out, y * newW, w);
		return out;
	}

	/** The top-left w × h corner of a padded image. */
	public static float[] crop(float[] px, int paddedW, int w, int h, int channels) {
		float[] out = new float[w * h * channels];
		for (int y = 0; y < h; y++) System.arraycopy(px, y * paddedW * channels, out, y * w * channels, w * channels);
		return out;
	}

	private static void check(int w, int h, int newW, int newH) {
		if (newW < w || newH < h) throw new IllegalArgumentException("cannot pad " + w + "x" + h + " to the smaller " + newW + "x" + newH);
	}
}
