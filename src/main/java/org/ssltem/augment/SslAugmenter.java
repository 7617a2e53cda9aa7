package org.ssltem.augment;

import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;

import java.util.SplittableRandom;

/**
 * The augmentations for one view of a grey image: a random square crop resized to the input size, a left-right
 * flip, optionally a random quarter turn (micrographs have no up or down), and colour jitter (brightness and
 * contrast, in random order). Without quarter turns these are the paper's. Called for every image in every
 * training step, so {@link #view(GreyImage, SplittableRandom, float[], int)} allocates nothing.
 * Immutable, so one instance can serve several threads, each with its own random stream.
 */
public final class SslAugmenter {

	public static final double PAPER_FLIP_PROBABILITY = 0.5;
	public static final double PAPER_JITTER_PROBABILITY = 0.8;
	public static final double PAPER_BRIGHTNESS = 0.4;
	public static final double PAPER_CONTRAST = 0.4;

	private final int outSize;
	private final CropMode crop;
	private final double flipProbability;
	private final double jitterProbability;
	private final double brightness;
	private final double contrast;
	private final boolean quarterTurns;
	/** Source index of every pixel of a view turned by 1, 2 or 3 quarter turns. */
	private final int[][] turnIndex;
	/** Holds a view while it is turned; one per thread, so the augmenter stays shareable and allocation-free. */
	private final ThreadLocal<float[]> turnBuffer;

	/** The paper's flip and jitter settings. */
	public SslAugmenter(int outSize, CropMode crop) {
		this(outSize, crop, PAPER_FLIP_PROBABILITY, PAPER_JITTER_PROBABILITY, PAPER_BRIGHTNESS, PAPER_CONTRAST);
	}

	/** The paper's flip and jitter settings, with or without random quarter turns. */
	public SslAugmenter(int outSize, CropMode crop, boolean quarterTurns) {
		this(outSize, crop, PAPER_FLIP_PROBABILITY, PAPER_JITTER_PROBABILITY, PAPER_BRIGHTNESS, PAPER_CONTRAST, quarterTurns);
	}

	/**
	 * @param brightness a jittered view gets U[-brightness, brightness] added
	 * @param contrast   a jittered view is scaled around its mean by U[1 - contrast, 1 + contrast]
	 */
	public SslAugmenter(int outSize, CropMode crop, double flipProbability, double jitterProbability, double brightness, double contrast) {
		this(outSize, crop, flipProbability, jitterProbability, brightness, contrast, false);
	}

	/** @param quarterTurns turn each view by 0, 90, 180 or 270 degrees, uniformly */
	public SslAugmenter(int outSize, CropMode crop, double flipProbability, double jitterProbability, double brightness, double contrast,
		boolean quarterTurns)
	{
		if (outSize < 1) throw UserInputException.option("the view size must be at least 1 px, got " + outSize, "use e.g. {{size}} 224");
		if (crop == null) throw new IllegalArgumentException("crop mode is null");
		checkProbability("flip", flipProbability);
		checkProbability("jitter", jitterProbability);
		if (!(brightness >= 0 && brightness <= 1))
			throw UserInputException.option("brightness jitter must be between 0 and 1, got " + brightness, "use e.g. 0.4");
		if (!(contrast >= 0 && contrast <= 1))
			throw UserInputException.option("contrast jitter must be between 0 and 1, got " + contrast, "use e.g. 0.4");
		this.outSize = outSize;
		this.crop = crop;
		this.flipProbability = flipProbability;
		this.jitterProbability = jitterProbability;
		this.brightness = brightness;
		this.contrast = contrast;
		this.quarterTurns = quarterTurns;
		this.turnIndex = new int[4][];
		if (quarterTurns)
			for (int t = 1; t < 4; t++) turnIndex[t] = SegmentationAugment.mapping(outSize, outSize, false, t);
		this.turnBuffer = ThreadLocal.withInitial(() -> new float[outSize * outSize]);
	}

	private static void checkProbability(String what, double p) {
		if (!(p >= 0 && p <= 1)) throw UserInputException.option(what + " probability must be between 0 and 1, got " + p, "use e.g. 0.5");
	}

	public int outSize() {
		return outSize;
	}

	public boolean quarterTurns() {
		return quarterTurns;
	}

	public CropMode crop() {
		return crop;
	}

	/** One augmented view as a new image; for tests and previews (training uses the allocation-free form). */
	public GreyImage view(GreyImage source, SplittableRandom rng) {
		GreyImage out = new GreyImage(outSize, outSize);
		view(source, rng, out.pixels, 0);
		return out;
	}

	/**
	 * Writes one outSize×outSize view, row-major, into {@code out} from {@code offset}. Every call draws the same
	 * eight numbers (nine with quarter turns) in the same order whatever the branches, so a view depends only on the
	 * source and the stream.
	 */
	public void view(GreyImage source, SplittableRandom rng, float[] out, int offset) {
		int area = outSize * outSize;
		if (offset < 0 || offset > out.length - area)
			throw new IllegalArgumentException("a " + outSize + "×" + outSize + " view does not fit at offset " + offset + " of " + out.length);
		double sideDraw = rng.nextDouble();
		double xDraw = rng.nextDouble();
		double yDraw = rng.nextDouble();
		boolean flip = rng.nextDouble() < flipProbability;
		boolean jitter = rng.nextDouble() < jitterProbability;
		boolean brightnessFirst = rng.nextDouble() < 0.5;
		float delta = (float) ((2 * rng.nextDouble() - 1) * brightness);
		float factor = (float) (1 + (2 * rng.nextDouble() - 1) * contrast);

		int cropWidth = cropWidth(source, sideDraw), cropHeight = cropHeight(source, sideDraw);
		int x0 = origin(source.width, cropWidth, xDraw), y0 = origin(source.height, cropHeight, yDraw);
		sample(source, x0, y0, cropWidth, cropHeight, flip, out, offset);
		if (quarterTurns) {
			// drawn last, so that without quarter turns the stream (and every view) is the paper's as before
			int turns = rng.nextInt(4);
			if (turns != 0) turn(out, offset, turns);
		}
		if (!jitter) return;
		// clipping after each step (as SimCLR does) is what makes the order matter
		if (brightnessFirst) {
			addClipped(out, offset, area, delta);
			scaleAroundMeanClipped(out, offset, area, factor);
		}
		else {
			scaleAroundMeanClipped(out, offset, area, factor);
			addClipped(out, offset, area, delta);
		}
	}

	/** The crop {@link #view} would take with this stream (x, y, width, height); for tests. */
	int[] cropRectangle(GreyImage source, SplittableRandom rng) {
		double sideDraw = rng.nextDouble(), xDraw = rng.nextDouble(), yDraw = rng.nextDouble();
		int w = cropWidth(source, sideDraw), h = cropHeight(source, sideDraw);
		return new int[] { origin(source.width, w, xDraw), origin(source.height, h, yDraw), w, h };
	}

	private int cropWidth(GreyImage source, double draw) {
		return crop == CropMode.NOCROP ? source.width : squareSide(Math.min(source.width, source.height), draw);
	}

	private int cropHeight(GreyImage source, double draw) {
		return crop == CropMode.NOCROP ? source.height : squareSide(Math.min(source.width, source.height), draw);
	}

	private int squareSide(int shortSide, double draw) {
		double fraction = crop.minFraction + draw * (crop.maxFraction - crop.minFraction);
		return (int) Math.max(1, Math.min(shortSide, Math.round(fraction * shortSide)));
	}

	/** Uniform over every position where the crop fits. */
	private static int origin(int length, int cropLength, double draw) {
		return Math.min(length - cropLength, (int) (draw * (length - cropLength + 1)));
	}

	/**
	 * Bilinear resampling of the crop to outSize×outSize, sampling at pixel centres and clamping at the crop's
	 * edges, so that the view only ever sees pixels inside the crop.
	 */
	private void sample(GreyImage source, int x0, int y0, int cropWidth, int cropHeight, boolean flip, float[] out, int offset) {
		float[] src = source.pixels;
		int stride = source.width;
		double scaleX = (double) cropWidth / outSize, scaleY = (double) cropHeight / outSize;
		int lastX = cropWidth - 1, lastY = cropHeight - 1;
		for (int oy = 0; oy < outSize; oy++) {
			double sy = Math.min(lastY, Math.max(0, (oy + 0.5) * scaleY - 0.5));
			int iy = (int) sy;
			float fy = (float) (sy - iy);
			int row0 = (y0 + iy) * stride + x0;
			int row1 = (y0 + Math.min(iy + 1, lastY)) * stride + x0;
			int outRow = offset + oy * outSize;
			for (int ox = 0; ox < outSize; ox++) {
				double sx = Math.min(lastX, Math.max(0, (ox + 0.5) * scaleX - 0.5));
				int ix = (int) sx;
				int ix1 = Math.min(ix + 1, lastX);
				float fx = (float) (sx - ix);
				float top = src[row0 + ix] + fx * (src[row0 + ix1] - src[row0 + ix]);
				float bottom = src[row1 + ix] + fx * (src[row1 + ix1] - src[row1 + ix]);
				out[outRow + (flip ? outSize - 1 - ox : ox)] = top + fy * (bottom - top);
			}
		}
	}

	/** Turns the square view at {@code offset} counter-clockwise by {@code turns} quarter turns. */
	private void turn(float[] out, int offset, int turns) {
		int n = outSize;
		float[] copy = turnBuffer.get();
		System.arraycopy(out, offset, copy, 0, n * n);
		int[] index = turnIndex[turns];
		for (int i = 0; i < n * n; i++) out[offset + i] = copy[index[i]];
	}

	private static void addClipped(float[] out, int offset, int area, float delta) {
		for (int i = offset; i < offset + area; i++) out[i] = clip(out[i] + delta);
	}

	private static void scaleAroundMeanClipped(float[] out, int offset, int area, float factor) {
		double sum = 0;
		for (int i = offset; i < offset + area; i++) sum += out[i];
		float mean = (float) (sum / area);
		for (int i = offset; i < offset + area; i++) out[i] = clip(mean + factor * (out[i] - mean));
	}

	private static float clip(float v) {
		return v < 0f ? 0f : Math.min(v, 1f);
	}
}
