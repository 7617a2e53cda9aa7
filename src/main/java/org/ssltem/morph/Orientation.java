package org.ssltem.morph;

/**
 * Local orientation of the nanowires from the structure tensor of the mask: gradients (central differences) of
 * the mask smoothed with a Gaussian of σ = {@link #GRADIENT_SIGMA}, their outer product smoothed with
 * σ = {@link #TENSOR_SIGMA}; the wire runs perpendicular to the dominant gradient.
 *
 * <p>Angles are in degrees in [0, 180): 0 = horizontal, 90 = vertical, counter-clockwise as seen on screen
 * (y up). The histogram counts foreground pixels weighted by coherence ((λ1 − λ2)/(λ1 + λ2), 0 in flat regions),
 * so pixels without a clear direction (blob centres, crossings) weigh little. The order parameter
 * S = |Σ w e^{2iθ}| / Σ w is 1 when every wire is parallel and near 0 for an isotropic network.
 */
public final class Orientation {

	public static final double GRADIENT_SIGMA = 1.0;
	public static final double TENSOR_SIGMA = 2.0;

	/**
	 * @param histogram  weights per bin, normalised to sum 1 (all 0 when there is no oriented foreground)
	 * @param dominantDeg the mean orientation (doubled-angle average), NaN when there is none
	 * @param order      the order parameter S in [0, 1], NaN when there is none
	 */
	public record Result(double[] histogram, double dominantDeg, double order) {}

	private Orientation() {}

	public static Result analyse(boolean[] mask, int width, int height, int bins) {
		float[] m = new float[mask.length];
		for (int i = 0; i < m.length; i++) m[i] = mask[i] ? 1f : 0f;
		float[] s = blur(m, width, height, GRADIENT_SIGMA);
		float[] jxx = new float[m.length], jyy = new float[m.length], jxy = new float[m.length];
		for (int y = 0, i = 0; y < height; y++) {
			for (int x = 0; x < width; x++, i++) {
				float gx = (s[y * width + Math.min(width - 1, x + 1)] - s[y * width + Math.max(0, x - 1)]) / 2f;
				// y grows downwards in the image; flip it so angles are counter-clockwise on screen
				float gy = -(s[Math.min(height - 1, y + 1) * width + x] - s[Math.max(0, y - 1) * width + x]) / 2f;
				jxx[i] = gx * gx;
				jyy[i] = gy * gy;
				jxy[i] = gx * gy;
			}
		}
		jxx = blur(jxx, width, height, TENSOR_SIGMA);
		jyy = blur(jyy, width, height, TENSOR_SIGMA);
		jxy = blur(jxy, width, height, TENSOR_SIGMA);
		double[] hist = new double[bins];
		double total = 0, c2 = 0, s2 = 0;
		for (int i = 0; i < m.length; i++) {
			if (!mask[i]) continue;
			double a = jxx[i], b = jyy[i], c = jxy[i];
			double trace = a + b;
			if (trace <= 1e-12) continue;
			double coherence = Math.sqrt((a - b) * (a - b) + 4 * c * c) / trace;
			// gradient angle φ = ½ atan2(2c, a − b); the wire runs at φ + 90°
			double phi = 0.5 * Math.atan2(2 * c, a - b);
			double theta = Math.toDegrees(phi) + 90;
			theta = wrap(theta);
			int bin = Math.min(bins - 1, (int) (theta / 180 * bins));
			hist[bin] += coherence;
			total += coherence;
			c2 += coherence * Math.cos(Math.toRadians(2 * theta));
			s2 += coherence * Math.sin(Math.toRadians(2 * theta));
		}
		if (total <= 0) return new Result(hist, Double.NaN, Double.NaN);
		for (int k = 0; k < bins; k++) hist[k] /= total;
		double dominant = wrap(Math.toDegrees(0.5 * Math.atan2(s2, c2)));
		return new Result(hist, dominant, Math.hypot(c2, s2) / total);
	}

	/**
	 * Mean of axes in degrees (θ and θ + 180° are the same axis): the doubled-angle average, in [0, 180); NaN for
	 * none or when the axes cancel. A plain mean or median of angles in [0, 180) is wrong near the wrap: wires at 2°
	 * and 178° are both nearly horizontal, and their plain mean is 90°.
	 */
	public static double axialMean(double[] degrees) {
		double c = 0, s = 0;
		for (double d : degrees) {
			c += Math.cos(Math.toRadians(2 * d));
			s += Math.sin(Math.toRadians(2 * d));
		}
		if (degrees.length == 0 || Math.hypot(c, s) < 1e-9 * degrees.length) return Double.NaN;
		return wrap(Math.toDegrees(0.5 * Math.atan2(s, c)));
	}

	/**
	 * Median of axes in degrees: each axis is expressed within ±90° of the {@link #axialMean}, the plain median is
	 * taken there and wrapped back into [0, 180).
	 */
	public static double axialMedian(double[] degrees) {
		double centre = axialMean(degrees);
		if (Double.isNaN(centre)) return Double.NaN;
		double[] v = new double[degrees.length];
		for (int i = 0; i < v.length; i++) v[i] = centre + (wrap(degrees[i] - centre + 90) - 90);
		java.util.Arrays.sort(v);
		int n = v.length;
		return wrap(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
	}

	/** An angle in degrees as an axis in [0, 180). */
	static double wrap(double degrees) {
		double w = ((degrees % 180) + 180) % 180;
		return w >= 180 ? 0 : w;
	}

	/** Separable Gaussian, edges extended by their own value. */
	static float[] blur(float[] in, int w, int h, double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
		float[] tmp = new float[in.length], out = new float[in.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float acc = 0;
				for (int j = -r; j <= r; j++) acc += k[j + r] * in[y * w + Math.min(w - 1, Math.max(0, x + j))];
				tmp[y * w + x] = acc;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float acc = 0;
				for (int j = -r; j <= r; j++) acc += k[j + r] * tmp[Math.min(h - 1, Math.max(0, y + j)) * w + x];
				out[y * w + x] = acc;
			}
		return out;
	}
}
