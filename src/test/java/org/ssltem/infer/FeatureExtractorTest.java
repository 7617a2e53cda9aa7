package org.ssltem.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {

	@TempDir
	Path tmp;

	@Test
	void featuresAreIdenticalBeforeSavingAndAfterLoading() {
		float[] batch = new float[3 * 64 * 64];
		SplittableRandom r = new SplittableRandom(5);
		for (int i = 0; i < batch.length; i++) batch[i] = (float) r.nextDouble();
		var cpu = Device.choose(Device.Preference.CPU).sessionConfig(2);
		float[] before;
		Path ckpt = tmp.resolve("ckpt");
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18, 64, 11, cpu)) {
			before = g.features(batch, 3);
			g.save(ckpt);
		}
		try (EncoderGraph other = EncoderGraph.build(Architecture.RESNET18, 64, 12, cpu)) {
			float[] fresh = other.features(batch, 3);
			assertFalse(java.util.Arrays.equals(before, fresh), "a different seed gives different weights");
			other.restore(ckpt);
			assertArrayEquals(before, other.features(batch, 3), 0f);
		}
		assertEquals(3 * 512, before.length);
	}

	@Test
	void csvHasOneRowPerImageAndIsReproducible() throws Exception {
		Path images = tmp.resolve("images");
		for (String cls : List.of("a", "b")) {
			Files.createDirectories(images.resolve(cls));
			for (int i = 0; i < 4; i++) {
				org.ssltem.data.GreyImage g = new org.ssltem.data.GreyImage(40, 40);
				for (int p = 0; p < g.pixels.length; p++) g.pixels[p] = (float) ((p * (i + 1) + cls.hashCode()) % 97) / 97f;
				org.ssltem.data.ImageFiles.writePng(g, images.resolve(cls).resolve("x" + i + ".png"));
			}
		}
		PretrainConfig c = new PretrainConfig();
		c.images = images.toString();
		c.out = tmp.resolve("enc").toString();
		c.arch = "resnet18";
		c.size = 32;
		c.batch = 4;
		c.epochs = 1;
		c.projector = "16,16,32";
		c.device = "cpu";
		Pretrainer.run(c, ProgressListener.SILENT, null);

		Path csv = tmp.resolve("features.csv");
		FeatureExtractor.Summary s = FeatureExtractor.extractToCsv(Path.of(c.out), images, csv, 3, false, null, null);
		assertEquals(8, s.images());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(9, lines.size());
		assertEquals(2 + 512, lines.get(0).split(",").length);
		assertTrue(lines.get(1).startsWith("a/x0.png,a,"), lines.get(1));
		String first = Files.readString(csv);

		UserInputException e = assertThrows(UserInputException.class,
			() -> FeatureExtractor.extractToCsv(Path.of(c.out), images, csv, 3, false, null, null));
		assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
		// the same batch size reproduces every digit
		FeatureExtractor.extractToCsv(Path.of(c.out), images, csv, 3, true, null, null);
		assertEquals(first, Files.readString(csv));
		// another batch size may change the last bits (oneDNN blocks convolutions by batch size), nothing more
		FeatureExtractor.extractToCsv(Path.of(c.out), images, csv, 8, true, null, null);
		List<String> again = Files.readAllLines(csv);
		for (int row = 1; row < lines.size(); row++) {
			String[] a = lines.get(row).split(","), b = again.get(row).split(",");
			assertEquals(a[0], b[0]);
			for (int j = 2; j < a.length; j++) {
				double x = Double.parseDouble(a[j]), y = Double.parseDouble(b[j]);
				assertEquals(x, y, 1e-4 * Math.max(1, Math.abs(x)), "row " + row + " feature " + (j - 2));
			}
		}
	}

	@Test
	void notAnEncoderFolder() throws Exception {
		Path empty = Files.createDirectories(tmp.resolve("nothing"));
		UserInputException e = assertThrows(UserInputException.class,
			() -> FeatureExtractor.extractToCsv(empty, empty, tmp.resolve("f.csv"), 4, false, null, null));
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}
}
