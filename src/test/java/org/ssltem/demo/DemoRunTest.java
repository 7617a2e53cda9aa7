package org.ssltem.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.morph.MorphologyAnalysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole demo at toy sizes: every stage runs and its outputs land where the README says. */
class DemoRunTest {

	@TempDir
	Path tmp;

	@Test
	void theDemoWritesLabelEfficiencySegmentationAndMorphologyIntoItsReport() throws Exception {
		Path out = tmp.resolve("demo");
		DemoRun.Settings tiny = new DemoRun.Settings(6, 2, 64, 32, 4, 1, 5L, new int[] { 1, 2 }, 2, 4, 2, 4, 96, 1);
		DemoRun.Report r = DemoRun.run(out, tiny, null, null);

		for (String f : List.of("demo-report.json", "features.csv", "encoder/manifest.json", "label-efficiency/summary.json", "label-efficiency/boxplot.png",
			"segmentation/segmenter/segmenter.json", "segmentation/scores.json", "segmentation/morphology-truth.csv", "segmentation/morphology-predicted.csv"))
			assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
		// the encoder learns from the unlabelled pool, not from the labelled images it is then scored on
		assertEquals(8, r.pretraining().trainingImages());
		assertTrue(Files.isRegularFile(out.resolve("unlabelled/images/network/network-0002.png")));
		try (var masks = Files.walk(out.resolve("segmentation/predicted/masks"))) {
			assertEquals(4, masks.filter(p -> p.toString().endsWith(".png")).count(), "one predicted mask per held-out image");
		}

		JsonObject json = JsonParser.parseString(Files.readString(out.resolve("demo-report.json"))).getAsJsonObject();
		JsonObject medians = json.getAsJsonObject("label_efficiency").getAsJsonObject("median_accuracy_by_labels_per_class");
		assertEquals(List.of("encoder", DemoRun.RANDOM_ENCODER, org.ssltem.infer.TextureFeatures.NAME), List.copyOf(medians.keySet()));
		for (String e : medians.keySet()) assertEquals(List.of("1", "2"), List.copyOf(medians.getAsJsonObject(e).keySet()));
		assertEquals(3 * 2 * 2, json.getAsJsonObject("label_efficiency").get("classifiers").getAsInt());

		JsonObject seg = json.getAsJsonObject("segmentation");
		assertEquals(4, seg.get("labelled_images").getAsInt());
		assertEquals(2, seg.get("epochs").getAsInt());
		// trained larger than the images (as the demo's default does, twice their side); masks come out at the images' size
		assertEquals(96, seg.get("training_size").getAsInt());
		assertEquals(96.0 / 64, org.ssltem.nn.SegmenterManifest.read(out.resolve("segmentation/segmenter")).scaleX, 1e-9);
		for (String f : List.of("bundle/bundle-0001.png", "network/network-0001.png")) {
			int[] size = new int[2];
			org.ssltem.data.ImageFiles.readLabels(out.resolve("segmentation/predicted/masks").resolve(f), size);
			assertArrayEquals(new int[] { 64, 64 }, size, f);
		}
		assertTrue(DemoRun.summary(r).contains("at 96 px"), DemoRun.summary(r));
		assertEquals(4, seg.get("held_out_images").getAsInt());
		double dice = seg.get("dice_median").getAsDouble();
		assertTrue(dice >= 0 && dice <= 1, "dice " + dice);
		assertEquals(r.segmentation().diceMedian(), dice, 1e-12);

		JsonArray morph = json.getAsJsonObject("morphology").getAsJsonArray("per_morphology");
		assertEquals(4, morph.size());
		for (var m : morph) {
			JsonObject o = m.getAsJsonObject();
			String name = o.get("morphology").getAsString();
			// the generator guarantees these under the paper's criterion
			if (name.equals("network")) assertEquals(1, o.get("percolating_truth").getAsInt(), o.toString());
			if (name.equals("dispersed")) assertEquals(0, o.get("percolating_truth").getAsInt(), o.toString());
		}
		assertTrue(json.getAsJsonObject("stage_s").keySet().containsAll(List.of("pretraining", "label_efficiency", "segmentation", "morphology")));
		String summary = DemoRun.summary(r);
		// the summary names the CSV's own width (the default feature view pools three stages: 896 for a resnet18)
		int columns = java.nio.file.Files.readAllLines(r.out().resolve("features.csv")).get(0).split(",").length;
		assertEquals(columns - 2, r.featureWidth());
		assertTrue(summary.contains("features.csv (" + r.images() + " x " + r.featureWidth() + ")"), summary);
		assertTrue(summary.contains("Dice") && summary.contains("label efficiency") && summary.contains("network"), summary);
		assertEquals(org.ssltem.train.Versions.processor(), json.get("processor").getAsString());
		assertTrue(summary.startsWith("SSL-TEM demo finished in ") && summary.contains(" s on " + org.ssltem.train.Versions.processor() + " -> "), summary);

		assertThrows(UserInputException.class, () -> DemoRun.run(out, tiny, null, null), "the demo never writes into a used folder");
	}

	@Test
	void percolationIsComparedPerMorphologyByFileName() {
		MorphologyAnalysis.Measures a = measures("network/network-0001", true, 0.3), b = measures("network/network-0002", false, 0.1);
		MorphologyAnalysis.Measures pa = measures("network/network-0001", true, 0.2), pb = measures("network/network-0002", true, 0.3);
		List<DemoRun.Percolation> p = DemoRun.percolation(List.of(a, b), List.of(pb, pa));
		assertEquals(1, p.size());
		DemoRun.Percolation n = p.get(0);
		assertEquals(List.of("network", 2, 1, 2, 1), List.of(n.morphology(), n.images(), n.truthPercolating(), n.predictedPercolating(), n.agreeing()));
		assertEquals(0.2, n.truthDensity(), 1e-12);
		assertEquals(0.25, n.predictedDensity(), 1e-12);
	}

	private static MorphologyAnalysis.Measures measures(String file, boolean percolates, double density) {
		return new MorphologyAnalysis.Measures(file, 8, 8, density, percolates, percolates ? 1 : 0, 1, 0, 1, 1, 1, new int[4], 1, 1, 1, new double[12], 0, 0);
	}
}
