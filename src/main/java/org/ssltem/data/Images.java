package org.ssltem.data;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.BooleanType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The engine's image boundary in ImgLib2 types: wrapping ImageJ images and the engine's arrays without copying
 * where the pixel layout allows, and reading any 2-D {@link RandomAccessibleInterval} into the row-major arrays
 * that the inner loops use. Row-major means x fastest, as {@link Views#flatIterable} visits pixels.
 */
public final class Images {

	private Images() {}

	/** A grey image as a float image over the same pixel array (no copy). */
	public static ArrayImg<FloatType, FloatArray> wrap(GreyImage image) {
		return ArrayImgs.floats(image.pixels, image.width, image.height);
	}

	/**
	 * An ImageJ image's current slice as an ImgLib2 image over ImageJ's own pixel array (no copy) for 8-bit,
	 * 16-bit and 32-bit images; an RGB image is converted to grey first (a copy).
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrap(ImagePlus imp) {
		ImageProcessor ip = imp.getProcessor();
		int w = ip.getWidth(), h = ip.getHeight();
		return switch (imp.getBitDepth()) {
			case 8 -> ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), w, h);
			case 16 -> ArrayImgs.unsignedShorts((short[]) ip.getPixels(), w, h);
			case 32 -> ArrayImgs.floats((float[]) ip.getPixels(), w, h);
			default -> ArrayImgs.floats((float[]) ip.convertToFloatProcessor().getPixels(), w, h);
		};
	}

	/** Label images of the engine's arrays (no copy). */
	public static ArrayImg<IntType, IntArray> wrapLabels(int[] labels, int width, int height) {
		return ArrayImgs.ints(labels, width, height);
	}

	/** Any 2-D real image as a grey image (a copy, row-major). */
	public static GreyImage greyImage(RandomAccessibleInterval<? extends RealType<?>> image) {
		check2d(image);
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		float[] pixels = new float[w * h];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(image)) pixels[i++] = t.getRealFloat();
		return new GreyImage(w, h, pixels);
	}

	/** Any 2-D integer image as row-major labels (a copy). */
	public static int[] labels(RandomAccessibleInterval<? extends IntegerType<?>> image) {
		check2d(image);
		int[] labels = new int[Math.toIntExact(image.dimension(0) * image.dimension(1))];
		int i = 0;
		for (IntegerType<?> t : Views.flatIterable(image)) labels[i++] = t.getInteger();
		return labels;
	}

	/** Any 2-D boolean image (a mask) as row-major booleans (a copy). */
	public static boolean[] mask(RandomAccessibleInterval<? extends BooleanType<?>> image) {
		check2d(image);
		boolean[] mask = new boolean[Math.toIntExact(image.dimension(0) * image.dimension(1))];
		Cursor<? extends BooleanType<?>> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++) mask[i] = c.next().get();
		return mask;
	}

	public static int width(Interval image) {
		return Math.toIntExact(image.dimension(0));
	}

	public static int height(Interval image) {
		return Math.toIntExact(image.dimension(1));
	}

	private static void check2d(Interval image) {
		if (image.numDimensions() != 2)
			throw new IllegalArgumentException("a 2-D image is needed, this one has " + image.numDimensions() + " dimensions");
	}
}
