package org.ssltem.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ResizeTest {

	@Test
	void bilinearKeepsAConstantAndLeavesTheSourceAlone() {
		GreyImage g = new GreyImage(40, 30);
		java.util.Arrays.fill(g.pixels, 0.3f);
		GreyImage before = g.copy();

		for (int[] size : new int[][] { { 80, 60 }, { 20, 10 }, { 40, 30 } }) {
			GreyImage r = Resize.bilinear(g, size[0], size[1]);
			assertEquals(size[0], r.width);
			assertEquals(size[1], r.height);
			for (float v : r.pixels) assertEquals(0.3f, v, 1e-6);
		}
		assertEquals(before, g);
		assertNotSame(g.pixels, Resize.bilinear(g, 40, 30).pixels);
	}

	@Test
	void shrinkingAveragesInsteadOfSkippingPixels() {
		// one bright column in four: point sampling would miss them all, averaging gives a quarter everywhere
		GreyImage lines = new GreyImage(64, 64);
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x += 4) lines.set(x, y, 1f);

		GreyImage r = Resize.bilinear(lines, 16, 16);

		for (int x = 2; x < 14; x++) assertEquals(0.25f, r.get(x, 8), 0.02f);
	}

	@Test
	void nearestRepeatsLabelsAndInventsNone() {
		int[] labels = { 0, 1, 2, 3 };
		int[] big = Resize.nearest(labels, 2, 2, 4, 4);
		assertArrayEquals(new int[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 }, big);

		byte[] mask = new byte[8 * 8];
		for (int i = 0; i < mask.length; i++) mask[i] = (byte) ((i % 8) < 4 ? 0 : 200);
		byte[] small = Resize.nearest(mask, 8, 8, 3, 5);
		assertEquals(15, small.length);
		for (byte b : small) assertTrue(b == 0 || (b & 0xff) == 200);
		assertEquals(0, small[0]);
		assertEquals(200, small[2] & 0xff);
		assertNotSame(mask, Resize.nearest(mask, 8, 8, 8, 8));
		assertArrayEquals(mask, Resize.nearest(mask, 8, 8, 8, 8));
	}

	/** The ImgLib2 signatures give exactly what the array code gives, on views that do not start at 0 too. */
	@Test
	void imglib2SignaturesEqualTheArrayCode() {
		java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
		float[] grey = new float[37 * 23];
		int[] labels = new int[37 * 23];
		for (int i = 0; i < grey.length; i++) {
			grey[i] = (float) rng.nextDouble();
			labels[i] = rng.nextInt(4);
		}
		GreyImage expected = Resize.bilinear(new GreyImage(37, 23, grey.clone()), 50, 11);
		var viaImgLib2 = Resize.bilinear(net.imglib2.view.Views.translate(net.imglib2.img.array.ArrayImgs.floats(grey.clone(), 37, 23), 5, 9), 50, 11);
		assertArrayEquals(expected.pixels, Images.greyImage(viaImgLib2).pixels);
		assertArrayEquals(Resize.nearest(labels, 37, 23, 74, 12),
			Images.labels(Resize.nearest(net.imglib2.view.Views.translate(Images.wrapLabels(labels.clone(), 37, 23), -4, 2), 74, 12)));
	}

	@Test
	void anImageJImageIsWrappedWithoutACopy() {
		ij.process.ByteProcessor bp = new ij.process.ByteProcessor(4, 3);
		bp.set(2, 1, 200);
		var img = Images.wrap(new ij.ImagePlus("x", bp));
		var ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1 });
		assertEquals(200, ra.get().getRealDouble());
		bp.set(2, 1, 7);
		assertEquals(7, ra.get().getRealDouble(), "the image shares ImageJ's pixel array");
	}
}
