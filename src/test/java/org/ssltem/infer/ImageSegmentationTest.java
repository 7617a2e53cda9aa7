package org.ssltem.infer;

import org.ssltem.testing.TinyEncoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageSegmentationTest {

	@TempDir
	Path tmp;

	/** A stand-in network that answers each pixel with its own value: tiling and blending must then be exact. */
	static ImageSegmentation.TileNetwork pointwise(int tile, List<Integer> opened, int failAbove) {
		opened.add(tile);
		return new ImageSegmentation.TileNetwork() {
			@Override
			public float[] predict(float[] pixels) {
				if (pixels.length != tile * tile) throw new IllegalStateException("wrong tile");
				if (tile > failAbove) throw new IllegalStateException("OOM when allocating tensor with shape[1," + tile + "," + tile + ",64]");
				return pixels.clone();
			}

			@Override
			public int channels() {
				return 1;
			}

			@Override
			public void close() {}
		};
	}

	static GreyImage random(int w, int h, long seed) {
		GreyImage g = new GreyImage(w, h);
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) r.nextDouble();
		return g;
	}

	@Test
	void tilesAndBlendingReassembleTheImageExactly() {
		for (int[] wh : new int[][] { { 100, 70 }, { 64, 64 }, { 40, 30 }, { 130, 97 } }) {
			GreyImage g = random(wh[0], wh[1], wh[0]);
			float[] p = TiledInference.predict(g, 64, 16, 1, px -> px.clone(), null);
			assertEquals(g.pixels.length, p.length);
			for (int i = 0; i < p.length; i++) assertEquals(g.pixels[i], p[i], 1e-6f, wh[0] + "x" + wh[1] + " pixel " + i);
		}
	}

	@Test
	void outOfMemoryRetriesWithSmallerTilesAndKeepsThem() throws Exception {
		Path images = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < 2; i++) ImageFiles.writePng(random(300, 260, i), images.resolve("im" + i + ".png"));
		List<Integer> opened = new ArrayList<>();
		TinyEncoder.Log listener = new TinyEncoder.Log();
		ImageSegmentation.Summary s = ImageSegmentation.run(tile -> pointwise(tile, opened, 64), images, tmp.resolve("out"), 256, 32, false, listener, null);
		assertEquals(List.of(256, 128, 64), opened, "halved twice, then kept for the second image");
		assertEquals(64, s.finalTile());
		assertTrue(listener.toString().contains("out of memory with 256 px tiles"), listener.toString());
		GreyImage back = ImageFiles.readGrey(tmp.resolve("out/probabilities/im0.tif"));
		assertEquals(300, back.width);
		assertTrue(Files.isRegularFile(tmp.resolve("out/masks/im1.png")));

		AtomicInteger calls = new AtomicInteger();
		IllegalStateException other = assertThrows(IllegalStateException.class, () -> ImageSegmentation.run(tile -> new ImageSegmentation.TileNetwork() {
			@Override
			public float[] predict(float[] pixels) {
				calls.incrementAndGet();
				throw new IllegalStateException("some other failure");
			}

			@Override
			public int channels() {
				return 1;
			}

			@Override
			public void close() {}
		}, images, tmp.resolve("out2"), 64, 0, false, null, null));
		assertEquals("some other failure", other.getMessage());
		assertEquals(1, calls.get(), "no retry for failures other than memory");
	}

	/** Images inside the tile run as one tile of their own size (rounded up to 32), larger ones with the given tile. */
	@Test
	void imagesSmallerThanTheTileRunWithAFittedTile() throws Exception {
		assertEquals(224, ImageSegmentation.fittedTile(512, 224, 224));
		assertEquals(128, ImageSegmentation.fittedTile(256, 100, 70));
		assertEquals(512, ImageSegmentation.fittedTile(512, 600, 100));
		assertEquals(512, ImageSegmentation.fittedTile(512, 512, 512));
		Path images = Files.createDirectories(tmp.resolve("mixed"));
		ImageFiles.writePng(random(224, 224, 1), images.resolve("a-small.png"));
		ImageFiles.writePng(random(100, 70, 2), images.resolve("b-smaller.png"));
		ImageFiles.writePng(random(600, 530, 3), images.resolve("c-large.png"));
		ImageFiles.writePng(random(220, 200, 4), images.resolve("d-small.png"));
		List<Integer> opened = new ArrayList<>();
		TinyEncoder.Log listener = new TinyEncoder.Log();
		ImageSegmentation.run(tile -> pointwise(tile, opened, 1 << 20), images, tmp.resolve("out"), 512, 64, false, listener, null);
		assertEquals(List.of(224, 128, 512), opened, "one network per tile size, reused (d-small runs on the 224 px one)");
		assertTrue(listener.toString().contains("a-small is 224x224; segmented whole with a 224 px tile instead of 512 px"), listener.toString());
		assertTrue(listener.toString().contains("b-smaller is 100x70, smaller than the 128 px tile; padded"), listener.toString());
		for (String name : new String[] { "a-small", "b-smaller", "c-large", "d-small" }) {
			GreyImage in = ImageFiles.readGrey(images.resolve(name + ".png"));
			GreyImage back = ImageFiles.readGrey(tmp.resolve("out/probabilities/" + name + ".tif"));
			assertEquals(in.width, back.width);
			for (int i = 0; i < in.pixels.length; i++) assertEquals(in.pixels[i], back.pixels[i], 1e-6f, name + " pixel " + i);
		}
	}

	/** A stand-in network with local, non-linear answers: a sigmoid of each pixel's 3×3 neighbourhood mean. */
	static ImageSegmentation.TileNetwork local(int tile) {
		return new ImageSegmentation.TileNetwork() {
			@Override
			public float[] predict(float[] px) {
				float[] p = new float[px.length];
				for (int y = 0; y < tile; y++)
					for (int x = 0; x < tile; x++) {
						double sum = 0;
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++)
								sum += px[Math.min(tile - 1, Math.max(0, y + dy)) * tile + Math.min(tile - 1, Math.max(0, x + dx))];
						p[y * tile + x] = (float) (1 / (1 + Math.exp(-12 * (sum / 9 - 0.5))));
					}
				return p;
			}

			@Override
			public int channels() {
				return 1;
			}

			@Override
			public void close() {}
		};
	}

	/** The values of a 32-bit TIFF as written (readGrey would rescale them). */
	static float[] floats(Path tif) {
		return (float[]) ImageFiles.open(tif).getProcessor().convertToFloat().getPixels();
	}

	@Test
	void nativeSizeInferenceReproducesInferenceOnTheResizedImage() throws Exception {
		// a 96 px image of blobs, and the same image resized to 64 px as training resized it (scale 2/3)
		GreyImage big = new GreyImage(96, 96);
		for (int y = 0; y < 96; y++)
			for (int x = 0; x < 96; x++) big.pixels[y * 96 + x] = (float) (0.5 + 0.45 * Math.sin(x / 7.0) * Math.cos(y / 9.0));
		Path nat = Files.createDirectories(tmp.resolve("native")), small = Files.createDirectories(tmp.resolve("small"));
		ImageFiles.writePng(big, nat.resolve("a.png"));
		ImageFiles.writePng(org.ssltem.data.Resize.bilinear(ImageFiles.readGrey(nat.resolve("a.png")), 64, 64), small.resolve("a.png"));
		ImageSegmentation.run(ImageSegmentationTest::local, nat, tmp.resolve("out-native"), new ImageSegmentation.Options(64, 16, 2 / 3.0, 2 / 3.0, 0, 0),
			false, null, null);
		ImageSegmentation.run(ImageSegmentationTest::local, small, tmp.resolve("out-small"), new ImageSegmentation.Options(64, 16, 1, 1, 0, 0), false, null,
			null);
		ImageSegmentation.run(ImageSegmentationTest::local, nat, tmp.resolve("out-unscaled"), new ImageSegmentation.Options(64, 16, 1, 1, 0, 0), false,
			null, null);
		float[] p = floats(tmp.resolve("out-native/probabilities/a.tif"));
		assertEquals(96 * 96, p.length, "probabilities at native size");
		float[] smallP = floats(tmp.resolve("out-small/probabilities/a.tif"));
		float[] expected = ImageSegmentation.resample(smallP, 64, 64, 1, 96, 96);
		float[] unscaled = floats(tmp.resolve("out-unscaled/probabilities/a.tif"));
		double diff = 0, unscaledDiff = 0, agree = 0;
		int[] wh = new int[2];
		int[] mask = ImageFiles.readLabels(tmp.resolve("out-native/masks/a.png"), wh);
		assertEquals(96, wh[0]);
		for (int i = 0; i < p.length; i++) {
			diff += Math.abs(p[i] - expected[i]);
			unscaledDiff += Math.abs(unscaled[i] - expected[i]);
			if ((mask[i] == 255) == (expected[i] >= 0.5f)) agree++;
		}
		// the two runs differ only by the 8-bit rounding of the resized PNG
		assertTrue(diff / p.length < 0.01, "mean |p(native) - p(resized, back to native)| = " + diff / p.length);
		assertTrue(agree / p.length > 0.99, "masks agree on " + agree / p.length);
		assertTrue(unscaledDiff / p.length > 5 * diff / p.length, "without resampling the answers differ: " + unscaledDiff / p.length);
	}

	@Test
	void theScaleComesFromTheSegmenterUnlessGiven() {
		org.ssltem.nn.SegmenterManifest m = new org.ssltem.nn.SegmenterManifest();
		m.size = 224;
		m.scaleX = m.scaleY = 0.21875;
		TinyEncoder.Log log = new TinyEncoder.Log();
		assertEquals(0.21875, ImageSegmentation.scale(m, 0, log)[0], 0);
		assertTrue(log.toString().contains("resampling each image by 0.2188"), log.toString());
		assertEquals(1, ImageSegmentation.scale(m, 1, log)[1], 0);
		m.scaleX = m.scaleY = 0; // written before the scale was recorded: native size, said in the log
		assertEquals(1, ImageSegmentation.scale(m, 0, log)[0], 0);
		assertTrue(log.toString().contains("does not record from which size"), log.toString());
		assertThrows(UserInputException.class, () -> ImageSegmentation.scale(m, -1, log));
	}

	@Test
	void existingOutputsAreKeptUnlessOverwrite() throws Exception {
		Path image = tmp.resolve("one.png");
		ImageFiles.writePng(random(64, 64, 1), image);
		List<Integer> opened = new ArrayList<>();
		ImageSegmentation.run(t -> pointwise(t, opened, 1 << 20), image, tmp.resolve("out"), 64, 8, false, null, null);
		byte[] before = Files.readAllBytes(tmp.resolve("out/masks/one.png"));
		UserInputException e = assertThrows(UserInputException.class,
			() -> ImageSegmentation.run(t -> pointwise(t, opened, 1 << 20), image, tmp.resolve("out"), 64, 8, false, null, null));
		assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
		assertEquals(before.length, Files.readAllBytes(tmp.resolve("out/masks/one.png")).length);
		ImageSegmentation.run(t -> pointwise(t, opened, 1 << 20), image, tmp.resolve("out"), 64, 8, true, null, null);
		assertThrows(UserInputException.class, () -> ImageSegmentation.run(t -> pointwise(t, opened, 1 << 20), image, tmp.resolve("o3"), 50, 8, false, null, null),
			"tile not a multiple of 32");
	}
}
