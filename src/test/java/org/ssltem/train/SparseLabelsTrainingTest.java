package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.LabkitFiles;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train-segmenter on sparse labels: a Labkit .labeling with unlabelled pixels, and the same labels as a PNG with 255
 * for unlabelled, train identically; the same strokes with the rest called background train differently. Masks in
 * {@code images/masks/} beside the images, with one image not labelled at all, are found as they are.
 */
class SparseLabelsTrainingTest {

	@TempDir
	static Path dir;
	static Path encoder, images;
	static final int SIDE = 48;

	@BeforeAll
	static void data() throws Exception {
		Path pool = TinyImages.write(dir.resolve("pool"), 8, 40, 1);
		PretrainConfig c = TinyImages.config(pool, dir.resolve("enc"));
		c.epochs = 1;
		Pretrainer.run(c, ProgressListener.SILENT, null);
		encoder = dir.resolve("enc");
		images = Files.createDirectories(dir.resolve("images"));
		SplittableRandom r = new SplittableRandom(2);
		for (int n = 0; n < 4; n++) {
			GreyImage g = new GreyImage(SIDE, SIDE);
			int y0 = 8 + 6 * n;
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (0.2 + 0.05 * r.nextDouble());
			for (int y = y0; y < y0 + 6; y++) for (int x = 4; x < 44; x++) g.pixels[y * SIDE + x] = 0.8f;
			ImageFiles.writePng(g, images.resolve("img-" + n + ".png"));
			if (n == 3) continue; // an image nobody labelled
			// strokes: a line along the bar (nanowire) and a line across the top (background); the rest unlabelled
			int[] labels = new int[SIDE * SIDE];
			java.util.Arrays.fill(labels, IndexMask.UNLABELLED);
			for (int x = 10; x < 30; x++) labels[(y0 + 2) * SIDE + x] = 1;
			for (int x = 0; x < SIDE; x++) labels[2 * SIDE + x] = 0;
			IndexMask m = new IndexMask(SIDE, SIDE, labels, List.of("background", "nanowire"));
			LabkitFiles.writeLabeling(m, dir.resolve("labelings").resolve("img-" + n + ".labeling"), false);
			org.ssltem.annotate.MaskFiles.save(m, images.resolve("masks").resolve("img-" + n + ".png"), false);
			int[] asBackground = labels.clone();
			for (int i = 0; i < asBackground.length; i++) if (asBackground[i] < 0) asBackground[i] = 0;
			org.ssltem.annotate.MaskFiles.save(new IndexMask(SIDE, SIDE, asBackground, m.names()), dir.resolve("dense").resolve("img-" + n + ".png"), false);
		}
	}

	static SegmenterConfig config(Path masks, String out) {
		SegmenterConfig c = TinyEncoder.segmenterConfig(encoder, images, masks, dir.resolve(out));
		c.labeled = 3;
		c.epochs = 2;
		c.batch = 3;
		c.seed = 1;
		c.loss = "dice_ce";
		// the encoder's own batch-norm statistics, so that runs on different mask folders train the same network
		c.calibrateBn = false;
		return c;
	}

	@Test
	void labkitLabelingAndSparsePngTrainTheSameAndUnlabelledIsNotBackground() {
		TinyEncoder.Log log = new TinyEncoder.Log();
		SegmenterTrainer.Result labkit = SegmenterTrainer.run(config(dir.resolve("labelings"), "seg-labkit"), log, null);
		assertEquals(3, labkit.labeled());
		assertTrue(log.toString().contains("sparse:"), log.toString());
		// the window's masks/ folder inside the images folder: not searched for images; img-3 has no mask and only calibrates
		SegmenterTrainer.Result sparsePng = SegmenterTrainer.run(config(images.resolve("masks"), "seg-png"), ProgressListener.SILENT, null);
		for (int e = 0; e < 2; e++) assertEquals(labkit.lossPerEpoch().get(e), sparsePng.lossPerEpoch().get(e), 1e-6, "epoch " + e);
		SegmenterTrainer.Result dense = SegmenterTrainer.run(config(dir.resolve("dense"), "seg-dense"), ProgressListener.SILENT, null);
		assertNotEquals(labkit.lossPerEpoch().get(0), dense.lossPerEpoch().get(0), 1e-3);
		SegmenterConfig calibrated = config(images.resolve("masks"), "seg-calibrated");
		calibrated.calibrateBn = true;
		assertEquals(4, org.ssltem.nn.SegmenterManifest.read(SegmenterTrainer.run(calibrated, ProgressListener.SILENT, null).out()).calibrationImages,
			"the unlabelled image calibrates the encoder too");
	}

	@Test
	void theLabelledFractionIsOfTheTrainingSizeSoADenseMaskResizedUpIsNotCalledSparse() {
		TinyEncoder.Log sparse96 = new TinyEncoder.Log(), dense96 = new TinyEncoder.Log();
		SegmenterConfig c = config(dir.resolve("labelings"), "frac-96");
		c.epochs = 1;
		c.size = 2 * SIDE;
		SegmenterTrainer.run(c, sparse96, null);
		c = config(dir.resolve("dense"), "frac-dense-96");
		c.epochs = 1;
		c.size = 2 * SIDE;
		SegmenterTrainer.run(c, dense96, null);
		// each labelled mask: a 20 px stroke and a whole row; resizing by 2 gives every pixel four, the same fraction
		String expected = String.format(java.util.Locale.ROOT, "%.1f", 100.0 * (20 + SIDE) / (SIDE * SIDE));
		assertEquals(expected, sparseFraction(sparse96.toString()), sparse96.toString());
		assertTrue(!dense96.toString().contains("sparse:"), dense96.toString());
	}

	private static String sparseFraction(String log) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("sparse: ([0-9.]+)%").matcher(log);
		return m.find() ? m.group(1) : "";
	}

	/** One 32 px window per step, from the images resized to 64 px. */
	static SegmenterConfig windows(String out, int epochs, long seed) {
		SegmenterConfig c = config(dir.resolve("labelings"), out);
		c.size = 64;
		c.crop = 32;
		c.batch = 1;
		c.epochs = epochs;
		c.seed = seed;
		return c;
	}

	/** The window's rounds: windows around the strokes, each round starting from the previous segmenter's decoder. */
	@Test
	void warmStartContinuesFromThePreviousDecoderAndRefusesAnotherTask() {
		SegmenterConfig first = windows("round-1", 8, 0);
		SegmenterTrainer.Result r1 = SegmenterTrainer.run(first, ProgressListener.SILENT, null);
		SegmenterConfig fresh = windows("round-2-fresh", 2, 7);
		SegmenterConfig warm = windows("round-2-warm", 2, 7);
		warm.warmStart = r1.out().toString();
		double freshLoss = SegmenterTrainer.run(fresh, ProgressListener.SILENT, null).lossPerEpoch().get(0);
		double warmLoss = SegmenterTrainer.run(warm, ProgressListener.SILENT, null).lossPerEpoch().get(0);
		assertTrue(warmLoss < freshLoss, "warm " + warmLoss + " should start below fresh " + freshLoss + " (round 1 ended at " + r1.lossPerEpoch() + ")");
		SegmenterConfig other = config(dir.resolve("labelings"), "round-2-other");
		other.classes = 3;
		other.warmStart = r1.out().toString();
		var e = org.junit.jupiter.api.Assertions.assertThrows(org.ssltem.core.UserInputException.class, () -> SegmenterTrainer.run(other, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("classes"), e.getMessage());
	}

	/** A warm start from a damaged decoder is refused before training, naming the folder and the parameter. */
	@Test
	void aDamagedWarmStartIsNamedBeforeTraining() throws Exception {
		SegmenterTrainer.Result r1 = SegmenterTrainer.run(windows("to-damage", 1, 0), ProgressListener.SILENT, null);
		Path decoder = r1.out().resolve(org.ssltem.nn.SegmenterManifest.DECODER);
		Path largest;
		try (var s = Files.list(decoder)) {
			largest = s.max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
		}
		byte[] bytes = Files.readAllBytes(largest);
		Files.write(largest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		SegmenterConfig warm = windows("from-damaged", 1, 0);
		warm.warmStart = r1.out().toString();
		var e = org.junit.jupiter.api.Assertions.assertThrows(org.ssltem.core.UserInputException.class, () -> SegmenterTrainer.run(warm, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains(decoder.toString()) && e.getMessage().contains("--warm_start"), e.getMessage());
		if (Files.exists(dir.resolve("from-damaged")))
			try (var s = Files.list(dir.resolve("from-damaged"))) {
				assertTrue(s.findAny().isEmpty(), "nothing written");
			}
	}
}
