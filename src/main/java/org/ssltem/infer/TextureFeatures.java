package org.ssltem.infer;

import org.ssltem.core.CancelToken;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.EncoderIdentity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The classical baseline a microscopist would try first: 37 numbers per image at native resolution, no learning.
 * With grey values in [0,1]: a 32-bin histogram over [0,1] (fractions of the pixels; bins [i/32,(i+1)/32), the last
 * one closed), the mean and (biased) standard deviation, the mean and standard deviation of the Sobel gradient
 * magnitude, and the fraction of pixels whose magnitude exceeds its mean + one standard deviation ("strong edges").
 *
 * <p>The Sobel magnitude is scikit-image's {@code filters.sobel}: sqrt((Sh² + Sv²)/2) with Sh the [1,0,-1]
 * derivative across columns smoothed by [1,2,1]/4 down rows (Sv its transpose), borders mirrored with the edge
 * pixel repeated (scipy's {@code reflect}). Equal to the scikit-image 0.19 reference to 1e-6.
 */
public final class TextureFeatures {

	/** The encoder name that selects this baseline wherever an encoder folder is accepted. */
	public static final String NAME = "baseline:texture";
	public static final int BINS = 32;
	public static final int WIDTH = BINS + 5;

	private TextureFeatures() {}

	public static boolean isName(String encoder) {
		return encoder != null && encoder.trim().equalsIgnoreCase(NAME);
	}

	/** What classifiers record as "the encoder": fixed, as the definition is. */
	public static EncoderIdentity identity() {
		String definition = "ssl-tem texture baseline/1: hist32 [0,1], mean, std, sobel (skimage 0.19) mean, std, fraction > mean+std";
		return new EncoderIdentity(NAME, "texture", 0, WIDTH, Hashing.sha256(definition));
	}

	/** Features of every file, in parallel, {@code [files][37]}. */
	public static float[][] of(List<Path> files, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		float[][] out = new float[files.size()][];
		AtomicInteger done = new AtomicInteger();
		IntStream.range(0, files.size()).parallel().forEach(i -> {
			if (cancel != null) cancel.throwIfCancelled();
			double[] v = of(ImageFiles.readGrey(files.get(i)));
			float[] f = new float[v.length];
			for (int j = 0; j < v.length; j++) f[j] = (float) v[j];
			out[i] = f;
			int d = done.incrementAndGet();
			log.progress("texture features", d, files.size(), String.format(Locale.ROOT, "%d/%d images", d, files.size()));
		});
		return out;
	}

	/** The 37 numbers of one image. */
	public static double[] of(GreyImage image) {
		int w = image.width, h = image.height, n = w * h;
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = quantised(image.pixels[i]);
		double[] out = new double[WIDTH];
		double sum = 0;
		for (double v : x) {
			int bin = (int) Math.floor(v * BINS);
			if (bin >= BINS) bin = BINS - 1;
			if (bin >= 0) out[bin]++;
			sum += v;
		}
		for (int b = 0; b < BINS; b++) out[b] /= n;
		double mean = sum / n;
		out[BINS] = mean;
		out[BINS + 1] = std(x, mean);

		double[] magnitude = sobel(x, w, h);
		double mm = 0;
		for (double v : magnitude) mm += v;
		mm /= n;
		double ms = std(magnitude, mm);
		int strong = 0;
		for (double v : magnitude) if (v > mm + ms) strong++;
		out[BINS + 2] = mm;
		out[BINS + 3] = ms;
		out[BINS + 4] = strong / (double) n;
		return out;
	}

	/**
	 * 8- and 16-bit images arrive as float k/255 or k/65535; the exact double quotient is restored so the histogram's
	 * bin edges and the threshold compare as scikit-image's do on the original integers.
	 */
	private static double quantised(float p) {
		double k8 = Math.rint(p * 255.0);
		if (Math.abs(p - (float) (k8 / 255.0)) == 0) return k8 / 255.0;
		double k16 = Math.rint(p * 65535.0);
		if (Math.abs(p - (float) (k16 / 65535.0)) == 0) return k16 / 65535.0;
		return p;
	}

	private static double std(double[] x, double mean) {
		double s = 0;
		for (double v : x) s += (v - mean) * (v - mean);
		return Math.sqrt(s / x.length);
	}

	/** scikit-image's sobel magnitude with scipy's 'reflect' borders. */
	static double[] sobel(double[] x, int w, int h) {
		double[] out = new double[w * h];
		for (int r = 0; r < h; r++) {
			int up = reflect(r - 1, h), down = reflect(r + 1, h);
			for (int c = 0; c < w; c++) {
				int left = reflect(c - 1, w), right = reflect(c + 1, w);
				double a = x[up * w + left], b = x[up * w + c], cc = x[up * w + right];
				double d = x[r * w + left], f = x[r * w + right];
				double g = x[down * w + left], hh = x[down * w + c], i = x[down * w + right];
				double sh = ((a - cc) + 2 * (d - f) + (g - i)) / 4;
				double sv = ((a - g) + 2 * (b - hh) + (cc - i)) / 4;
				out[r * w + c] = Math.sqrt((sh * sh + sv * sv) / 2);
			}
		}
		return out;
	}

	/** scipy.ndimage 'reflect' (d c b a | a b c d | d c b a) for one step past the border. */
	private static int reflect(int i, int n) {
		if (i < 0) return Math.min(-i - 1, n - 1);
		if (i >= n) return Math.max(2 * n - i - 1, 0);
		return i;
	}
}
