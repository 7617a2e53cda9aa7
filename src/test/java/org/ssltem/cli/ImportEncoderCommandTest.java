package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.interop.PythonFixtures;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.InputNormalisation;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** An imported encoder is an ordinary encoder: features, label-efficiency (with batch-norm calibration), train-segmenter and segment take it. */
class ImportEncoderCommandTest {

	@TempDir
	Path tmp;

	@Test
	void importedTorchEncoderRunsThroughFeaturesLabelEfficiencyTrainSegmenterAndSegment() throws Exception {
		Path fx = PythonFixtures.write("torch", tmp.resolve("fx"), "resnet18");
		Path enc = tmp.resolve("cem-like");
		CliRun imported = CliRun.of("import-encoder", "--torch", fx.resolve("resnet18.pth").toString(), "--out", enc.toString(), "--size", "64");
		assertEquals(0, imported.code(), imported.err());
		assertTrue(imported.out().contains("resnet18-torchvision"), imported.out());

		Path dataset = TinyEncoder.dataset(tmp.resolve("dataset"), List.of("a", "b"), 5, 64, 64, 3);
		Path csv = tmp.resolve("features.csv");
		CliRun features = CliRun.of("features", "--encoder", enc.toString(), "--images", dataset.toString(), "--out", csv.toString());
		assertEquals(0, features.code(), features.err());
		assertFalse(features.err().contains("partly trained"), "an imported encoder is finished: " + features.err());
		assertFalse(EncoderManifest.read(enc).checkpointFiles.isEmpty(), "the checkpoint's files are recorded, so damage is found before use");
		List<String> rows = Files.readAllLines(csv);
		assertEquals(11, rows.size(), "header and one row per image");
		assertEquals(2 + 128 + 256 + 512, rows.get(1).split(",").length, "by default the classifiers' features: conv3-conv5 pooled");

		Path report = tmp.resolve("label-efficiency");
		CliRun le = CliRun.of("label-efficiency", "--encoder", enc.toString(), "--dataset", dataset.toString(), "--labels", "1,2", "--split_seeds", "2",
			"--max_epochs", "20", "--calibrate_bn", "--out", report.toString());
		assertEquals(0, le.code(), le.err());
		assertTrue(Files.exists(report.resolve("boxplot.png")));
		Path calibrated = report.resolve("encoders").resolve("cem-like-bn-calibrated");
		EncoderManifest cm = EncoderManifest.read(calibrated);
		assertEquals("bn_calibrated", cm.status);
		assertEquals(InputNormalisation.IMAGENET.key(), cm.inputNormalisation.key(), "the calibrated copy records the imported normalisation");
		try (TrainedEncoder t = TrainedEncoder.open(calibrated, 0, Device.choose(Device.Preference.CPU), 2)) {
			assertArrayEquals(InputNormalisation.IMAGENET.std(), t.graph.values(List.of("input_normalisation.std")).get("input_normalisation.std"),
				"and its checkpoint keeps the normalisation the network applies");
		}

		Path images = tmp.resolve("seg/images"), masks = tmp.resolve("seg/masks");
		writeBars(images, masks, 4, 64);
		Path segmenter = tmp.resolve("segmenter");
		CliRun train = CliRun.of("train-segmenter", "--encoder", enc.toString(), "--images", images.toString(), "--masks", masks.toString(), "--size", "64",
			"--labeled", "2", "--epochs", "2", "--batch", "2", "--device", "cpu", "--threads", "2", "--out", segmenter.toString());
		assertEquals(0, train.code(), train.err());
		assertTrue(Files.isRegularFile(segmenter.resolve("segmenter.json")));
		Path predicted = tmp.resolve("predicted");
		CliRun segment = CliRun.of("segment", "--segmenter", segmenter.toString(), "--images", images.toString(), "--tile", "64", "--overlap", "16", "--out", predicted.toString());
		assertEquals(0, segment.code(), segment.err());
		try (var s = Files.walk(predicted.resolve("masks"))) {
			assertEquals(4, s.filter(p -> p.toString().endsWith(".png")).count(), "one mask per image");
		}
	}

	@Test
	void badImportInputsExitWith2AndSayWhatToDo() throws Exception {
		CliRun none = CliRun.of("import-encoder", "--out", tmp.resolve("e").toString());
		assertEquals(Main.EXIT_BAD_INPUT, none.code());
		assertTrue(none.err().contains("--torch") && none.err().contains("--keras"), none.err());

		Path notWeights = Files.writeString(tmp.resolve("notes.pth"), "not a checkpoint");
		CliRun bad = CliRun.of("import-encoder", "--torch", notWeights.toString(), "--out", tmp.resolve("e").toString());
		assertEquals(Main.EXIT_BAD_INPUT, bad.code());
		assertTrue(bad.err().contains("notes.pth") && bad.err().contains("torch.save"), bad.err());
		assertFalse(Files.exists(tmp.resolve("e")), "nothing is written");

		CliRun notHdf5 = CliRun.of("import-encoder", "--keras", notWeights.toString(), "--out", tmp.resolve("e").toString());
		assertEquals(Main.EXIT_BAD_INPUT, notHdf5.code());
		assertTrue(notHdf5.err().contains("not an HDF5 file"), notHdf5.err());

		CliRun size = CliRun.of("import-encoder", "--torch", notWeights.toString(), "--size", "100", "--out", tmp.resolve("e").toString());
		assertEquals(Main.EXIT_BAD_INPUT, size.code());
		assertTrue(size.err().contains("multiple of 32"), size.err());
	}

	/** Images with one bright bar and their 0/255 masks. */
	static void writeBars(Path images, Path masks, int count, int side) throws Exception {
		Files.createDirectories(images);
		Files.createDirectories(masks);
		SplittableRandom r = new SplittableRandom(4);
		for (int n = 0; n < count; n++) {
			GreyImage g = new GreyImage(side, side);
			byte[] m = new byte[side * side];
			int y0 = 4 + r.nextInt(side - 16);
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (0.2 + 0.05 * r.nextDouble());
			for (int y = y0; y < y0 + 8; y++)
				for (int x = 0; x < side; x++) {
					g.pixels[y * side + x] = 0.8f;
					m[y * side + x] = (byte) 255;
				}
			ImageFiles.writePng(g, images.resolve("img-" + n + ".png"));
			ImageFiles.writeMaskPng(m, side, side, masks.resolve("img-" + n + ".png"));
		}
	}
}
