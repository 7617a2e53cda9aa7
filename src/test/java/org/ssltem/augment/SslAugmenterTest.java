package org.ssltem.augment;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SslAugmenterTest {

	private static GreyImage noise(int width, int height, long seed, float low, float high) {
		SplittableRandom r = new SplittableRandom(seed);
		GreyImage g = new GreyImage(width, height);
		for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (low + (high - low) * r.nextDouble());
		return g;
	}

	/** Grey value linear in x and y: bilinear sampling reproduces it exactly, so a view reveals where it sampled. */
	private static GreyImage plane(int width, int height) {
		GreyImage g = new GreyImage(width, height);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) g.set(x, y, planeValue(x, y, width, height));
		return g;
	}

	private static float planeValue(double x, double y, int width, int height) {
		return (float) ((x + width * y) / (width * height));
	}

	/** Pixel-centre source coordinate of output pixel {@code o}, clamped to the crop. */
	private static double sourceCoordinate(int o, int cropLength, int outSize) {
		return Math.min(cropLength - 1, Math.max(0, (o + 0.5) * cropLength / outSize - 0.5));
	}

	/** A plain bilinear resize in double precision, written independently of the augmenter. */
	private static GreyImage plainResize(GreyImage src, int outSize) {
		GreyImage out = new GreyImage(outSize, outSize);
		for (int oy = 0; oy < outSize; oy++)
			for (int ox = 0; ox < outSize; ox++) {
				double sx = sourceCoordinate(ox, src.width, outSize), sy = sourceCoordinate(oy, src.height, outSize);
				int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
				int x1 = Math.min(x0 + 1, src.width - 1), y1 = Math.min(y0 + 1, src.height - 1);
				double fx = sx - x0, fy = sy - y0;
				double top = (1 - fx) * src.get(x0, y0) + fx * src.get(x1, y0);
				double bottom = (1 - fx) * src.get(x0, y1) + fx * src.get(x1, y1);
				out.set(ox, oy, (float) ((1 - fy) * top + fy * bottom));
			}
		return out;
	}

	private static SslAugmenter plain(int outSize, CropMode crop) {
		return new SslAugmenter(outSize, crop, 0, 0, 0.4, 0.4);
	}

	@Test
	void sameSeedSameViewOtherSeedOtherView() {
		GreyImage src = noise(64, 64, 1, 0, 1);
		SslAugmenter aug = new SslAugmenter(32, CropMode.RANDCROP);

		float[] a = aug.view(src, new SplittableRandom(5)).pixels;
		float[] b = aug.view(src, new SplittableRandom(5)).pixels;
		float[] c = aug.view(src, new SplittableRandom(6)).pixels;

		assertArrayEquals(a, b);
		assertFalse(Arrays.equals(a, c));
	}

	@Test
	void everyViewDrawsTheSameAmountFromTheStream() {
		GreyImage src = noise(40, 30, 2, 0, 1);
		long afterEightDraws = 0;
		SplittableRandom reference = new SplittableRandom(9);
		for (int i = 0; i < 8; i++) reference.nextDouble();
		afterEightDraws = reference.nextLong();

		for (SslAugmenter aug : new SslAugmenter[] { plain(16, CropMode.NOCROP), new SslAugmenter(16, CropMode.RANDCROP, 1, 1, 0.4, 0.4),
			new SslAugmenter(16, CropMode.CROP25) }) {
			SplittableRandom rng = new SplittableRandom(9);
			aug.view(src, rng);
			assertEquals(afterEightDraws, rng.nextLong(), "stream position after a view with " + aug.crop());
		}
	}

	@Test
	void cropSidesFollowTheMode() {
		GreyImage src = new GreyImage(100, 80);
		int draws = 2000;
		for (CropMode mode : CropMode.values()) {
			SslAugmenter aug = plain(32, mode);
			int minSide = Integer.MAX_VALUE, maxSide = 0, minX = Integer.MAX_VALUE, maxXSlack = Integer.MAX_VALUE;
			double sumSide = 0;
			for (int seed = 0; seed < draws; seed++) {
				int[] r = aug.cropRectangle(src, new SplittableRandom(seed));
				int x = r[0], y = r[1], w = r[2], h = r[3];
				assertTrue(x >= 0 && y >= 0 && x + w <= 100 && y + h <= 80, mode + " crop inside the image: " + Arrays.toString(r));
				if (mode == CropMode.NOCROP) {
					assertArrayEquals(new int[] { 0, 0, 100, 80 }, r);
					continue;
				}
				assertEquals(w, h, "square crop");
				minSide = Math.min(minSide, w);
				maxSide = Math.max(maxSide, w);
				sumSide += w;
				minX = Math.min(minX, x);
				maxXSlack = Math.min(maxXSlack, 100 - w - x);
			}
			if (mode == CropMode.NOCROP) continue;
			assertEquals(0, minX, mode + " reaches the left edge");
			assertEquals(0, maxXSlack, mode + " reaches the right edge");
			switch (mode) {
				case CROP25 -> assertEquals(20 * 20, minSide * maxSide);
				case CROP50 -> assertEquals(40 * 40, minSide * maxSide);
				case RANDCROP -> {
					assertEquals(20, minSide);
					assertEquals(40, maxSide);
					assertEquals(30, sumSide / draws, 0.5, "uniform between a quarter and a half of the short side");
				}
				default -> fail();
			}
		}
	}

	@Test
	void cropIsAtLeastOnePixel() {
		GreyImage dot = new GreyImage(1, 1, new float[] { 0.7f });
		GreyImage view = plain(8, CropMode.CROP25).view(dot, new SplittableRandom(1));
		for (float v : view.pixels) assertEquals(0.7f, v);
	}

	@Test
	void viewResamplesTheChosenCropAtPixelCentres() {
		GreyImage src = plane(64, 48);
		for (CropMode mode : CropMode.values())
			for (int outSize : new int[] { 24, 7 })
				for (int seed = 0; seed < 20; seed++) {
					SslAugmenter aug = plain(outSize, mode);
					int[] r = aug.cropRectangle(src, new SplittableRandom(seed));
					GreyImage view = aug.view(src, new SplittableRandom(seed));
					for (int oy = 0; oy < outSize; oy++)
						for (int ox = 0; ox < outSize; ox++) {
							float expected = planeValue(r[0] + sourceCoordinate(ox, r[2], outSize), r[1] + sourceCoordinate(oy, r[3], outSize), 64, 48);
							assertEquals(expected, view.get(ox, oy), 1e-5, mode + " seed " + seed + " at " + ox + "," + oy);
						}
				}
	}

	@Test
	void nocropWithoutFlipOrJitterIsAPlainResize() {
		for (GreyImage src : new GreyImage[] { noise(40, 40, 3, 0, 1), noise(64, 64, 4, 0, 1), noise(60, 40, 5, 0, 1) })
			for (int outSize : new int[] { 24, 64 }) {
				GreyImage view = plain(outSize, CropMode.NOCROP).view(src, new SplittableRandom(1));
				GreyImage expected = plainResize(src, outSize);
				for (int i = 0; i < view.pixels.length; i++)
					assertEquals(expected.pixels[i], view.pixels[i], 1e-5, src + " to " + outSize + " at " + i);
			}
		GreyImage same = noise(32, 32, 6, 0, 1);
		assertArrayEquals(same.pixels, plain(32, CropMode.NOCROP).view(same, new SplittableRandom(2)).pixels);
	}

	@Test
	void flipHappensAboutHalfTheTimeAndMirrorsExactly() {
		GreyImage src = plane(64, 64);
		SslAugmenter maybe = new SslAugmenter(16, CropMode.CROP50, 0.5, 0, 0, 0);
		SslAugmenter never = plain(16, CropMode.CROP50);
		SslAugmenter always = new SslAugmenter(16, CropMode.CROP50, 1, 0, 0, 0);
		int flipped = 0, draws = 2000;
		for (int seed = 0; seed < draws; seed++) {
			GreyImage v = maybe.view(src, new SplittableRandom(seed));
			if (v.get(0, 0) > v.get(15, 0)) flipped++;
		}
		assertEquals(0.5, flipped / (double) draws, 0.05);

		GreyImage straight = never.view(src, new SplittableRandom(3));
		GreyImage mirrored = always.view(src, new SplittableRandom(3));
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++) assertEquals(straight.get(x, y), mirrored.get(15 - x, y));
	}

	@Test
	void strongJitterStaysWithinZeroAndOne() {
		GreyImage src = noise(48, 48, 7, 0, 1);
		SslAugmenter aug = new SslAugmenter(16, CropMode.RANDCROP, 0.5, 1, 1, 1);
		boolean clipped = false;
		for (int seed = 0; seed < 300; seed++)
			for (float v : aug.view(src, new SplittableRandom(seed)).pixels) {
				assertTrue(v >= 0f && v <= 1f, "value " + v);
				clipped |= v == 0f || v == 1f;
			}
		assertTrue(clipped, "strong jitter must have pushed some values to the limits");
	}

	@Test
	void jitterIsAppliedWithItsProbability() {
		GreyImage src = noise(48, 48, 8, 0.3f, 0.7f);
		SslAugmenter off = plain(16, CropMode.RANDCROP);
		SslAugmenter sometimes = new SslAugmenter(16, CropMode.RANDCROP, 0, 0.8, 0.4, 0.4);
		int changed = 0, draws = 1000;
		for (int seed = 0; seed < draws; seed++)
			if (!Arrays.equals(off.view(src, new SplittableRandom(seed)).pixels, sometimes.view(src, new SplittableRandom(seed)).pixels))
				changed++;
		assertEquals(0.8, changed / (double) draws, 0.05);
	}

	@Test
	void brightnessAddsOneOffsetWithinItsRange() {
		GreyImage src = noise(48, 48, 9, 0.45f, 0.55f); // far enough from 0 and 1 that nothing clips
		SslAugmenter off = plain(16, CropMode.CROP50);
		SslAugmenter bright = new SslAugmenter(16, CropMode.CROP50, 0, 1, 0.4, 0);
		double lowest = 1, highest = -1;
		for (int seed = 0; seed < 200; seed++) {
			float[] a = off.view(src, new SplittableRandom(seed)).pixels;
			float[] b = bright.view(src, new SplittableRandom(seed)).pixels;
			double delta = b[0] - a[0];
			for (int i = 0; i < a.length; i++) assertEquals(delta, b[i] - a[i], 1e-5);
			lowest = Math.min(lowest, delta);
			highest = Math.max(highest, delta);
		}
		assertTrue(lowest >= -0.4 - 1e-6 && lowest < -0.35, "lowest offset " + lowest);
		assertTrue(highest <= 0.4 + 1e-6 && highest > 0.35, "highest offset " + highest);
	}

	@Test
	void contrastScalesAroundTheViewMean() {
		GreyImage src = noise(48, 48, 10, 0.4f, 0.6f);
		SslAugmenter off = plain(16, CropMode.CROP50);
		SslAugmenter contrast = new SslAugmenter(16, CropMode.CROP50, 0, 1, 0, 0.4);
		double lowest = 2, highest = 0;
		for (int seed = 0; seed < 200; seed++) {
			float[] a = off.view(src, new SplittableRandom(seed)).pixels;
			float[] b = contrast.view(src, new SplittableRandom(seed)).pixels;
			double mean = 0;
			for (float v : a) mean += v / a.length;
			int far = 0;
			for (int i = 1; i < a.length; i++) if (Math.abs(a[i] - mean) > Math.abs(a[far] - mean)) far = i;
			double factor = (b[far] - mean) / (a[far] - mean);
			for (int i = 0; i < a.length; i++) assertEquals(mean + factor * (a[i] - mean), b[i], 1e-5);
			lowest = Math.min(lowest, factor);
			highest = Math.max(highest, factor);
		}
		assertTrue(lowest >= 0.6 - 1e-3 && lowest < 0.65, "lowest factor " + lowest);
		assertTrue(highest <= 1.4 + 1e-3 && highest > 1.35, "highest factor " + highest);
	}

	private static float[] brighten(float[] v, double delta) {
		float[] out = new float[v.length];
		for (int i = 0; i < v.length; i++) out[i] = (float) Math.min(1, Math.max(0, v[i] + delta));
		return out;
	}

	private static float[] contrast(float[] v, double factor) {
		double mean = 0;
		for (float x : v) mean += x;
		mean /= v.length;
		float[] out = new float[v.length];
		for (int i = 0; i < v.length; i++) out[i] = (float) Math.min(1, Math.max(0, mean + factor * (v[i] - mean)));
		return out;
	}

	@Test
	void jitterOrderIsRandomAndClipsAfterEachStep() {
		// with clipping between the steps the order matters; the draws are the documented 6th (order), 7th and 8th
		GreyImage src = noise(48, 48, 12, 0, 1);
		SslAugmenter off = plain(16, CropMode.CROP50);
		SslAugmenter both = new SslAugmenter(16, CropMode.CROP50, 0, 1, 0.4, 0.4);
		int brightnessFirst = 0, orderShows = 0, draws = 200;
		for (int seed = 0; seed < draws; seed++) {
			SplittableRandom drawn = new SplittableRandom(seed);
			for (int i = 0; i < 5; i++) drawn.nextDouble();
			boolean bFirst = drawn.nextDouble() < 0.5;
			double delta = (2 * drawn.nextDouble() - 1) * 0.4, factor = 1 + (2 * drawn.nextDouble() - 1) * 0.4;
			float[] a = off.view(src, new SplittableRandom(seed)).pixels;
			float[] expected = bFirst ? contrast(brighten(a, delta), factor) : brighten(contrast(a, factor), delta);
			float[] other = bFirst ? brighten(contrast(a, factor), delta) : contrast(brighten(a, delta), factor);
			float[] b = both.view(src, new SplittableRandom(seed)).pixels;
			for (int i = 0; i < a.length; i++) assertEquals(expected[i], b[i], 1e-5, "seed " + seed);
			if (bFirst) brightnessFirst++;
			if (!Arrays.equals(expected, other)) orderShows++;
		}
		assertEquals(0.5, brightnessFirst / (double) draws, 0.1);
		assertTrue(orderShows > draws / 4, "the order shows in only " + orderShows + " views, so this test proves little");
	}

	@Test
	void writesOnlyItsOwnSliceOfABatch() {
		GreyImage src = noise(40, 40, 11, 0, 1);
		SslAugmenter aug = new SslAugmenter(8, CropMode.RANDCROP);
		float[] batch = new float[3 * 64];
		Arrays.fill(batch, -1f);

		aug.view(src, new SplittableRandom(4), batch, 64);

		for (int i = 0; i < 64; i++) assertEquals(-1f, batch[i]);
		for (int i = 128; i < 192; i++) assertEquals(-1f, batch[i]);
		assertArrayEquals(aug.view(src, new SplittableRandom(4)).pixels, Arrays.copyOfRange(batch, 64, 128));
		assertThrows(IllegalArgumentException.class, () -> aug.view(src, new SplittableRandom(4), batch, 129));
	}

	@Test
	void refusesSettingsOutsideTheirRange() {
		assertThrows(UserInputException.class, () -> new SslAugmenter(0, CropMode.NOCROP));
		assertThrows(UserInputException.class, () -> new SslAugmenter(8, CropMode.NOCROP, 1.5, 0.8, 0.4, 0.4));
		assertThrows(UserInputException.class, () -> new SslAugmenter(8, CropMode.NOCROP, 0.5, -0.1, 0.4, 0.4));
		assertThrows(UserInputException.class, () -> new SslAugmenter(8, CropMode.NOCROP, 0.5, 0.8, 0.4, 2));
	}

	@Test
	void quarterTurnsTurnTheViewTheStreamChoosesAndLeaveEverythingElseAlone() {
		GreyImage src = noise(48, 40, 5, 0, 1);
		int n = 16;
		SslAugmenter turned = new SslAugmenter(n, CropMode.RANDCROP, 0.5, 0.8, 0.4, 0.4, true);
		SslAugmenter paper = new SslAugmenter(n, CropMode.RANDCROP, 0.5, 0.8, 0.4, 0.4, false);
		assertTrue(turned.quarterTurns());
		assertFalse(paper.quarterTurns());
		boolean[] seen = new boolean[4];
		for (long seed = 0; seed < 40; seed++) {
			GreyImage t = turned.view(src, new SplittableRandom(seed));
			GreyImage p = paper.view(src, new SplittableRandom(seed));
			// the ninth number of the stream is the turn; the first eight are the paper's view
			SplittableRandom replay = new SplittableRandom(seed);
			for (int k = 0; k < 8; k++) replay.nextDouble();
			int turns = replay.nextInt(4);
			seen[turns] = true;
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					// counter-clockwise by 'turns' quarter turns: where (x, y) of the turned view came from
					int sx = x, sy = y;
					for (int q = 0; q < turns; q++) {
						int nx = sy, ny = n - 1 - sx;
						sx = nx;
						sy = ny;
					}
					assertEquals(p.get(sx, sy), t.get(x, y), 1e-6f, "seed " + seed + " turns " + turns + " at " + x + "," + y);
				}
		}
		for (int q = 0; q < 4; q++) assertTrue(seen[q], "40 views never turned by " + q + " quarter turns");
	}
}
