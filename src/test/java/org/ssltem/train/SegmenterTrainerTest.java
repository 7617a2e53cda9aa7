package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.augment.SegmentationAugment;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.infer.TiledInference;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderCalibration;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.Segmenter;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmenterTrainerTest {

	@TempDir
	static Path shared;
	static Path encoder, otherEncoder, images, masks;

	/** A tiny pretrained ResNet18 (32 px) and 6 images of bright bars with their 0/255 masks. */
	@BeforeAll
	static void encoderAndData() throws Exception {
		Path pool = TinyImages.write(shared.resolve("pool"), 8, 40, 1);
		PretrainConfig c = TinyImages.config(pool, shared.resolve("enc"));
		c.epochs = 1;
		Pretrainer.run(c, ProgressListener.SILENT, null);
		encoder = shared.resolve("enc");
		PretrainConfig c2 = TinyImages.config(pool, shared.resolve("enc2"));
		c2.epochs = 1;
		c2.seed = 4;
		Pretrainer.run(c2, ProgressListener.SILENT, null);
		otherEncoder = shared.resolve("enc2");
		images = shared.resolve("images");
		masks = shared.resolve("masks");
		writeBars(images, masks, 6, 48);
	}

	static void writeBars(Path images, Path masks, int count, int side) throws Exception {
		Files.createDirectories(images.resolve("set"));
		Files.createDirectories(masks.resolve("set"));
		SplittableRandom r = new SplittableRandom(9);
		for (int n = 0; n < count; n++) {
			GreyImage g = new GreyImage(side, side);
			byte[] m = new byte[side * side];
			int y0 = 4 + r.nextInt(side - 16), x0 = 2 + r.nextInt(side / 2);
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (0.2 + 0.05 * r.nextDouble());
			for (int y = y0; y < y0 + 6; y++)
				for (int x = x0; x < Math.min(side, x0 + side / 2); x++) {
					g.pixels[y * side + x] = 0.8f;
					m[y * side + x] = (byte) 255;
				}
			ImageFiles.writePng(g, images.resolve("set/img-" + n + ".png"));
			ImageFiles.writeMaskPng(m, side, side, masks.resolve("set/img-" + n + ".png"));
		}
	}

	static SegmenterConfig config(Path out) {
		return config(encoder, images, masks, out);
	}

	/** The tiny settings of these tests (32 px, 4 labelled images, 3 epochs) on any encoder and data. */
	static SegmenterConfig config(Path encoder, Path images, Path masks, Path out) {
		return TinyEncoder.segmenterConfig(encoder, images, masks, out);
	}

	@Test
	void trainsWritesDecoderAndManifestNamingTheEncoder() {
		Path out = shared.resolve("seg");
		SegmenterConfig c = config(out);
		c.loss = "dice";
		SegmenterTrainer.Result r = SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		assertEquals(3, r.lossPerEpoch().size());
		assertTrue(r.lossPerEpoch().stream().allMatch(v -> v >= 0 && v <= 1.0001), "1 - Dice lies in [0,1]: " + r.lossPerEpoch());
		SegmenterManifest m = SegmenterManifest.read(out);
		assertEquals("dice", m.loss);
		assertEquals(4, m.labeledFiles.size());
		assertEquals("coverage", m.labelChoice, "4 of 6 pairs, chosen by coverage by default");
		assertEquals(32 / 48.0, m.scaleX, 1e-12, "48 px images trained at 32 px");
		assertEquals(32 / 48.0, m.scaleY, 1e-12);
		assertEquals(SegmenterManifest.encoderHash(encoder), m.encoderSha256);
		assertEquals(Versions.processor(), m.versions.get("processor"));
		assertEquals(Versions.all(true).keySet(), m.versions.keySet(), "segmenters record versions under the same keys as encoders");
		assertEquals(encoder, m.checkedEncoder(out, null));
		UserInputException e = assertThrows(UserInputException.class, () -> m.checkedEncoder(out, otherEncoder));
		assertTrue(e.getMessage().contains("not the encoder this segmenter was trained on"), e.getMessage());
		UserInputException again = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(config(out), ProgressListener.SILENT, null));
		assertTrue(again.getMessage().contains("not empty"), again.getMessage());
	}

	/**
	 * Without a size, 128 px images of 1 px wires train at 256 px (twice their side: 224 would leave the wires under
	 * the encoder's first stride), and segmenter.json and the log say why; the bars of the other tests are wide enough
	 * for 224.
	 */
	@Test
	void withoutASizeThinWiresTrainLargerAndTheChoiceIsRecorded() throws Exception {
		Path thinImages = shared.resolve("thin-images"), thinMasks = shared.resolve("thin-masks");
		Files.createDirectories(thinImages);
		Files.createDirectories(thinMasks);
		for (int n = 0; n < 2; n++) {
			GreyImage g = new GreyImage(128, 128);
			byte[] m = new byte[128 * 128];
			for (int i = 0; i < m.length; i++) {
				int x = i % 128, y = i / 128;
				boolean wire = y == 40 + 30 * n || x == 50 + 20 * n;
				m[i] = (byte) (wire ? 255 : 0);
				g.pixels[i] = wire ? 0.8f : 0.2f;
			}
			ImageFiles.writePng(g, thinImages.resolve("w" + n + ".png"));
			ImageFiles.writeMaskPng(m, 128, 128, thinMasks.resolve("w" + n + ".png"));
		}
		Path out = shared.resolve("seg-auto");
		SegmenterConfig c = config(encoder, thinImages, thinMasks, out);
		c.size = null;
		c.labeled = 2;
		c.epochs = 1;
		c.batch = 2;
		TinyEncoder.Log log = new TinyEncoder.Log();
		SegmenterTrainer.run(c, log, null);
		SegmenterManifest m = SegmenterManifest.read(out);
		assertEquals(256, m.size);
		assertEquals(2.0, m.scaleX, 1e-12, "segment enlarges new images the same way");
		assertEquals(1.0, m.structureWidthPx, 1e-12);
		assertTrue(m.sizeChoice.contains("training at 256 px"), m.sizeChoice);
		assertTrue(log.toString().contains("training at 256 px") && log.toString().contains("pass {{size}} 224 to train faster"), log.toString());

		TrainingSize.Choice bars = TrainingSize.choose(config(shared.resolve("unused")));
		assertEquals(224, bars.size(), bars.reason());
	}

	@Test
	void seededChoiceIsReproducibleAndDependsOnTheSeed() {
		var pairs = org.ssltem.data.MatchedFiles.match(images, "--images", masks, "--masks");
		assertEquals(LabelChoice.random(pairs, 3, 1), LabelChoice.random(pairs, 3, 1));
		Set<Object> choices = new HashSet<>();
		for (long seed = 0; seed < 10; seed++) choices.add(LabelChoice.random(pairs, 3, seed).stream().map(p -> p.key()).toList());
		assertTrue(choices.size() > 1, "different seeds choose different images");
		assertEquals(120, SegmenterConfig.paperEpochs(1));
		assertEquals(120, SegmenterConfig.paperEpochs(4));
		assertEquals(60, SegmenterConfig.paperEpochs(8));
		assertEquals(60, SegmenterConfig.paperEpochs(12));
		assertEquals(40, SegmenterConfig.paperEpochs(16));
		assertEquals(30, SegmenterConfig.paperEpochs(32));
		assertEquals(20, SegmenterConfig.paperEpochs(80));
	}

	@Test
	void badInputsAreRefusedBeforeTraining() throws Exception {
		Path badMasks = shared.resolve("badmasks");
		Files.createDirectories(badMasks.resolve("set"));
		for (int n = 0; n < 6; n++) ImageFiles.writeMaskPng(new byte[40 * 48], 40, 48, badMasks.resolve("set/img-" + n + ".png"));
		SegmenterConfig c = config(shared.resolve("bad1"));
		c.masks = badMasks.toString();
		c.labeled = 6;
		UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("40×48") && e.getMessage().contains("48×48"), e.getMessage());

		SegmenterConfig many = config(shared.resolve("bad2"));
		many.labeled = 7;
		assertTrue(assertThrows(UserInputException.class, () -> SegmenterTrainer.run(many, ProgressListener.SILENT, null)).getMessage().contains("--labeled"));
		SegmenterConfig size = config(shared.resolve("bad3"));
		size.size = 50;
		assertTrue(assertThrows(UserInputException.class, () -> SegmenterTrainer.run(size, ProgressListener.SILENT, null)).getMessage().contains("multiple of 32"));
		assertFalse(Files.exists(shared.resolve("bad1")) || Files.exists(shared.resolve("bad2")) || Files.exists(shared.resolve("bad3")));
	}

	/**
	 * A trained segmenter (native size: the 48 px images are padded to 64) run on a 96 px image: 64 px tiles with a
	 * 32 px overlap, blended, against one pass over the whole image. Tiles see less context near their edges, so the
	 * two are close, not identical.
	 */
	@Test
	void tiledInferenceMatchesWholeImageInference() throws Exception {
		Path out = shared.resolve("seg-native");
		SegmenterConfig c = config(out);
		c.size = 0;
		c.epochs = 6;
		c.labeled = 6;
		List<String> logs = new ArrayList<>();
		SegmenterTrainer.run(c, new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {}

			@Override
			public void log(String line) {
				logs.add(line);
			}
		}, null);
		assertTrue(logs.stream().anyMatch(l -> l.contains("padded 48x48 -> 64x64")), logs.toString());
		assertEquals("dice_ce", SegmenterManifest.read(out).loss, "Dice plus cross-entropy unless the user asks for the paper's Dice");
		Path big = shared.resolve("big");
		writeBars(big, shared.resolve("bigmasks"), 1, 96);
		GreyImage image = ImageFiles.readGrey(big.resolve("set/img-0.png"));
		var cpu = Device.choose(Device.Preference.CPU);
		float[] whole;
		try (Segmenter s = Segmenter.open(out, null, 96, 96, cpu, 2)) {
			whole = s.graph.predict(image.pixels, 1);
		}
		float[] tiled;
		try (Segmenter s = Segmenter.open(out, null, 64, 64, cpu, 2)) {
			tiled = TiledInference.predict(image, 64, 32, 1, px -> s.graph.predict(px, 1), null);
		}
		double meanAbs = 0, max = 0;
		int agree = 0;
		for (int i = 0; i < whole.length; i++) {
			double d = Math.abs(whole[i] - tiled[i]);
			meanAbs += d / whole.length;
			max = Math.max(max, d);
			if ((whole[i] >= 0.5f) == (tiled[i] >= 0.5f)) agree++;
		}
		System.out.printf("tiled vs whole: mean |dp| %.4f, max %.4f, mask agreement %.4f%n", meanAbs, max, agree / (double) whole.length);
		assertTrue(meanAbs < 0.05, "mean |p_tiled - p_whole| = " + meanAbs);
		assertTrue(agree >= 0.97 * whole.length, "masks agree on " + agree + " of " + whole.length + " pixels");
	}

	/**
	 * Segmenters record their decoder's stages and width; one written before either was recorded (the paper's) still
	 * runs with the same output, and a warm start keeps its segmenter's decoder, refusing another one given.
	 */
	@Test
	void decoderIsRecordedOlderSegmentersRunAsThePapersAndWarmStartsKeepIt() throws Exception {
		SegmenterConfig narrow = config(shared.resolve("seg-default-width"));
		SegmenterTrainer.run(narrow, ProgressListener.SILENT, null);
		SegmenterManifest refined = SegmenterManifest.read(shared.resolve("seg-default-width"));
		assertEquals(org.ssltem.nn.TransferredUNet.DEFAULT_WIDTH, refined.decoderWidth);
		assertEquals("refined", refined.decoder);
		assertEquals(org.ssltem.nn.DecoderShape.DEFAULT, refined.decoder());

		Path paper = shared.resolve("seg-paper-width");
		SegmenterConfig wide = config(paper);
		wide.decoderWidth = org.ssltem.nn.TransferredUNet.PAPER_WIDTH;
		wide.decoder = "paper";
		SegmenterTrainer.run(wide, ProgressListener.SILENT, null);
		assertEquals(1024, SegmenterManifest.read(paper).decoderWidth);
		GreyImage image = org.ssltem.data.Resize.bilinear(ImageFiles.readGrey(images.resolve("set/img-0.png")), 32, 32);
		var cpu = Device.choose(Device.Preference.CPU);
		float[] recorded;
		try (Segmenter s = Segmenter.open(paper, null, 32, 32, cpu, 2)) {
			assertEquals(1024, s.graph.decoder.width());
			recorded = s.graph.predict(image.pixels, 1);
		}
		// as a segmenter of an older build: no decoder_width in segmenter.json
		Path json = paper.resolve(SegmenterManifest.FILE);
		com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		assertTrue(o.remove("decoder_width") != null && o.remove("ensemble") != null && o.remove("decoder") != null, o.keySet().toString());
		Files.writeString(json, o.toString());
		try (Segmenter s = Segmenter.open(paper, null, 32, 32, cpu, 2)) {
			assertEquals(new org.ssltem.nn.DecoderShape(1024, 1, org.ssltem.nn.DecoderShape.Stages.PAPER), s.graph.decoder,
				"an unrecorded decoder is the paper's, as wide as the paper's, and alone");
			assertArrayEquals(recorded, s.graph.predict(image.pixels, 1), 0f);
		}

		SegmenterManifest warm = warmStarted(paper, "seg-warm-from-paper");
		assertEquals(1024, warm.decoderWidth, "a warm start keeps its decoder's width");
		assertEquals("paper", warm.decoder, "and its stages");
		String message = refused("seg-warm-conflict", c -> {
			c.warmStart = paper.toString();
			c.decoderWidth = 256;
		});
		assertTrue(message.contains("1024 filters wide") && message.contains("--decoder_width"), message);
		message = refused("seg-warm-stages-conflict", c -> {
			c.warmStart = shared.resolve("seg-default-width").toString();
			c.decoder = "paper";
		});
		assertTrue(message.contains("refined decoder") && message.contains("--decoder asks for paper") && message.contains("leave --decoder at its default"), message);
		message = refused("seg-unknown-decoder", c -> c.decoder = "deep");
		assertTrue(message.contains("unknown --decoder 'deep'") && message.contains("--decoder refined"), message);
		message = refused("seg-odd-width", c -> c.decoderWidth = 100);
		assertTrue(message.startsWith("--decoder_width must be a multiple of 8"), message);
	}

	/** The manifest of a segmenter trained into {@code out} from {@code from}'s decoder, with the test's defaults otherwise. */
	private SegmenterManifest warmStarted(Path from, String out) {
		SegmenterConfig c = config(shared.resolve(out));
		c.warmStart = from.toString();
		SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		return SegmenterManifest.read(shared.resolve(out));
	}

	/** The message of the user-input error that training into {@code out} with {@code change} made to the test's config gives. */
	private String refused(String out, java.util.function.Consumer<SegmenterConfig> change) {
		SegmenterConfig c = config(shared.resolve(out));
		change.accept(c);
		return assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null)).getMessage();
	}

	/**
	 * --ensemble 2 trains two decoders, records them, and segments with their mean; a warm start keeps them, refusing
	 * another count given, and an impossible count names the option.
	 */
	@Test
	void anEnsembleIsRecordedSegmentsAsTheMeanOfItsMembersAndWarmStartsKeepIt() throws Exception {
		Path two = shared.resolve("seg-ensemble");
		SegmenterConfig c = config(two);
		c.ensemble = 2;
		SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		SegmenterManifest m = SegmenterManifest.read(two);
		assertEquals(new org.ssltem.nn.DecoderShape(org.ssltem.nn.TransferredUNet.DEFAULT_WIDTH, 2, org.ssltem.nn.DecoderShape.Stages.REFINED), m.decoder());
		GreyImage image = org.ssltem.data.Resize.bilinear(ImageFiles.readGrey(images.resolve("set/img-0.png")), 32, 32);
		try (Segmenter s = Segmenter.open(two, null, 32, 32, Device.choose(Device.Preference.CPU), 2);
			org.tensorflow.types.TFloat32 x = org.ssltem.nn.Tensors.floats(org.tensorflow.ndarray.Shape.of(1, 32, 32, 1), image.pixels);
			org.tensorflow.Result r = s.graph.session.runner().feed(s.graph.input(), x).fetch(s.graph.network.members().get(0).probabilities())
				.fetch(s.graph.network.members().get(1).probabilities()).run())
		{
			float[] a = org.ssltem.nn.Tensors.toArray((org.tensorflow.types.TFloat32) r.get(0)), b = org.ssltem.nn.Tensors.toArray((org.tensorflow.types.TFloat32) r.get(1));
			assertTrue(s.graph.decoderVariables.containsKey("decoder2_head.bias"), s.graph.decoderVariables.keySet().toString());
			float[] mean = s.graph.predict(image.pixels, 1);
			boolean differ = false;
			for (int i = 0; i < mean.length; i++) {
				assertEquals((a[i] + b[i]) / 2, mean[i], 1e-6);
				differ |= Math.abs(a[i] - b[i]) > 1e-4;
			}
			assertTrue(differ, "the two trained members predict identically");
		}

		assertEquals(2, warmStarted(two, "seg-warm-from-ensemble").ensemble, "a warm start keeps its decoders");
		String message = refused("seg-warm-ensemble-conflict", conflicting -> {
			conflicting.warmStart = two.toString();
			conflicting.ensemble = 3;
		});
		assertTrue(message.contains("has 2 decoders") && message.contains("--ensemble"), message);
		message = refused("seg-ensemble-too-many", many -> many.ensemble = 9);
		assertTrue(message.startsWith("--ensemble must be 1 to 8"), message);
	}

	/**
	 * --calibrate_bn: the encoder's weights stay as pretrained, its batch-norm statistics are re-measured on all six
	 * images (not only the four labelled), stored with the decoder and used when the segmenter runs.
	 */
	@Test
	void calibratedEncoderStatisticsAreMeasuredStoredAndUsedWhileTheWeightsStay() {
		Path out = shared.resolve("seg-calibrated");
		SegmenterConfig c = config(out);
		c.calibrateBn = true;
		SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		SegmenterManifest m = SegmenterManifest.read(out);
		assertTrue(m.encoderBnCalibrated);
		assertEquals(6, m.calibrationImages);

		Map<String, float[]> pretrained = PretrainerTestAccess.weights(encoder);
		var cpu = Device.choose(Device.Preference.CPU);
		GreyImage image = org.ssltem.data.Resize.bilinear(ImageFiles.readGrey(images.resolve("set/img-0.png")), 32, 32);
		float[] calibratedPrediction, plainPrediction;
		try (Segmenter s = Segmenter.open(out, null, 32, 32, cpu, 2)) {
			Map<String, Variable<TFloat32>> statistics = EncoderCalibration.movingStatistics(s.graph.encoderVariables);
			Map<String, float[]> now = s.graph.values(s.graph.encoderVariables);
			int changed = 0;
			for (var e : now.entrySet()) {
				float[] before = pretrained.get(e.getKey());
				if (statistics.containsKey(e.getKey())) {
					if (!java.util.Arrays.equals(before, e.getValue())) changed++;
				}
				else assertArrayEquals(before, e.getValue(), 0f, "weight " + e.getKey() + " changed");
			}
			assertEquals(statistics.size(), changed, "every moving statistic is re-measured");
			calibratedPrediction = s.graph.predict(image.pixels, 1);
			s.graph.restoreEncoder(EncoderManifest.read(encoder).checkpointFolder(encoder));
			plainPrediction = s.graph.predict(image.pixels, 1);
		}
		double diff = 0;
		for (int i = 0; i < plainPrediction.length; i++) diff = Math.max(diff, Math.abs(plainPrediction[i] - calibratedPrediction[i]));
		assertTrue(diff > 1e-3, "the calibrated statistics change the prediction (max |dp| " + diff + ")");
	}

	/**
	 * Precise averaging: the first batch norm's moving mean measured one image at a time equals that of one batch of
	 * all images (its input, conv1, does not depend on the batching; deeper layers see inputs normalised per batch).
	 */
	@Test
	void calibrationMeansDoNotDependOnTheBatching() {
		List<float[]> pixels = new ArrayList<>();
		for (int n = 0; n < 6; n++) pixels.add(org.ssltem.data.Resize.bilinear(ImageFiles.readGrey(images.resolve("set/img-" + n + ".png")), 32, 32).pixels);
		var cpu = Device.choose(Device.Preference.CPU).sessionConfig(2);
		var arch = org.ssltem.nn.Architecture.parse(EncoderManifest.read(encoder).architecture);
		Path ckpt = EncoderManifest.read(encoder).checkpointFolder(encoder);
		Path one = shared.resolve("bn-one"), all = shared.resolve("bn-all");
		EncoderCalibration.measure(arch, 32, 32, ckpt, pixels, 1, one, cpu, null, null);
		EncoderCalibration.measure(arch, 32, 32, ckpt, pixels, 6, all, cpu, null, null);
		try (var g = org.ssltem.nn.SegmenterGraph.build(arch, 32, 32, 2, org.ssltem.nn.DecoderShape.DEFAULT, false, null, 0, cpu)) {
			g.initialize();
			g.restoreEncoderStatistics(one);
			Map<String, float[]> a = g.values(EncoderCalibration.movingStatistics(g.encoderVariables));
			g.restoreEncoderStatistics(all);
			Map<String, float[]> b = g.values(EncoderCalibration.movingStatistics(g.encoderVariables));
			String first = "conv1_bn.moving_mean";
			assertTrue(a.containsKey(first), a.keySet().toString());
			for (int i = 0; i < a.get(first).length; i++)
				assertEquals(b.get(first)[i], a.get(first)[i], 1e-5 * (1 + Math.abs(b.get(first)[i])), first + "[" + i + "]");
			assertFalse(java.util.Arrays.equals(PretrainerTestAccess.weights(encoder).get(first), b.get(first)), "re-measured, not the pretrained mean");
		}
	}

	/** --crop: training on random windows; the manifest says so, and a bad crop is refused before training. */
	@Test
	void cropTrainingRunsAndBadCropsAreRefused() {
		Path out = shared.resolve("seg-crop");
		SegmenterConfig c = config(out);
		c.size = 64;
		c.crop = 32;
		SegmenterTrainer.Result r = SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		assertEquals(3, r.lossPerEpoch().size());
		assertEquals(32, SegmenterManifest.read(out).crop);
		for (int bad : new int[] { 48, 96, -32 }) {
			SegmenterConfig b = config(shared.resolve("bad-crop" + bad));
			b.size = 64;
			b.crop = bad;
			UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(b, ProgressListener.SILENT, null));
			assertTrue(e.getMessage().contains("--crop"), e.getMessage());
			assertFalse(Files.exists(shared.resolve("bad-crop" + bad)));
		}
	}

	@Test
	void cropWindowsAndTheirGridCoverTheImage() {
		assertArrayEquals(new int[] { 0, 32 }, SegmentationAugment.gridStarts(64, 32));
		assertArrayEquals(new int[] { 0, 32, 40 }, SegmentationAugment.gridStarts(72, 32));
		assertArrayEquals(new int[] { 0 }, SegmentationAugment.gridStarts(32, 32));
		int w = 6;
		float[] img = new float[w * 4];
		int[] cls = new int[w * 4];
		for (int i = 0; i < img.length; i++) cls[i] = (int) (img[i] = i);
		float[] a = new float[4];
		int[] b = new int[4];
		SegmentationAugment.crop(img, w, 3, 1, 2, 2, a);
		SegmentationAugment.crop(cls, w, 3, 1, 2, 2, b);
		assertArrayEquals(new float[] { 9, 10, 15, 16 }, a, 0f);
		assertArrayEquals(new int[] { 9, 10, 15, 16 }, b);
	}

	/** Flips and rotations move image and mask together: a pixel's label follows the pixel. */
	@Test
	void augmentationKeepsImageAndMaskAligned() {
		int w = 5;
		float[] img = new float[w * w];
		int[] cls = new int[w * w];
		for (int i = 0; i < img.length; i++) {
			img[i] = i;
			cls[i] = i;
		}
		for (int turns = 0; turns < 4; turns++)
			for (boolean flip : new boolean[] { false, true }) {
				int[] map = SegmentationAugment.mapping(w, w, flip, turns);
				float[] a = new float[w * w];
				int[] b = new int[w * w];
				SegmentationAugment.apply(img, a, map);
				SegmentationAugment.apply(cls, b, map);
				for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 0f);
				int[] sorted = b.clone();
				java.util.Arrays.sort(sorted);
				assertArrayEquals(cls, sorted, "a permutation");
			}
		assertThrows(IllegalArgumentException.class, () -> SegmentationAugment.mapping(4, 3, false, 1));
	}
}
