package org.ssltem.api;

/**
 * A segmented image plane, returned in memory: {@code labels} is the class of each pixel (0 background; a binary
 * segmenter gives 0/1), {@code probabilities} holds {@code channels} planes of {@code width × height}, one after the
 * other (one plane, the foreground probability, for a binary segmenter; one per class otherwise).
 */
public record Segmentation(int width, int height, int channels, int[] labels, float[] probabilities, double seconds) {

	/** The probability plane of channel {@code c}. */
	public float[] plane(int c) {
		float[] out = new float[width * height];
		System.arraycopy(probabilities, c * out.length, out, 0, out.length);
		return out;
	}
}
