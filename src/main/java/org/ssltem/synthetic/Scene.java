package org.ssltem.synthetic;

/**
 * The field of view of one synthetic micrograph: its size in pixels and its magnification. Lengths in the layouts
 * are given for a 256 px image at magnification 1 and multiplied by {@link #scale}, so a sample looks the same at
 * every size and wires get wider and longer as the magnification grows.
 */
record Scene(int size, double magnification) {

	/** Pixels per "reference pixel" (256 px image, magnification 1). */
	double scale() {
		return size / 256.0 * magnification;
	}

	/** A length given in reference pixels, in pixels of this image. */
	double px(double referencePixels) {
		return referencePixels * scale();
	}
}
