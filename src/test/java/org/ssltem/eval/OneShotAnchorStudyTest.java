package org.ssltem.eval;

import org.ssltem.testing.TinyEncoder;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Splits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneShotAnchorStudyTest {

	@TempDir
	Path tmp;

	@Test
	void spearmanGivesTiesTheirAverageRank() {
		// x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4; both mean 2.5.
		// Σdx·dy = 2.25 + 0 + 0 + 2.25 = 4.5, Σdx² = 4.5, Σdy² = 2.25 + 0.25 + 0.25 + 2.25 = 5 → ρ = 4.5 / √(4.5·5) = √0.9
		double[] x = { 1, 2, 2, 3 }, y = { 10, 30, 20, 40 };
		assertArrayEquals(new double[] { 1, 2.5, 2.5, 4 }, OneShotAnchorStudy.averageRanks(x), 0);
		assertEquals(Math.sqrt(0.9), OneShotAnchorStudy.spearman(x, y), 1e-12);
		assertEquals(-Math.sqrt(0.9), OneShotAnchorStudy.spearman(x, new double[] { -10, -30, -20, -40 }), 1e-12);
		assertEquals(1.0, OneShotAnchorStudy.spearman(new double[] { 1, 5, 7 }, new double[] { 0.1, 0.2, 9 }), 1e-12, "monotone = 1");
		assertTrue(Double.isNaN(OneShotAnchorStudy.spearman(x, new double[] { 3, 3, 3, 3 })), "constant accuracy: undefined");
	}

	@Test
	void quartersAreTakenByDistance() {
		double[] d = { 0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4 }, acc = { 0.5, 1.0, 0.1, 0.7, 0.3, 0.9, 0.2, 0.6 };
		OneShotAnchorStudy.Relation r = OneShotAnchorStudy.relate("x", d, acc);
		assertEquals(2, r.quartileSize());
		assertEquals((1.0 + 0.9) / 2, r.nearestQuartileMedianAccuracy(), 1e-12, "d 0.1 and 0.2");
		assertEquals((0.2 + 0.1) / 2, r.farthestQuartileMedianAccuracy(), 1e-12, "d 0.8 and 0.9");
		assertEquals(-1.0, r.spearman(), 1e-12);
	}

	@Test
	void masksAreFoundByRelativePathElseByNameAlone() throws Exception {
		Path data = tmp.resolve("data");
		for (String f : List.of("p/p1.png", "p/p2.png", "q/q1.png")) {
			Files.createDirectories(data.resolve(f).getParent());
			ImageFiles.writeMaskPng(new byte[16], 4, 4, data.resolve(f)); // any image will do
		}
		Path masks = tmp.resolve("masks");
		Files.createDirectories(masks.resolve("p"));
		byte[] quarter = new byte[16];
		Arrays.fill(quarter, 0, 4, (byte) 1);
		ImageFiles.writeMaskPng(quarter, 4, 4, masks.resolve("p/p1.png")); // relative path
		ImageFiles.writeMaskPng(new byte[16], 4, 4, masks.resolve("p2.png")); // name alone
		byte[] half = new byte[16];
		Arrays.fill(half, 0, 8, (byte) 2);
		ImageFiles.writeMaskPng(half, 4, 4, masks.resolve("q1.png"));
		ImageDataset ds = ImageDataset.scan(data);
		double[] d = OneShotAnchorStudy.maskDensities(ds, masks, new org.ssltem.data.MaskRule(256, null), null, null);
		assertArrayEquals(new double[] { 0.25, 0, 0.5 }, d, 1e-12);
		// --foreground 1: the value-2 pixels of q1 are not nanowire
		double[] fg1 = OneShotAnchorStudy.maskDensities(ds, masks, new org.ssltem.data.MaskRule(256, 1), null, null);
		assertArrayEquals(new double[] { 0.25, 0, 0 }, fg1, 1e-12);
		// a same-named mask in another sub-folder is not q/q1's mask
		Files.createDirectories(masks.resolve("other"));
		Files.move(masks.resolve("q1.png"), masks.resolve("other/q1.png"));
		UserInputException e = assertThrows(UserInputException.class, () -> OneShotAnchorStudy.maskDensities(ds, masks,
			new org.ssltem.data.MaskRule(256, null), null, null));
		assertTrue(e.getMessage().contains("q1.png") && e.getMessage().contains("has no mask"), e.getMessage());
	}

	@Test
	void oneShotSetsHoldOneTrainingImagePerClassAndRelateAccuracyToDistances() throws Exception {
		List<String> classes = List.of("a", "b", "c");
		Path data = TinyEncoder.dataset(tmp.resolve("data"), classes, 6, 40, 40, 8);
		Path enc = TinyEncoder.pretrain(data, tmp.resolve("enc"));
		AnchorStudy.Config c = new AnchorStudy.Config();
		c.encoder = enc;
		c.dataset = data;
		c.out = tmp.resolve("anchors");
		c.splitSeeds = 2;
		c.randomDraws = 1;
		c.oneShotDraws = 5;
		c.seed = 3;
		AnchorStudy.Report r = AnchorStudy.run(c, null, null);

		ImageDataset ds = ImageDataset.scan(data);
		int[] classOf = ds.classIndices();
		assertEquals(2 * 5, r.oneShot().sets().size(), "splits × draws");
		for (OneShotAnchorStudy.AnchorSet s : r.oneShot().sets()) {
			int[] train = Splits.stratified(classOf, 0.2, s.splitSeed()).train();
			assertEquals(3, s.anchors().length);
			for (int cl = 0; cl < 3; cl++) {
				int a = s.anchors()[cl];
				assertEquals(cl, classOf[a], "anchor of class " + cl);
				assertTrue(Arrays.stream(train).anyMatch(t -> t == a), "anchor " + a + " is in the training part of split " + s.splitSeed());
			}
			assertTrue(s.featureDistance() >= 0 && s.featureDistance() <= 2, "cosine distance");
			assertTrue(s.featurePercentile() >= 0 && s.featurePercentile() < 1, "percentile");
			assertTrue(Double.isNaN(s.densityDistance()), "no masks");
		}
		List<String> csv = Files.readAllLines(c.out.resolve(OneShotAnchorStudy.CSV));
		assertEquals("split_seed,draw,anchor_a,anchor_b,anchor_c,test_accuracy,feature_distance_to_median,feature_percentile,density_distance_to_median",
			csv.get(0));
		assertEquals(1 + 10, csv.size());
		for (String line : csv.subList(1, csv.size())) {
			String[] f = line.split(",", -1);
			assertEquals(9, f.length, line);
			for (int cl = 0; cl < 3; cl++) assertTrue(f[2 + cl].startsWith(classes.get(cl) + "/"), line);
			double acc = Double.parseDouble(f[5]);
			assertTrue(acc >= 0 && acc <= 1, line);
			assertEquals("", f[8], "density column empty without masks: " + line);
		}
		JsonObject json = JsonParser.parseString(Files.readString(c.out.resolve(OneShotAnchorStudy.JSON))).getAsJsonObject();
		assertEquals(10, json.get("sets").getAsInt());
		JsonArray rel = json.getAsJsonArray("relations");
		assertEquals(2, rel.size(), "feature distance and percentile, no density");
		assertEquals(OneShotAnchorStudy.FEATURE, rel.get(0).getAsJsonObject().get("distance").getAsString());
		double acc0 = r.oneShot().relation(OneShotAnchorStudy.FEATURE).nearestQuartileMedianAccuracy();
		assertEquals(acc0, rel.get(0).getAsJsonObject().get("nearest_quartile_median_accuracy").getAsDouble(), 1e-12);
		assertTrue(Files.size(c.out.resolve(OneShotAnchorStudy.PNG)) > 1000);
		assertFalse(Files.exists(c.out.resolve(OneShotAnchorStudy.DENSITY_PNG)));

		// deterministic with a seed; another seed draws other sets
		c.overwrite = true;
		AnchorStudy.run(c, null, null);
		assertEquals(csv, Files.readAllLines(c.out.resolve(OneShotAnchorStudy.CSV)));
		c.seed = 4;
		AnchorStudy.run(c, null, null);
		assertFalse(csv.equals(Files.readAllLines(c.out.resolve(OneShotAnchorStudy.CSV))), "seed 4 draws other anchor sets than seed 3");
		c.seed = 3;

		// masks at the images' relative paths: image n of each class has n+1 foreground rows of 10 (0/255, like a binary mask)
		Path masks = tmp.resolve("masks");
		double[] density = new double[ds.size()];
		for (int i = 0; i < ds.size(); i++) {
			Path image = ds.entries().get(i).file();
			int n = Integer.parseInt(image.getFileName().toString().replaceAll("\\D", ""));
			byte[] px = new byte[10 * 10];
			for (int p = 0; p < (n + 1) * 10; p++) px[p] = (byte) 255;
			density[i] = (n + 1) / 10.0;
			Path m = masks.resolve(data.relativize(image).toString());
			Files.createDirectories(m.getParent());
			ImageFiles.writeMaskPng(px, 10, 10, m);
		}
		c.masks = masks;
		c.out = tmp.resolve("anchors-masks");
		AnchorStudy.Report withMasks = AnchorStudy.run(c, null, null);
		assertEquals(r.oneShot().sets().size(), withMasks.oneShot().sets().size());
		for (int i = 0; i < withMasks.oneShot().sets().size(); i++) {
			OneShotAnchorStudy.AnchorSet s = withMasks.oneShot().sets().get(i);
			assertArrayEquals(r.oneShot().sets().get(i).anchors(), s.anchors(), "masks do not change the draws");
			int[] train = Splits.stratified(classOf, 0.2, s.splitSeed()).train();
			double expected = 0;
			for (int cl = 0; cl < 3; cl++) {
				final int k = cl;
				double med = OneShotAnchorStudy.median(Arrays.stream(train).filter(t -> classOf[t] == k).mapToDouble(t -> density[t]).toArray());
				expected += Math.abs(density[s.anchors()[cl]] - med) / 3;
			}
			assertEquals(expected, s.densityDistance(), 1e-9, "set " + i);
		}
		for (String line : Files.readAllLines(c.out.resolve(OneShotAnchorStudy.CSV)).subList(1, 11))
			assertFalse(line.endsWith(","), "density column filled: " + line);
		assertNotNull(withMasks.oneShot().relation(OneShotAnchorStudy.DENSITY));
		assertTrue(Files.size(c.out.resolve(OneShotAnchorStudy.DENSITY_PNG)) > 1000);

		// rerun into the same folder without masks (--overwrite): the old density plot goes, it would not belong to this run
		c.masks = null;
		AnchorStudy.run(c, null, null);
		assertFalse(Files.exists(c.out.resolve(OneShotAnchorStudy.DENSITY_PNG)));
		assertTrue(Files.exists(c.out.resolve(OneShotAnchorStudy.PNG)));
		c.masks = masks;

		// a missing mask: the error names the image
		Files.delete(masks.resolve("b/img-03.png"));
		c.out = tmp.resolve("anchors-missing");
		UserInputException e = assertThrows(UserInputException.class, () -> AnchorStudy.run(c, null, null));
		assertTrue(e.getMessage().contains("img-03") && e.getMessage().contains("no mask"), e.getMessage());
		assertFalse(Files.exists(c.out.resolve(OneShotAnchorStudy.CSV)));

		// --foreground without --masks
		c.masks = null;
		c.foreground = 1;
		UserInputException fg = assertThrows(UserInputException.class, () -> AnchorStudy.run(c, null, null));
		assertTrue(fg.getMessage().contains("--masks"), fg.getMessage());
	}
}
