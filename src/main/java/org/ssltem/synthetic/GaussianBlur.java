package org.ssltem.synthetic;

/** Separable Gaussian blur of a square float image, edges extended by their own value. */
final class GaussianBlur {

	private GaussianBlur() {}

	static float[] blur(float[] in, int size, double sigma) {
		if (sigma < 0.2) return in.clone();
		float[] kernel = kernel(sigma);
		float[] tmp = new float[in.length];
		float[] out = new float[in.length];
		int r = kernel.length / 2;
		for (int y = 0; y < size; y++) {
			int row = y * size;
			for (int x = 0; x < size; x++) {
				float sum = 0;
				for (int k = -r; k <= r; k++) sum += kernel[k + r] * in[row + clamp(x + k, size)];
				tmp[row + x] = sum;
			}
		}
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				float sum = 0;
				for (int k = -r; k <= r; k++) sum += kernel[k + r] * tmp[clamp(y + k, size) * size + x];
				out[y * size + x] = sum;
			}
		return out;
	}

	private static float[] kernel(double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += k[i + r] = (float) StrictMath.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
		return k;
	}

	private static int clamp(int i, int size) {
		return i < 0 ? 0 : i >= size ? size - 1 : i;
	}
}
