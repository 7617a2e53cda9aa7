package org.ssltem.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.EncoderIdentity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearClassifierTest {

	@TempDir
	Path tmp;

	static final List<String> CLASSES = List.of("bundle", "network", "singular");

	/**
	 * Gaussian blobs shaped like encoder features: many weakly informative dimensions (class c is shifted by +1.5 on
	 * every third feature starting at c), unit noise.
	 */
	record Blobs(float[][] x, int[] y) {}

	static Blobs blobs(int perClass, int width, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[][] x = new float[perClass * CLASSES.size()][width];
		int[] y = new int[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = i % CLASSES.size();
			for (int j = 0; j < width; j++) x[i][j] = (float) (r.nextGaussian() + (j % CLASSES.size() == y[i] ? 1.5 : 0));
		}
		return new Blobs(x, y);
	}

	@Test
	void learnsSeparableClassesWithValidationAndEarlyStopping() {
		Blobs train = blobs(16, 256, 1), test = blobs(50, 256, 2);
		LinearClassifier c = LinearClassifier.train(train.x(), train.y(), CLASSES, null, LinearClassifier.Options.paper().withSeed(4));
		LinearClassifier.Training t = c.training();
		assertTrue(t.validated(), t.note());
		assertEquals(12, t.validationImages(), "a quarter of 16 per class, 3 classes");
		assertEquals(36, t.trainingImages());
		assertTrue(c.accuracy(test.x(), test.y()) > 0.85, "test accuracy " + c.accuracy(test.x(), test.y()));
		assertTrue(t.bestEpoch() >= 1 && t.bestEpoch() <= t.epochsRun());
		if (t.epochsRun() < 500) assertEquals(10, t.epochsRun() - t.lastGainEpoch(), "stops 10 epochs after the last gain in accuracy");
		assertTrue(t.bestEpoch() >= t.lastGainEpoch(), "ties after the gain may be kept, never earlier epochs");
		double[] p = c.predict(test.x()[0]).probabilities();
		assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
	}

	@Test
	void trainingStopsPatienceEpochsAfterTheBestValidationAccuracy() {
		// well separated: validation accuracy reaches its best within a few epochs and cannot improve after that
		Blobs train = blobs(16, 256, 5);
		for (int patience : new int[] { 3, 10 }) {
			LinearClassifier.Options o = new LinearClassifier.Options(1, 500, patience, 100, 32, 1e-3, false, true, LinearClassifier.Probe.PAPER, 0);
			LinearClassifier.Training t = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o).training();
			assertTrue(t.validated(), t.note());
			assertTrue(t.epochsRun() < 500, "stopped early, not at the cap: " + t.epochsRun() + " epochs");
			assertEquals(patience, t.epochsRun() - t.lastGainEpoch(), "patience " + patience + ": " + t.note());
		}
	}

	@Test
	void theBestEpochsWeightsAreRestored() {
		Blobs train = blobs(8, 256, 3);
		LinearClassifier.Options o = LinearClassifier.Options.paper().withSeed(2).withRefit(false);
		LinearClassifier early = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o);
		int best = early.training().bestEpoch();
		// the same run capped at the best epoch ends with the weights early stopping restored
		LinearClassifier capped = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o.withMaxEpochs(best));
		for (float[] x : blobs(5, 256, 9).x())
			assertArrayEquals(capped.predict(x).probabilities(), early.predict(x).probabilities(), 0.0);
	}

	@Test
	void refitRetrainsOnEveryLabelledImageForTheEarlyStoppedEpochCount() {
		Blobs train = blobs(8, 256, 3);
		LinearClassifier.Options o = LinearClassifier.Options.paper().withSeed(2);
		LinearClassifier paper = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o.withRefit(false));
		LinearClassifier refit = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o);
		assertEquals(paper.training().bestEpoch(), refit.training().bestEpoch(), "the validation run picks the epoch count");
		assertTrue(refit.training().note().contains("refit on all 24 labelled images for the best epoch count (" + paper.training().bestEpoch() + ")"),
			refit.training().note());
		assertFalse(paper.training().note().contains("refit"));
		float[] x = blobs(1, 256, 9).x()[0];
		assertFalse(java.util.Arrays.equals(paper.predict(x).probabilities(), refit.predict(x).probabilities()), "refit changed nothing");
		// the held-out validation images are now training images too: all 24 are classified right
		assertEquals(1.0, refit.accuracy(train.x(), train.y()), 1e-12);
	}

	@Test
	void theMaxEpochsCapHolds() {
		Blobs train = blobs(8, 256, 3);
		LinearClassifier c = LinearClassifier.train(train.x(), train.y(), CLASSES, null, LinearClassifier.Options.paper().withMaxEpochs(3));
		assertTrue(c.training().epochsRun() <= 3);
	}

	@Test
	void oneOrTwoLabelsPerClassTrainAFixedNumberOfEpochsWithoutValidation() {
		for (int k : new int[] { 1, 2, 3 }) {
			Blobs train = blobs(k, 256, 5 + k);
			LinearClassifier c = LinearClassifier.train(train.x(), train.y(), CLASSES, null, LinearClassifier.Options.paper());
			LinearClassifier.Training t = c.training();
			assertFalse(t.validated());
			assertEquals(0, t.validationImages());
			assertEquals(3 * k, t.trainingImages());
			assertEquals(100, t.epochsRun());
			assertTrue(Double.isNaN(t.bestValidationAccuracy()));
			assertTrue(t.note().contains("no validation") && t.note().contains("100 epochs"), t.note());
			assertEquals(1.0, c.accuracy(train.x(), train.y()), "fits its own labels");
		}
	}

	@Test
	void sameSeedSameClassifierOtherSeedOtherOne() {
		Blobs train = blobs(12, 256, 7);
		var o = LinearClassifier.Options.paper();
		float[] x = blobs(1, 256, 8).x()[0];
		double[] a = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o.withSeed(1)).predict(x).probabilities();
		double[] b = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o.withSeed(1)).predict(x).probabilities();
		double[] c = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o.withSeed(2)).predict(x).probabilities();
		assertArrayEquals(a, b, 0.0);
		assertNotEquals(a[0], c[0]);
	}

	@Test
	void adamsFirstStepMovesEachWeightByAboutTheLearningRate() {
		// Keras Adam at t=1: m̂/√v̂ = sign(g), so every parameter moves by lr·sign(g) (less a hair for ε)
		LinearClassifier.Adam adam = new LinearClassifier.Adam(1, 3, 1e-3);
		double[][] w = { { 0, 0, 0 } };
		double[] b = { 0 };
		adam.step(w, b, new double[][] { { 2, -0.5, 1e-3 } }, new double[] { -4 });
		assertEquals(-1e-3, w[0][0], 1e-8);
		assertEquals(1e-3, w[0][1], 1e-8);
		// for a tiny gradient ε shows: Keras divides by (√v_t + ε) with the bias correction in the step size
		double g = 1e-3, expected = -1e-3 * Math.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-7);
		assertEquals(expected, w[0][2], 1e-12);
		assertTrue(Math.abs(w[0][2]) < 0.999e-3);
		assertEquals(1e-3, b[0], 1e-8);
	}

	@Test
	void saveAndLoadGiveTheSamePredictions() throws Exception {
		Blobs train = blobs(8, 256, 11);
		EncoderIdentity id = new EncoderIdentity("/enc", "resnet18", 32, 256, "ab".repeat(32));
		LinearClassifier c = LinearClassifier.train(train.x(), train.y(), CLASSES, id, LinearClassifier.Options.defaults());
		Path file = c.save(tmp.resolve("clf"));
		assertTrue(Files.readString(file).contains("\"class_names\""));
		LinearClassifier back = LinearClassifier.load(tmp.resolve("clf"));
		assertEquals(CLASSES, back.classNames());
		assertEquals(256, back.featureWidth());
		assertEquals(id, back.encoder());
		assertEquals(c.training(), back.training());
		for (float[] x : train.x()) assertArrayEquals(c.predict(x).probabilities(), back.predict(x).probabilities(), 0.0);
	}

	@Test
	void standardisedClassifiersDoNotCareAboutTheFeatureScale() {
		Blobs train = blobs(8, 256, 13), test = blobs(10, 256, 14);
		var o = LinearClassifier.Options.paper().withStandardize(true);
		LinearClassifier plain = LinearClassifier.train(train.x(), train.y(), CLASSES, null, o);
		LinearClassifier big = LinearClassifier.train(scaled(train.x(), 1000), train.y(), CLASSES, null, o);
		float[][] bigTest = scaled(test.x(), 1000);
		for (int i = 0; i < test.x().length; i++)
			assertArrayEquals(plain.predict(test.x()[i]).probabilities(), big.predict(bigTest[i]).probabilities(), 1e-4);
		assertTrue(plain.training().note().contains("standardised"));
		LinearClassifier back = LinearClassifier.load(plain.save(tmp.resolve("std")));
		for (float[] x : test.x()) assertArrayEquals(plain.predict(x).probabilities(), back.predict(x).probabilities(), 0.0);
	}

	static float[][] scaled(float[][] x, float factor) {
		float[][] out = new float[x.length][];
		for (int i = 0; i < x.length; i++) {
			out[i] = x[i].clone();
			for (int j = 0; j < out[i].length; j++) out[i][j] *= factor;
		}
		return out;
	}

	@Test
	void featuresOfAnotherWidthAreRefusedWithAFix() {
		Blobs train = blobs(4, 256, 1);
		LinearClassifier c = LinearClassifier.train(train.x(), train.y(), CLASSES, null, LinearClassifier.Options.defaults());
		UserInputException e = assertThrows(UserInputException.class, () -> c.predict(new float[512]));
		assertTrue(e.getMessage().contains("expects 256 features") && e.getMessage().contains("512") && e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void oneClassOrAnEmptyClassIsRefused() {
		Blobs train = blobs(4, 256, 1);
		UserInputException one = assertThrows(UserInputException.class,
			() -> LinearClassifier.train(train.x(), new int[train.y().length], List.of("only"), null, LinearClassifier.Options.defaults()));
		assertTrue(one.getMessage().contains("at least 2 classes"), one.getMessage());
		int[] noThird = train.y().clone();
		for (int i = 0; i < noThird.length; i++) noThird[i] = noThird[i] % 2;
		UserInputException empty = assertThrows(UserInputException.class,
			() -> LinearClassifier.train(train.x(), noThird, CLASSES, null, LinearClassifier.Options.defaults()));
		assertTrue(empty.getMessage().contains("'singular'"), empty.getMessage());
	}

	@Test
	void aDamagedFileIsRefused() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("bad"));
		Files.writeString(dir.resolve(LinearClassifier.FILE), "{\"format\":\"ssl-tem-classifier/1\",\"class_names\":[\"a\",\"b\"],\"feature_width\":3,\"weights\":[[1,2]],\"bias\":[0,0]}");
		UserInputException e = assertThrows(UserInputException.class, () -> LinearClassifier.load(dir));
		assertTrue(e.getMessage().contains("damaged"), e.getMessage());
		assertThrows(UserInputException.class, () -> LinearClassifier.load(tmp.resolve("missing")));
	}
}
