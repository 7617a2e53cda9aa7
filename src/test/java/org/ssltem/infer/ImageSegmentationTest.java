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
