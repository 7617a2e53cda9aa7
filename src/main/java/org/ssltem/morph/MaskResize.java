package org.ssltem.morph;

import net.imglib2.RealRandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.interpolation.randomaccess.NearestNeighborInterpolatorFactory;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * Nearest-neighbour resizing of a binary mask with ImgLib2 core: the mask is wrapped as an
 * {@code ArrayImg<UnsignedByteType>}, extended at its border, and sampled through a
 * {@link NearestNeighborInterpolatorFactory} at the centre of each target pixel mapped back into the source
 * ({@code (x + 0.5) · W / w − 0.5}). A 2× enlargement therefore duplicates every pixel exactly.
 */
public final class MaskResize {

	private MaskResize() {}

	public static boolean[] nearest(boolean[] mask, int width, int height, int newWidth, int newHeight) {
		if ((long) width * height != mask.length) throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + width + "x" + height);
		if (newWidth < 1 || newHeight < 1) throw new IllegalArgumentException("target size must be positive, got " + newWidth + "x" + newHeight);
		if (newWidth == width && newHeight == height) return mask.clone();
		byte[] bytes = new byte[mask.length];
		for (int i = 0; i < bytes.length; i++) bytes[i] = mask[i] ? (byte) 1 : 0;
		ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(bytes, width, height);
		RealRandomAccess<UnsignedByteType> ra = Views.interpolate(Views.extendBorder(img), new NearestNeighborInterpolatorFactory<>()).realRandomAccess();
		double sx = (double) width / newWidth, sy = (double) height / newHeight;
		boolean[] out = new boolean[newWidth * newHeight];
		for (int y = 0, i = 0; y < newHeight; y++) {
			ra.setPosition((y + 0.5) * sy - 0.5, 1);
			for (int x = 0; x < newWidth; x++, i++) {
				ra.setPosition((x + 0.5) * sx - 0.5, 0);
				out[i] = ra.get().get() != 0;
			}
		}
		return out;
	}
}
