package org.ssltem.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationLabelEfficiencyTest {

	@TempDir
	Path tmp;

	private static void bars(Path images, Path masks, int count, long seed) throws Exception {
		Files.createDirectories(images);
		Files.createDirectories(masks);
		SplittableRandom r = new SplittableRandom(seed);
		for (int n = 0; n < count; n++) {
			GreyImage g = new GreyImage(32, 32);
			byte[] m = new byte[32 * 32];
			int y0 = 2 + r.nextInt(24);
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (0.2 + 0.1 * r.nextDouble());
			for (int y = y0; y < y0 + 5; y++)
				for (int x = 0; x < 32; x++) {
					g.pixels[y * 32 + x] = 0.8f;
					m[y * 32 + x] = 1;
				}
			ImageFiles.writePng(g, images.resolve("b" + n + ".png"));
			ImageFiles.writeMaskPng(m, 32, 32, masks.resolve("b" + n + ".png"));
		}
	}

	@Test
	void oneRunPerCountAndSeedScoredOnTheHeldOutSet() throws Exception {
		bars(tmp.resolve("train/images"), tmp.resolve("train/masks"), 6, 1);
		bars(tmp.resolve("test/images"), tmp.resolve("test/masks"), 3, 2);
		PretrainConfig p = new PretrainConfig();
		p.images = tmp.resolve("train/images").toString();
		p.out = tmp.resolve("enc").toString();
		p.arch = "resnet18";
		p.size = 32;
		p.batch = 4;
		p.epochs = 1;
		p.projector = "32,16,64";
		p.seed = 3;
		p.threads = 2;
		p.device = "cpu";
		Pretrainer.run(p, ProgressListener.SILENT, null);

		SegmenterConfig c = new SegmenterConfig();
		c.encoder = p.out;
		c.images = tmp.resolve("train/images").toString();
		c.masks = tmp.resolve("train/masks").toString();
		c.size = 32;
		c.epochs = 2;
		c.batch = 2;
		c.device = "cpu";
		c.threads = 2;
		Path out = tmp.resolve("le");
		List<SegmentationLabelEfficiency.Run> runs = SegmentationLabelEfficiency.run(c, new int[] { 1, 2 }, 1, tmp.resolve("test/images"),
			tmp.resolve("test/masks"), out, ProgressListener.SILENT, null);
		assertEquals(2, runs.size());
		for (SegmentationLabelEfficiency.Run r : runs) assertTrue(r.diceMedian() >= 0 && r.diceMedian() <= 1, r.toString());
		List<String> lines = Files.readAllLines(out.resolve("label-efficiency.csv"));
		assertEquals(1 + 2 + 2, lines.size(), String.join("\n", lines));
		assertTrue(lines.get(3).startsWith("1,median,"), lines.get(3));
		assertEquals(2, SegmenterManifest.read(out.resolve("segmenters/labeled-2-seed-0")).labeledFiles.size());
		assertThrows(UserInputException.class, () -> SegmentationLabelEfficiency.run(c, new int[] { 1 }, 1, tmp.resolve("test/images"),
			tmp.resolve("test/masks"), out, ProgressListener.SILENT, null), "an existing --out is kept");

		// no size: chosen once from the pool's masks (5 px bars in 32 px images: the default 224) for every run
		c.size = null;
		c.epochs = 1;
		StringBuilder log = new StringBuilder();
		Path chosen = tmp.resolve("le-auto");
		SegmentationLabelEfficiency.run(c, new int[] { 1 }, 1, tmp.resolve("test/images"), tmp.resolve("test/masks"), chosen, new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {}

			@Override
			public void log(String line) {
				log.append(line).append('\n');
			}
		}, null);
		assertEquals(224, SegmenterManifest.read(chosen.resolve("segmenters/labeled-1-seed-0")).size);
		assertTrue(log.toString().contains("seg-label-efficiency: the thinner labelled structures are 5.0 px wide in the 32 px images"), log.toString());
		assertEquals(null, c.size, "the caller's settings are left as they were");
	}
}
