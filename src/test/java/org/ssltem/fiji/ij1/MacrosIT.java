package org.ssltem.fiji.ij1;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.io.Opener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.fiji.ij1.MacroBridgeIT.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.ssltem.fiji.ij1.MacroBridgeIT.macro;
import static org.ssltem.fiji.ij1.MacroBridgeIT.pngs;

/**
 * Every macro in {@code macros/} run headless through the ImageJ 1.x bridge on a tiny synthetic dataset (4 classes x 5
 * images of 64 px, a ResNet18 encoder pretrained 1 epoch at 32 px, a segmenter trained 1 epoch), with assertions on what
 * each writes; and the classification and segmentation commands' answers to bad input (no image, wrong image type,
 * missing model folder, unknown key, bad value).
 */
class MacrosIT {

	static final Path MACROS = MacroBridgeIT.BASE.resolve("macros");
	/** The macros this test runs; a new macro in macros/ must get a test here. */
	static final Set<String> TESTED = Set.of("generate_synthetic_data.ijm", "pretrain_and_extract_features.ijm", "segment_folder.ijm",
		"classify_folder.ijm", "morphology_table.ijm", "label_efficiency_report.ijm");
	static final int PER_CLASS = 5, CLASSES = 4, IMAGES = PER_CLASS * CLASSES;

	@TempDir
	static Path tmp;
	static Path data, images, masks, encoder, classifier, segmenter;

	@BeforeAll
	static void tinyDataEncoderClassifierAndSegmenter() throws Exception {
		MacroRunner.prepare();
		data = tmp.resolve("data");
		images = data.resolve("images");
		masks = data.resolve("masks");
		ok(macro(read("generate_synthetic_data.ijm"), "out=[" + data + "] per_class=" + PER_CLASS + " size=64 seed=3"));
		assertEquals(IMAGES, pngs(images));
		assertEquals(IMAGES, pngs(masks));

		Path run = Files.createDirectories(tmp.resolve("run"));
		ok(macro(read("pretrain_and_extract_features.ijm"), "images=[" + images + "] out=[" + run + "] arch=resnet18 size=32 batch=4 epochs=1"));
		encoder = run.resolve("encoder");
		assertTrue(Files.exists(encoder.resolve("manifest.json")));
		List<String> features = Files.readAllLines(run.resolve("features.csv"));
		assertEquals(IMAGES + 1, features.size());

		classifier = tmp.resolve("classifier");
		ok(macro("run(\"Train Classifier\", \"encoder=[" + encoder + "] dataset=[" + images + "] out=[" + classifier + "] max_epochs=20\");", ""));
		assertTrue(Files.exists(classifier.resolve("classifier.json")));

		segmenter = tmp.resolve("segmenter");
		ok(macro("run(\"Train Segmenter\", \"encoder=[" + encoder + "] images=[" + images + "] masks=[" + masks + "] size=64 labeled=2 epochs=1 batch=2 out=["
			+ segmenter + "] threads=2\");", ""));
		assertTrue(Files.exists(segmenter.resolve("segmenter.json")));
	}

	static String read(String macro) throws Exception {
		return Files.readString(MACROS.resolve(macro));
	}

	static void ok(Run r) {
		assertEquals(0, r.code(), r.err());
	}

	@Test
	void everyMacroInTheMacrosFolderIsTestedHere() throws Exception {
		try (Stream<Path> s = Files.list(MACROS)) {
			assertEquals(new TreeSet<>(TESTED), new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ijm")).toList()));
		}
	}

	@Test
	void segmentFolderWritesAProbabilityMapAndAMaskPerImage() throws Exception {
		Path out = tmp.resolve("segmented");
		ok(macro(read("segment_folder.ijm"), "segmenter=[" + segmenter + "] images=[" + images + "] out=[" + out + "] tile=64 overlap=16"));
		assertEquals(IMAGES, pngs(out.resolve("masks")));
		try (Stream<Path> s = Files.walk(out.resolve("probabilities"))) {
			List<Path> tifs = s.filter(p -> p.toString().endsWith(".tif")).toList();
			assertEquals(IMAGES, tifs.size());
			ImagePlus p = new Opener().openImage(tifs.get(0).toString());
			assertEquals(64, p.getWidth());
			var stats = p.getProcessor().getStats();
			assertTrue(stats.min >= 0 && stats.max <= 1, "probabilities in [0,1]: " + stats.min + ".." + stats.max);
		}
		ImagePlus mask = new Opener().openImage(out.resolve("masks/singular").toFile().listFiles()[0].getPath());
		int[] h = mask.getProcessor().getHistogram();
		assertEquals(64 * 64, h[0] + h[255], "a binary segmenter's mask is 0/255");

		Path scores = tmp.resolve("scores.json");
		ok(macro("run(\"Evaluate Segmentation\", \"predicted=[" + out.resolve("masks") + "] truth=[" + masks + "] out=[" + scores + "]\");", ""));
		JsonObject j = JsonParser.parseString(Files.readString(scores)).getAsJsonObject();
		assertEquals(IMAGES, j.getAsJsonArray("images").size());
		double dice = j.get("dice_median").getAsDouble();
		assertTrue(dice >= 0 && dice <= 1, "dice " + dice);
	}

	@Test
	void classifyFolderWritesOneRowPerImageWithProbabilitiesAndAConfusionMatrix() throws Exception {
		Path csv = tmp.resolve("classified.csv");
		ok(macro(read("classify_folder.ijm"), "classifier=[" + classifier + "] images=[" + images + "] out=[" + csv + "]"));
		List<String> rows = Files.readAllLines(csv);
		assertEquals(IMAGES + 1, rows.size());
		List<String> header = Arrays.asList(rows.get(0).split(","));
		assertEquals(List.of("file", "class", "predicted"), header.subList(0, 3));
		for (String c : List.of("singular", "dispersed", "network", "bundle")) assertTrue(header.contains("p_" + c), header.toString());
		for (String row : rows.subList(1, rows.size())) {
			String[] cells = row.split(",");
			double sum = 0;
			for (int i = 3; i < cells.length; i++) {
				double p = Double.parseDouble(cells[i]);
				assertTrue(p >= 0 && p <= 1, row);
				sum += p;
			}
			assertEquals(1, sum, 1e-4, row);
		}
		assertTrue(Files.exists(tmp.resolve("classified-confusion.png")) && Files.exists(tmp.resolve("classified-confusion.csv")));

		Path anchors = tmp.resolve("anchors");
		ok(macro("run(\"Suggest Images to Label\", \"encoder=[" + encoder + "] dataset=[" + images + "] out=[" + anchors + "] split_seeds=2 random_draws=2"
			+ " one_shot_draws=3 masks=[" + masks + "]\");", ""));
		assertEquals(CLASSES + 1, Files.readAllLines(anchors.resolve("suggested.csv")).size(), "one image per class by default, plus the header");
		List<String> oneShot = Files.readAllLines(anchors.resolve("one_shot.csv"));
		assertEquals(1 + 2 * 3, oneShot.size(), "2 splits x 3 one-shot sets, plus the header");
		for (String row : oneShot.subList(1, oneShot.size())) assertTrue(!row.endsWith(","), "density distance from the synthetic masks: " + row);
		assertTrue(Files.exists(anchors.resolve("one_shot_density.png")));
	}

	@Test
	void morphologyTableHasARowPerMaskWithDensityAndPercolation() throws Exception {
		Path csv = tmp.resolve("morphology.csv");
		ok(macro(read("morphology_table.ijm"), "masks=[" + masks + "] out=[" + csv + "]"));
		List<String> rows = Files.readAllLines(csv);
		assertEquals(IMAGES + 3, rows.size(), "header, one row per mask, mean and median");
		List<String> header = Arrays.asList(rows.get(0).split(","));
		int density = header.indexOf("pixel_density"), percolates = header.indexOf("percolates");
		assertTrue(density > 0 && percolates > 0 && header.contains("skeleton_length_px"), header.toString());
		for (String row : rows.subList(1, IMAGES + 1)) {
			String[] cells = row.split(",");
			double d = Double.parseDouble(cells[density]);
			assertTrue(d > 0 && d < 1, "every synthetic mask has some wire and some background: " + row);
			assertTrue(Set.of("0", "1").contains(cells[percolates]), row);
		}
		assertTrue(rows.get(IMAGES + 1).startsWith("(mean)"), rows.get(IMAGES + 1));
	}

	@Test
	void labelEfficiencyReportWritesAResultPerClassifierASummaryAndABoxplot() throws Exception {
		Path out = tmp.resolve("label-efficiency");
		ok(macro(read("label_efficiency_report.ijm"), "encoder=[" + encoder + "] dataset=[" + images + "] out=[" + out + "] labels=1,2 split_seeds=2 max_epochs=20"));
		List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(1 + 2 * 2, rows.size(), "header + (2 label counts x 2 splits)");
		int acc = Arrays.asList(rows.get(0).split(",")).indexOf("test_accuracy");
		assertTrue(acc >= 0, rows.get(0));
		for (String row : rows.subList(1, rows.size())) {
			double a = Double.parseDouble(row.split(",")[acc]);
			assertTrue(a >= 0 && a <= 1, row);
		}
		assertEquals(2, JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject().getAsJsonArray("results").size());
		ImagePlus box = new Opener().openImage(out.resolve("boxplot.png").toString());
		assertNotNull(box);
		assertTrue(box.getWidth() > 100, "a boxplot image");
	}

	// ---- Segment Image on the open image, and bad input ----

	@Test
	void segmentImageShowsProbabilitiesAndMaskAndOverlaysTheMaskOnTheImage() throws Exception {
		Path report = tmp.resolve("segment-image.txt"), kept = tmp.resolve("kept");
		Path image = images.resolve("network").toFile().listFiles()[0].toPath();
		ok(macro("setBatchMode(true);\nopen(\"" + image + "\");\nid = getImageID();\n"
			+ "run(\"Segment Image\", \"segmenter=[" + segmenter + "] out=[" + kept + "] tile=64 overlap=16\");\n"
			+ "n = nImages;\nselectImage(id);\no = Overlay.size;\nt = \"\";\nfor (i = 1; i <= nImages; i++) { selectImage(i); t = t + getTitle() + \"|\" + bitDepth() + \";\"; }\n"
			+ "File.saveString(n + \"\\n\" + o + \"\\n\" + t, \"" + report + "\");\nclose(\"*\");", ""));
		List<String> lines = Files.readAllLines(report);
		assertEquals("3", lines.get(0), "the image, its probability map and its mask: " + lines);
		assertEquals("1", lines.get(1), "the mask lies over the image as one overlay");
		String name = image.getFileName().toString();
		assertTrue(lines.get(2).contains(name + " probabilities|32") && lines.get(2).contains(name + " mask|8"), lines.get(2));
		assertEquals(1, pngs(kept.resolve("masks")), "with out= the outputs are kept on disk too");
	}

	@Test
	void segmentImageWithoutAnOpenImageSaysToOpenOne() {
		Run r = macro("close(\"*\");\nrun(\"Segment Image\", \"segmenter=[" + segmenter + "] tile=64 overlap=16\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("no image is open") && r.err().contains("File > Open") && r.err().contains("Segment Folder"), r.err());
	}

	@Test
	void segmentImageOnAColourImageOrAStackSaysWhatToDo() {
		Run rgb = macro("setBatchMode(true);\nnewImage(\"colour\", \"RGB black\", 64, 64, 1);\nrun(\"Segment Image\", \"segmenter=[" + segmenter
			+ "] tile=64 overlap=16\");\nclose(\"*\");", "");
		assertEquals(2, rgb.code(), rgb.err());
		assertTrue(rgb.err().contains("'colour'") && rgb.err().contains("RGB") && rgb.err().contains("Image > Type > 8-bit"), rgb.err());
		macro("close(\"*\");", "");

		Run stack = macro("setBatchMode(true);\nnewImage(\"slices\", \"8-bit black\", 64, 64, 3);\nrun(\"Segment Image\", \"segmenter=[" + segmenter
			+ "] tile=64 overlap=16\");\nclose(\"*\");", "");
		assertEquals(2, stack.code(), stack.err());
		assertTrue(stack.err().contains("3 slices") && stack.err().contains("Image > Duplicate") && stack.err().contains("Segment Folder"), stack.err());
		macro("close(\"*\");", "");
	}

	@Test
	void aMissingModelFolderIsNamedWithTheFix() {
		Path none = tmp.resolve("no-such-segmenter");
		Run r = macro("run(\"Segment Folder\", \"segmenter=[" + none + "] images=[" + images + "] out=[" + tmp.resolve("x") + "] tile=64 overlap=16\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(none.toString()) && r.err().contains("Fix:"), r.err());

		Path noEncoder = tmp.resolve("no-such-encoder");
		r = macro("run(\"Train Classifier\", \"encoder=[" + noEncoder + "] dataset=[" + images + "] out=[" + tmp.resolve("c2") + "]\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(noEncoder.toString()) && r.err().contains("Fix:"), r.err());

		Path noClassifier = tmp.resolve("no-such-classifier");
		r = macro("run(\"Classify Images\", \"classifier=[" + noClassifier + "] images=[" + images + "] out=[" + tmp.resolve("c2.csv") + "]\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(noClassifier.toString()) && r.err().contains("Fix:"), r.err());
	}

	@Test
	void anUnknownKeyOrABadValueIsNamedWithTheValidOnes() {
		Run r = macro("run(\"Percolation & Morphology\", \"masks=[" + masks + "] out=[" + tmp.resolve("m.csv") + "] classs=3\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("'classs'") && r.err().contains("did you mean 'classes'") && r.err().contains("masks, size, foreground, classes, overwrite, out"), r.err());
		assertFalse(Files.exists(tmp.resolve("m.csv")));

		r = macro("run(\"Train Segmenter\", \"encoder=[" + encoder + "] images=[" + images + "] masks=[" + masks + "] loss=bce out=[" + tmp.resolve("s2") + "]\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("loss") && r.err().contains("dice, dice_ce"), r.err());

		r = macro("run(\"Evaluate Segmentation\", \"predicted=[" + masks + "] truth=[" + masks + "] foreground=wire out=[" + tmp.resolve("e.json") + "]\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("foreground=wire") && r.err().contains("whole number"), r.err());

		r = macro("run(\"Label-Efficiency Report\", \"encoder=[" + encoder + "] dataset=[" + images + "] out=[" + tmp.resolve("le2") + "] labels=1,two\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("1,two") && r.err().contains("whole numbers"), r.err());
	}
}
