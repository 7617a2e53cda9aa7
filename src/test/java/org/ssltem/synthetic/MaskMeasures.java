package org.ssltem.synthetic;

/** Measurements on masks and images that the synthetic-data tests assert on. */
final class MaskMeasures {

	private MaskMeasures() {}

	/**
	 * Orientation coherence of a mask, from its structure tensor summed over the whole image:
	 * sqrt((Jxx - Jyy)^2 + 4 Jxy^2) / (Jxx + Jyy), 1 when all edges share one direction, near 0 for all directions.
	 * Gradients are central differences of the mask smoothed by a 3x3 box, so pixel steps do not dominate.
	 */
	static double coherence(byte[] mask, int size) {
		float[] smooth = new float[mask.length];
		for (int y = 1; y < size - 1; y++)
			for (int x = 1; x < size - 1; x++) {
				int sum = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) sum += mask[(y + dy) * size + x + dx];
				smooth[y * size + x] = sum / 9f;
			}
		double jxx = 0, jyy = 0, jxy = 0;
		for (int y = 2; y < size - 2; y++)
			for (int x = 2; x < size - 2; x++) {
				double gx = smooth[y * size + x + 1] - smooth[y * size + x - 1];
				double gy = smooth[(y + 1) * size + x] - smooth[(y - 1) * size + x];
				jxx += gx * gx;
				jyy += gy * gy;
				jxy += gx * gy;
			}
		double trace = jxx + jyy;
		return trace == 0 ? 0 : Math.sqrt((jxx - jyy) * (jxx - jyy) + 4 * jxy * jxy) / trace;
	}

	/** {mean inside the mask, mean outside, standard deviation outside}. */
	static double[] insideOutside(float[] image, byte[] mask) {
		double sumIn = 0, sumOut = 0, sqOut = 0;
		int in = 0, out = 0;
		for (int i = 0; i < image.length; i++) {
			if (mask[i] != 0) {
				sumIn += image[i];
				in++;
			}
			else {
				sumOut += image[i];
				sqOut += image[i] * image[i];
				out++;
			}
		}
		double meanOut = sumOut / out;
		return new double[] { sumIn / in, meanOut, Math.sqrt(Math.max(0, sqOut / out - meanOut * meanOut)) };
	}
}
