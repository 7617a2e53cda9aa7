package org.ssltem.data;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Resizing through ImageJ, for ImgLib2 images and for the engine's arrays: bilinear (averaging when shrinking, so fine texture does not alias) for grey images,
 * nearest neighbour for label masks (a blend of two class indices is not a class).
 */
public final class Resize {

	/** Largest label that survives the float round trip exactly. */
	private static final int MAX_EXACT_LABEL = 1 << 24;

	private Resize() {}

	/** A new image of the given size; the source is left unchanged. */
	public static GreyImage bilinear(GreyImage source, int width, int height) {
		checkSize(width, height);
		if (width == source.width && height == source.height) return source.copy();
		FloatProcessor fp = new FloatProcessor(source.width, source.height, source.pixels);
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		ImageProcessor resized = fp.resize(width, height, true);
		return new GreyImage(width, height, (float[]) resized.getPixels());
	}

	/** Nearest-neighbour resize of an 8-bit mask (values 0..255). */
	public static byte[] nearest(byte[] labels, int width, int height, int newWidth, int newHeight) {
		checkSize(newWidth, newHeight);
		checkLength(labels.length, width, height);
		ImageProcessor ip = new ByteProcessor(width, height, labels);
		ip.setInterpolationMethod(ImageProcessor.NONE);
		return (byte[]) ip.resize(newWidth, newHeight).getPixels();
	}

	/** Nearest-neighbour resize of a label image (labels within ±2^24). */
	public static int[] nearest(int[] labels, int width, int height, int newWidth, int newHeight) {
		checkSize(newWidth, newHeight);
		checkLength(labels.length, width, height);
		float[] asFloat = new float[labels.length];
		for (int i = 0; i < labels.length; i++) {
			if (Math.abs(labels[i]) > MAX_EXACT_LABEL) throw new IllegalArgumentException("label " + labels[i] + " is too large to resize");
			asFloat[i] = labels[i];
		}
		ImageProcessor ip = new FloatProcessor(width, height, asFloat);
		ip.setInterpolationMethod(ImageProcessor.NONE);
		float[] resized = (float[]) ip.resize(newWidth, newHeight).getPixels();
		int[] out = new int[resized.length];
		for (int i = 0; i < out.length; i++) out[i] = (int) resized[i];
		return out;
	}

	/** Bilinear resize of any 2-D real image (averaging when shrinking), as a new float image. */
	public static ArrayImg<FloatType, FloatArray> bilinear(RandomAccessibleInterval<? extends RealType<?>> source, int width, int height) {
		return Images.wrap(bilinear(Images.greyImage(source), width, height));
	}

	/** Nearest-neighbour resize of any 2-D label image (labels within ±2^24), as a new int image. */
	public static ArrayImg<IntType, IntArray> nearest(RandomAccessibleInterval<? extends IntegerType<?>> labels, int width, int height) {
		return Images.wrapLabels(nearest(Images.labels(labels), Images.width(labels), Images.height(labels), width, height), width, height);
	}

	private static void checkSize(int width, int height) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
	}

	private static void checkLength(int length, int width, int height) {
		if (length != (long) width * height)
			throw new IllegalArgumentException("mask has " + length + " values, expected " + width + "x" + height);
	}
}
