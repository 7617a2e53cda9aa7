package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.infer.MaskCleanup;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The annotate window's in-memory rounds: a round trains exactly as {@code train-segmenter} does on the same images
 * and sparse masks written to files, the networks are built once and kept from round to round, a stopped round writes
 * nothing and the next one starts again from the previous segmenter, and prediction on the kept networks equals
 * {@code segment}'s on a freshly opened segmenter.
 */
class InteractiveTrainerTest {

	@TempDir
	static Path dir;
	static Path encoder;
	static final int SIDE = 48;
	static List<InteractiveTrainer.Example> examples = new ArrayList<>();

	@BeforeAll
	static void data() throws Exception {
		Path pool = TinyImages.write(dir.resolve("pool"), 8, 40, 1);
		PretrainConfig c = TinyImages.config(pool, dir.resolve("enc"));
		c.epochs = 1;
		Pretrainer.run(c, ProgressListener.SILENT, null);
		encoder = dir.resolve("enc");
		Path images = Files.createDirectories(dir.resolve("images"));
		for (int n = 0; n < 2; n++) {
			GreyImage g = new GreyImage(SIDE, SIDE);
			int y0 = 10 + 12 * n;
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = 0.2f + 0.01f * (i % 7);
			for (int y = y0; y < y0 + 6; y++) for (int x = 4; x < 44; x++) g.pixels[y * SIDE + x] = 0.8f;
			Path file = images.resolve("img-" + n + ".png");
			ImageFiles.writePng(g, file);
			int[] labels = new int[SIDE * SIDE];
			java.util.Arrays.fill(labels, MaskRule.UNLABELLED);
			for (int x = 10; x < 30; x++) labels[(y0 + 2) * SIDE + x] = 1;
			for (int x = 0; x < SIDE; x++) labels[2 * SIDE + x] = 0;
			int[] png = labels.clone();
			for (int i = 0; i < png.length; i++) if (png[i] < 0) png[i] = 255;
			ImageFiles.writeMaskPng(toBytes(png), SIDE, SIDE, dir.resolve("masks").resolve("img-" + n + ".png"));
			examples.add(new InteractiveTrainer.Example("img-" + n + ".png", ImageFiles.readGrey(file), labels));
		}
	}

	static byte[] toBytes(int[] v) {
		byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
		return b;
	}

	@Test
	void aRoundInMemoryTrainsAsTrainSegmenterOnTheSameFiles() throws Exception {
		Files.createDirectories(dir.resolve("masks"));
		SegmenterConfig c = windowLikeConfig("from-files", 3);
		c.loss = "dice_ce";
		c.seed = 5;
		List<String> progress = new ArrayList<>();
		SegmenterTrainer.Result files = SegmenterTrainer.run(c, new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				progress.add(done + "/" + total + " " + message);
			}

			@Override
			public void log(String line) {}
		}, null);
		// the status bar says the network is being built, instead of keeping the last stage's "done" while it is
		assertEquals("0/6 building the network", progress.get(0), progress.toString());
		assertTrue(progress.get(1).startsWith("1/6 epoch 1/3"), progress.toString());
		try (InteractiveTrainer t = new InteractiveTrainer(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2)) {
			InteractiveTrainer.Round r = t.train(examples, 32, 6, 5, null, dir.resolve("in-memory"), ProgressListener.SILENT, null);
			assertEquals(3, r.epochs());
			assertEquals(files.lossPerEpoch().size(), r.lossPerEpoch().size());
			for (int e = 0; e < 3; e++) assertEquals(files.lossPerEpoch().get(e), r.lossPerEpoch().get(e), 1e-4, "epoch " + e);
			SegmenterManifest m = SegmenterManifest.read(r.out());
			assertEquals(List.of("img-0.png", "img-1.png"), m.labeledFiles);
			assertEquals(1, m.scaleX, 0);
		}
	}

	@Test
	void networksAreBuiltOnceAndAStoppedRoundStartsAgainFromThePreviousSegmenter() {
		TinyEncoder.Log log = new TinyEncoder.Log();
		try (InteractiveTrainer t = new InteractiveTrainer(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2)) {
			t.warmUp(32, SIDE, log, null); // as the window does at the first stroke
			assertEquals(1, count(log.toString(), "building the training network"), log.toString());
			InteractiveTrainer.Round r1 = t.train(examples, 32, 4, 0, null, dir.resolve("r1"), log, null);
			InteractiveTrainer.Round r2 = t.train(examples, 32, 4, 1, r1.out(), dir.resolve("r2"), log, null);
			assertEquals(1, count(log.toString(), "building the training network"), log.toString());
			assertTrue(r2.lossPerEpoch().get(0) < r1.lossPerEpoch().get(0), "round 2 continues from round 1: " + r1.lossPerEpoch() + " then " + r2.lossPerEpoch());
			// a later round fine-tunes at a lower rate, and its segmenter says so
			assertEquals(InteractiveTrainer.LR, SegmenterManifest.read(r1.out()).lr, 0);
			assertEquals(InteractiveTrainer.LATER_LR, SegmenterManifest.read(r2.out()).lr, 0);

			// stopped after its first step: nothing written, and the weights it changed are not where the next round starts
			CancelToken stop = new CancelToken();
			ProgressListener stopping = new ProgressListener() {
				@Override
				public void progress(String stage, long done, long total, String message) {
					stop.cancel();
				}

				@Override
				public void log(String line) {}
			};
			assertThrows(CancelToken.CancelledException.class, () -> t.train(examples, 32, 40, 2, r2.out(), dir.resolve("stopped"), stopping, stop));
			assertFalse(Files.exists(dir.resolve("stopped").resolve("segmenter.json")));
			// one step: its loss is computed before the update, so it shows which decoder the round starts from
			List<InteractiveTrainer.Example> one = examples.subList(0, 1);
			InteractiveTrainer.Round again = t.train(one, 32, 1, 3, r2.out(), dir.resolve("r3"), log, null);
			try (InteractiveTrainer cold = new InteractiveTrainer(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2)) {
				InteractiveTrainer.Round fromDisk = cold.train(one, 32, 1, 3, r2.out(), dir.resolve("r3-cold"), ProgressListener.SILENT, null);
				assertEquals(fromDisk.lossPerEpoch().get(0), again.lossPerEpoch().get(0), 1e-5, "both start from round 2's decoder");
			}

			// prediction on the kept networks equals segment's on a freshly opened segmenter
			GreyImage img = examples.get(0).image();
			try (org.ssltem.infer.LoadedSegmenters loaded = new org.ssltem.infer.LoadedSegmenters(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2)) {
			ImageSegmentation.Probabilities warm = loaded.predict(again.out(), img, 64, 16, 0, MaskCleanup.DEFAULT_MIN_COMPONENT, MaskCleanup.DEFAULT_MAX_HOLE, null, null);
			ImageSegmentation.Probabilities warmAgain = loaded.predict(again.out(), img, 64, 16, 0, MaskCleanup.DEFAULT_MIN_COMPONENT, MaskCleanup.DEFAULT_MAX_HOLE, null, null);
			ImageSegmentation.Probabilities cold = ImageSegmentation.segment(again.out(), null, img, 64, 16, 0, MaskCleanup.DEFAULT_MIN_COMPONENT,
				MaskCleanup.DEFAULT_MAX_HOLE, "cpu", 1, null, null);
			assertArrayEquals(cold.values(), warm.values(), 1e-5f);
			assertArrayEquals(warm.values(), warmAgain.values(), 0f);
			assertArrayEquals(cold.classes(), warm.classes());
			ImageSegmentation.Probabilities other = loaded.predict(r1.out(), img, 64, 16, 0, 0, 0, null, null);
			assertNotEquals(java.util.Arrays.toString(warm.values()), java.util.Arrays.toString(other.values()), "another round's decoder is loaded");
			}
		}
	}

	/**
	 * A segmenter of another decoder than the window's own (train-segmenter's refined stages, the paper's width, an
	 * ensemble of two): the window's kept networks predict with it as segment does, beside one of the window's shape,
	 * and a round continuing from it keeps its stages, width and members.
	 */
	@Test
	void aSegmenterOfAnotherDecoderIsPredictedAndContinuedAsItIs() {
		SegmenterConfig c = windowLikeConfig("paper-width", 2);
		c.decoderWidth = org.ssltem.nn.TransferredUNet.PAPER_WIDTH;
		c.ensemble = 2;
		c.decoder = "refined"; // as train-segmenter's default, unlike the window's own
		Path wide = SegmenterTrainer.run(c, ProgressListener.SILENT, null).out();
		GreyImage img = examples.get(0).image();
		try (InteractiveTrainer t = new InteractiveTrainer(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2);
			org.ssltem.infer.LoadedSegmenters loaded = new org.ssltem.infer.LoadedSegmenters(org.ssltem.nn.LoadedEncoder.open(encoder, "cpu", 1), 2))
		{
			InteractiveTrainer.Round fresh = t.train(examples, 32, 2, 0, null, dir.resolve("default-width"), ProgressListener.SILENT, null);
			assertEquals(org.ssltem.nn.DecoderShape.WINDOW, SegmenterManifest.read(fresh.out()).decoder(), "the window's quick decoder");
			InteractiveTrainer.Round continued = t.train(examples, 32, 2, 1, wide, dir.resolve("continued-wide"), ProgressListener.SILENT, null);
			assertEquals(new org.ssltem.nn.DecoderShape(org.ssltem.nn.TransferredUNet.PAPER_WIDTH, 2, org.ssltem.nn.DecoderShape.Stages.REFINED), SegmenterManifest.read(continued.out()).decoder(),
				"a round keeps its segmenter's stages, width and members");
			for (Path segmenter : List.of(fresh.out(), wide, fresh.out(), continued.out())) {
				ImageSegmentation.Probabilities kept = loaded.predict(segmenter, img, 64, 16, 0, 0, 0, null, null);
				ImageSegmentation.Probabilities cold = ImageSegmentation.segment(segmenter, null, img, 64, 16, 0, 0, 0, "cpu", 1, null, null);
				assertArrayEquals(cold.values(), kept.values(), 1e-5f, segmenter.toString());
			}
		}
	}

	/**
	 * train-segmenter on the two stroke-labelled images as the window trains: native size, 32 px windows, batch 1, the
	 * encoder's own statistics, the window's quick decoder.
	 */
	private static SegmenterConfig windowLikeConfig(String out, int epochs) {
		SegmenterConfig c = new SegmenterConfig();
		c.encoder = encoder.toString();
		c.images = dir.resolve("images").toString();
		c.masks = dir.resolve("masks").toString();
		c.classes = 2;
		c.size = 0;
		c.crop = 32;
		c.batch = 1;
		c.labeled = 2;
		c.epochs = epochs;
		// the window trains on the encoder's own batch-norm statistics
		c.calibrateBn = false;
		c.decoder = org.ssltem.nn.DecoderShape.WINDOW.stages().key;
		c.device = "cpu";
		c.threads = 1;
		c.out = dir.resolve(out).toString();
		return c;
	}

	static int count(String text, String part) {
		int n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
		return n;
	}
}
