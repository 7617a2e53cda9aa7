package org.ssltem.infer;

import org.ssltem.testing.TinyEncoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.core.ProgressListener;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearProbeTest {

	@TempDir
	static Path tmp;
	static Path data, encoder;
	static final List<String> CLASSES = List.of("bundle", "network", "singular");
	static final LinearClassifier.Options OPTIONS = LinearClassifier.Options.defaults();

	@BeforeAll
	static void encoder() throws Exception {
		data = TinyEncoder.dataset(tmp.resolve("data"), CLASSES, 8, 40, 40, 2);
		encoder = TinyEncoder.pretrain(data, tmp.resolve("encoder"));
	}

	/** baseline:texture trains and classifies like an encoder folder, and records itself as the classifier's encoder. */
	@Test
	void textureBaselineTrainsAndClassifiesWithoutAnEncoderFolder() throws Exception {
		Path out = tmp.resolve("clf-texture");
		LinearProbe.Trained t = LinearProbe.train(TextureFeatures.NAME, FeatureView.DEFAULT, data, out, OPTIONS, false, null, null);
		assertEquals(TextureFeatures.WIDTH, t.classifier().featureWidth());
		assertEquals(TextureFeatures.NAME, LinearClassifier.load(out).encoder().folder());
		LinearProbe.Classified r = LinearProbe.classify(out, null, data, tmp.resolve("pred-texture/p.csv"), false, null, null);
		assertEquals(24, r.images());
		assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, "accuracy " + r.accuracy());
	}

	/** Features taken at another size, from three stages and over 8 orientations are recorded, and classify takes them the same way. */
	@Test
	void theFeatureViewIsRecordedAndReusedWhenClassifying() throws Exception {
		Path out = tmp.resolve("clf-view");
		FeatureView view = new FeatureView(64, true, 8);
		LinearProbe.Trained t = LinearProbe.train(encoder.toString(), view, data, out, OPTIONS, false, null, null);
		LinearClassifier back = LinearClassifier.load(out);
		assertEquals(view, FeatureView.of(back));
		assertEquals(view.widthFor(org.ssltem.nn.Architecture.RESNET18), t.classifier().featureWidth());
		assertEquals(128 + 256 + 512, t.classifier().featureWidth());
		Path cache = FeatureCache.fileFor(encoder, view, 32);
		assertEquals("features-64px-stages-8orientations.bin", cache.getFileName().toString());
		assertTrue(Files.isRegularFile(cache), "the view has its own cache file");
		// classify must take the features the same way: the cache it reads is the view's, and it is not rebuilt
		long before = Files.getLastModifiedTime(cache).toMillis();
		LinearProbe.Classified r = LinearProbe.classify(out, null, data, tmp.resolve("pred-view/p.csv"), false, null, null);
		assertEquals(24, r.images());
		assertEquals(before, Files.getLastModifiedTime(cache).toMillis(), "classify reused the view's features");
	}

	/** A classifier saved before orientations were recorded classifies with the image as it is. */
	@Test
	void aClassifierWithoutRecordedOrientationsTakesEachImageAsItIs() throws Exception {
		Path out = tmp.resolve("clf-old");
		LinearProbe.train(encoder.toString(), new FeatureView(64, false, 1), data, out, OPTIONS, false, null, null);
		Path json = out.resolve(LinearClassifier.FILE);
		String text = Files.readString(json);
		assertTrue(text.contains("\"feature_orientations\": 1"), text.substring(0, Math.min(400, text.length())));
		Files.writeString(json, text.replace("\"feature_orientations\": 1,", ""));
		assertEquals(new FeatureView(64, false, 1), FeatureView.of(LinearClassifier.load(out)));
	}

	@Test
	void trainThenClassifyLabelledImagesGivesRowsProbabilitiesAndAConfusionMatrix() throws Exception {
		Path out = tmp.resolve("clf");
		LinearProbe.Trained t = LinearProbe.train(encoder, data, out, OPTIONS, false, null, null);
		assertEquals(24, t.images());
		assertTrue(Files.isRegularFile(out.resolve(LinearClassifier.FILE)));
		LinearClassifier back = LinearClassifier.load(out);
		assertEquals(CLASSES, back.classNames());
		assertEquals(org.ssltem.nn.EncoderIdentity.of(encoder), back.encoder());

		Path csv = tmp.resolve("pred/predictions.csv");
		LinearProbe.Classified r = LinearProbe.classify(out, null, data, csv, false, null, null);
		List<String> lines = Files.readAllLines(csv);
		assertEquals("file,class,predicted,p_bundle,p_network,p_singular", lines.get(0));
		assertEquals(25, lines.size());
		long correct = 0;
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			double sum = Double.parseDouble(f[3]) + Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
			assertEquals(1.0, sum, 1e-5, line);
			int best = 3;
			for (int k = 4; k <= 5; k++) if (Double.parseDouble(f[k]) > Double.parseDouble(f[best])) best = k;
			assertEquals(CLASSES.get(best - 3), f[2], "predicted is the most probable class: " + line);
			if (f[1].equals(f[2])) correct++;
		}
		assertEquals(correct / 24.0, r.accuracy(), 1e-12);
		List<String> cm = Files.readAllLines(tmp.resolve("pred/predictions-confusion.csv"));
		assertEquals(4, cm.size());
		long diagonal = 0, total = 0;
		for (int i = 1; i <= 3; i++) {
			String[] f = cm.get(i).split(",");
			for (int j = 1; j <= 3; j++) {
				total += Long.parseLong(f[j]);
				if (i == j) diagonal += Long.parseLong(f[j]);
			}
		}
		assertEquals(24, total);
		assertEquals(correct, diagonal);
		assertTrue(Files.size(tmp.resolve("pred/predictions-confusion.png")) > 0);

		UserInputException again = assertThrows(UserInputException.class, () -> LinearProbe.classify(out, null, data, csv, false, null, null));
		assertTrue(again.getMessage().contains("--overwrite"), again.getMessage());
		LinearProbe.classify(out, null, data, csv, true, null, null);
		UserInputException retrain = assertThrows(UserInputException.class, () -> LinearProbe.train(encoder, data, out, OPTIONS, false, null, null));
		assertTrue(retrain.getMessage().contains("--overwrite"), retrain.getMessage());
	}

	@Test
	void aFlatFolderIsClassifiedWithoutTruthColumns() throws Exception {
		Path out = tmp.resolve("clf-flat");
		LinearProbe.train(encoder, data, out, OPTIONS, false, null, null);
		Path flat = Files.createDirectories(tmp.resolve("flat"));
		Files.copy(data.resolve("network/img-01.png"), flat.resolve("x.png"));
		LinearProbe.Classified r = LinearProbe.classify(out, null, flat, tmp.resolve("flat.csv"), false, null, null);
		assertEquals(1, r.images());
		assertNull(r.confusion());
		assertTrue(Double.isNaN(r.accuracy()));
		assertTrue(Files.readAllLines(tmp.resolve("flat.csv")).get(0).startsWith("file,predicted,p_bundle"));
		assertFalse(Files.exists(tmp.resolve("flat-confusion.csv")));
	}

	@Test
	void classFoldersThatAreNotTheClassifiersClassesGiveAWarningAndNoConfusionMatrix() throws Exception {
		Path out = tmp.resolve("clf-names");
		LinearProbe.train(encoder, data, out, OPTIONS, false, null, null);
		Path other = tmp.resolve("other");
		Files.createDirectories(other.resolve("rods"));
		Files.copy(data.resolve("bundle/img-00.png"), other.resolve("rods/a.png"));
		TinyEncoder.Log log = new TinyEncoder.Log();
		LinearProbe.Classified r = LinearProbe.classify(out, null, other, tmp.resolve("other.csv"), false, log, null);
		assertNull(r.confusion());
		assertTrue(log.toString().contains("[rods]") && log.toString().contains("not classes of the classifier"), log.toString());
		assertEquals(1, r.warnings().size());
	}

	@Test
	void anEmptyImagesFolderIsRefused() throws Exception {
		Path out = tmp.resolve("clf-empty");
		LinearProbe.train(encoder, data, out, OPTIONS, false, null, null);
		Path empty = Files.createDirectories(tmp.resolve("empty"));
		UserInputException e = assertThrows(UserInputException.class,
			() -> LinearProbe.classify(out, null, empty, tmp.resolve("e.csv"), false, null, null));
		assertTrue(e.getMessage().contains("no images") && e.getMessage().contains("Fix:"), e.getMessage());
		assertFalse(Files.exists(tmp.resolve("e.csv")));
	}

	@Test
	void aClassFolderWithNoImagesOrOnlyOneClassIsRefused() throws Exception {
		Path d = tmp.resolve("one-class");
		Files.createDirectories(d.resolve("bundle"));
		Files.copy(data.resolve("bundle/img-00.png"), d.resolve("bundle/a.png"));
		UserInputException one = assertThrows(UserInputException.class, () -> LinearProbe.train(encoder, d, tmp.resolve("o1"), OPTIONS, false, null, null));
		assertTrue(one.getMessage().contains("only one class folder ('bundle')") && one.getMessage().contains("Fix:"), one.getMessage());
		Files.createDirectories(d.resolve("network"));
		UserInputException empty = assertThrows(UserInputException.class, () -> LinearProbe.train(encoder, d, tmp.resolve("o2"), OPTIONS, false, null, null));
		assertTrue(empty.getMessage().contains("'network' has no images") && empty.getMessage().contains("Fix:"), empty.getMessage());
		assertFalse(Files.exists(tmp.resolve("o2")));
	}

	@Test
	void aClassifierOfAnotherFeatureWidthIsRefused() {
		SplittableRandom r = new SplittableRandom(1);
		float[][] x = new float[6][2048];
		for (float[] row : x) for (int j = 0; j < row.length; j++) row[j] = (float) r.nextGaussian();
		LinearClassifier wide = LinearClassifier.train(x, new int[] { 0, 1, 2, 0, 1, 2 }, CLASSES, null, OPTIONS);
		Path dir = tmp.resolve("clf-2048");
		wide.save(dir);
		UserInputException e = assertThrows(UserInputException.class,
			() -> LinearProbe.classify(dir, encoder, data, tmp.resolve("w.csv"), false, null, null));
		assertTrue(e.getMessage().contains("expects 2048 features") && e.getMessage().contains("gives 512") && e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void anotherStateOfTheEncoderIsRefused() throws Exception {
		Path enc = TinyEncoder.pretrain(data, tmp.resolve("encoder-b"));
		Path out = tmp.resolve("clf-b");
		LinearProbe.train(enc, data, out, OPTIONS, false, null, null);
		PretrainConfig more = TinyEncoder.config(data, enc);
		more.resume = true;
		more.epochs = 2;
		Pretrainer.run(more, ProgressListener.SILENT, null);
		UserInputException e = assertThrows(UserInputException.class, () -> LinearProbe.classify(out, null, data, tmp.resolve("b.csv"), false, null, null));
		assertTrue(e.getMessage().contains("not the encoder this classifier was trained on"), e.getMessage());
	}
}
