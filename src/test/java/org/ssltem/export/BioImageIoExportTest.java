package org.ssltem.export;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.Results;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.Device;
import org.ssltem.nn.Segmenter;
import org.ssltem.testing.TinyEncoder;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Exports a tiny trained segmenter and checks the package against the bioimage.io 0.5 spec and under TF Java 0.5.0. */
class BioImageIoExportTest {

	@TempDir
	static Path dir;
	static Path segmenter, sample, packageZip;
	static BioImageIoExport.Result result;
	static Map<String, byte[]> files;
	static Map<String, Object> rdf;

	@BeforeAll
	static void exportATinySegmenter() throws Exception {
		Path encoder = TinyEncoder.pretrain(TinyEncoder.dataset(dir.resolve("pool"), List.of("a", "b"), 4, 40, 40, 1), dir.resolve("encoder"));
		writeBars(dir.resolve("images"), dir.resolve("masks"), 4, 48);
		tinyEncoder = encoder;
		SegmenterConfig c = segmenterConfig(dir.resolve("segmenter"));
		// the encoder's own batch-norm statistics: the 1e-5 comparison with segment's graph below is for them
		// (a calibrated segmenter is exported in its own test)
		c.calibrateBn = false;
		SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		segmenter = dir.resolve("segmenter");
		// not square and larger than the training size: the exported graph takes any multiple of 32 on each side
		sample = dir.resolve("sample.png");
		GreyImage g = new GreyImage(100, 70);
		SplittableRandom r = new SplittableRandom(3);
		for (int y = 0; y < 70; y++)
			for (int x = 0; x < 100; x++) g.set(x, y, (y / 8) % 3 == 0 && x > 20 ? 0.8f : (float) (0.2 + 0.1 * r.nextDouble()));
		ImageFiles.writePng(g, sample);
		packageZip = dir.resolve("model.zip");
		result = BioImageIoExport.run(config(packageZip, false), ProgressListener.SILENT, null);
		files = unzip(Files.readAllBytes(packageZip));
		rdf = new Yaml().load(new String(files.get(BioImageIoExport.RDF), java.nio.charset.StandardCharsets.UTF_8));
	}

	static Path tinyEncoder;

	static SegmenterConfig segmenterConfig(Path out) {
		SegmenterConfig c = TinyEncoder.segmenterConfig(tinyEncoder, dir.resolve("images"), dir.resolve("masks"), out);
		c.epochs = 2;
		return c;
	}

	/** Segmenters calibrate the encoder's batch norm by default; the package carries those statistics, not the encoder's. */
	@Test
	void aSegmenterWithCalibratedBatchNormExportsWhatTheEngineComputes() throws Exception {
		Path calibrated = dir.resolve("segmenter-calibrated");
		SegmenterTrainer.run(segmenterConfig(calibrated), ProgressListener.SILENT, null);
		assertTrue(org.ssltem.nn.SegmenterManifest.read(calibrated).encoderBnCalibrated, "calibrated by default");
		BioImageIoExport.Result r = BioImageIoExport.run(new BioImageIoExport.Config(calibrated, null, sample, dir.resolve("model-calibrated.zip"), null,
			List.of("Ada Lovelace"), "CC-BY-4.0", false, 2), ProgressListener.SILENT, null);
		assertTrue(r.selfCheck() <= 1e-4, "SavedModel vs engine " + r.selfCheck());
	}

	/** An ensemble exports as one model whose output is its members' mean, as the engine computes it. */
	@Test
	void anEnsembleExportsWhatTheEngineComputes() throws Exception {
		Path two = dir.resolve("segmenter-ensemble");
		SegmenterConfig c = segmenterConfig(two);
		c.ensemble = 2;
		SegmenterTrainer.run(c, ProgressListener.SILENT, null);
		BioImageIoExport.Result r = BioImageIoExport.run(new BioImageIoExport.Config(two, null, sample, dir.resolve("model-ensemble.zip"), null,
			List.of("Ada Lovelace"), "CC-BY-4.0", false, 2), ProgressListener.SILENT, null);
		assertTrue(r.selfCheck() <= 1e-4, "SavedModel vs engine " + r.selfCheck());
	}

	static BioImageIoExport.Config config(Path out, boolean overwrite) {
		return new BioImageIoExport.Config(segmenter, null, sample, out, null, List.of("Ada Lovelace"), "CC-BY-4.0", overwrite, 2);
	}

	static void writeBars(Path images, Path masks, int count, int side) throws Exception {
		Files.createDirectories(images);
		Files.createDirectories(masks);
		SplittableRandom r = new SplittableRandom(9);
		for (int n = 0; n < count; n++) {
			GreyImage g = new GreyImage(side, side);
			byte[] m = new byte[side * side];
			int y0 = 4 + r.nextInt(side - 16);
			for (int i = 0; i < g.pixels.length; i++) g.pixels[i] = (float) (0.2 + 0.05 * r.nextDouble());
			for (int y = y0; y < y0 + 6; y++)
				for (int x = 4; x < side - 4; x++) {
					g.pixels[y * side + x] = 0.8f;
					m[y * side + x] = (byte) 255;
				}
			ImageFiles.writePng(g, images.resolve("img-" + n + ".png"));
			ImageFiles.writeMaskPng(m, side, side, masks.resolve("img-" + n + ".png"));
		}
	}

	static Map<String, byte[]> unzip(byte[] zip) throws Exception {
		Map<String, byte[]> out = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) out.put(e.getName(), in.readAllBytes());
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	static <T> T at(Object node, Object... path) {
		Object o = node;
		for (Object key : path) {
			assertNotNull(o, "missing before " + key + " in " + List.of(path));
			o = key instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get(key);
		}
		return (T) o;
	}

	/**
	 * Fields the bioimage.io model spec 0.5 requires, from its documentation (bioimage-io/spec-bioimage-io,
	 * user_docs/model_descr_latest.md: the fields listed without a default "≝"; type and format_version "always need
	 * to be set for resource descriptions written as YAML files"). Nested: authors.i.name, cite.i.text (with doi or url),
	 * inputs.axes, inputs.test_tensor.source, outputs.axes, outputs.test_tensor.source, channel axes'
	 * channel_names, space input axes' size, weights.tensorflow_saved_model_bundle.source and .tensorflow_version.
	 */
	static final List<String> REQUIRED = List.of("type", "format_version", "authors", "cite", "description", "documentation", "inputs", "license",
		"name", "outputs", "weights");

	@Test
	void rdfHasEveryFieldTheSpecRequires() {
		for (String key : REQUIRED) assertNotNull(rdf.get(key), "rdf.yaml lacks the required field " + key);
		assertEquals("model", rdf.get("type"));
		assertTrue(((String) rdf.get("format_version")).startsWith("0.5."), "format_version " + rdf.get("format_version"));
		List<Map<String, Object>> authors = at(rdf, "authors");
		for (Map<String, Object> a : authors) assertFalse(((String) a.get("name")).isBlank());
		List<Map<String, Object>> cite = at(rdf, "cite");
		for (Map<String, Object> c : cite) {
			assertNotNull(c.get("text"));
			assertTrue(c.get("doi") != null || c.get("url") != null, "a cite entry needs a doi or url: " + c);
		}
		assertTrue(cite.stream().anyMatch(c -> BioImageIoExport.PAPER_DOI.equals(c.get("doi"))), "the paper is cited");
		for (String io : List.of("inputs", "outputs")) {
			List<Map<String, Object>> tensors = at(rdf, io);
			assertEquals(1, tensors.size());
			List<Map<String, Object>> axes = at(tensors.get(0), "axes");
			assertEquals(List.of("batch", "space", "space", "channel"), axes.stream().map(a -> a.get("type")).toList(), io + " axes");
			assertEquals(List.of("y", "x"), List.of(axes.get(1).get("id"), axes.get(2).get("id")), io + ": y before x");
			assertNotNull(at(axes.get(3), "channel_names"));
			assertNotNull(at(tensors.get(0), "test_tensor", "source"));
		}
		Map<String, Object> ySize = at(rdf, "inputs", 0, "axes", 1, "size");
		assertEquals(Map.of("min", 32, "step", 32), ySize);
		assertEquals(Map.of("tensor_id", "input", "axis_id", "x"), at(rdf, "outputs", 0, "axes", 2, "size"));
		assertEquals(List.of("foreground"), at(rdf, "outputs", 0, "axes", 3, "channel_names"));
		assertEquals("scale_linear", at(rdf, "inputs", 0, "preprocessing", 0, "id"));
		assertEquals(1 / 255.0, (Double) at(rdf, "inputs", 0, "preprocessing", 0, "kwargs", "gain"), 1e-15);
		assertNotNull(at(rdf, "weights", "tensorflow_saved_model_bundle", "source"));
		assertEquals(BioImageIoExport.TARGET_TENSORFLOW, at(rdf, "weights", "tensorflow_saved_model_bundle", "tensorflow_version"));
		assertFalse(((List<?>) at(rdf, "covers")).isEmpty());
	}

	@Test
	void everyFileTheRdfNamesIsInThePackageWithItsSha256() throws Exception {
		List<Map<String, Object>> described = new ArrayList<>(List.of(at(rdf, "inputs", 0, "test_tensor"), at(rdf, "inputs", 0, "sample_tensor"),
			at(rdf, "outputs", 0, "test_tensor"), at(rdf, "outputs", 0, "sample_tensor"), at(rdf, "weights", "tensorflow_saved_model_bundle")));
		for (Map<String, Object> f : described) {
			byte[] bytes = files.get((String) f.get("source"));
			assertNotNull(bytes, f.get("source") + " is in the package");
			assertEquals(Hashing.sha256(bytes), f.get("sha256"), f.get("source") + " sha256");
		}
		assertNotNull(files.get((String) rdf.get("documentation")));
		for (Object cover : (List<?>) rdf.get("covers")) {
			java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(files.get((String) cover)));
			assertEquals(2 * img.getHeight(), img.getWidth(), "a 2:1 cover, as bioimage.io asks");
		}
		assertEquals(Set.of(BioImageIoExport.RDF, BioImageIoExport.WEIGHTS, BioImageIoExport.TEST_INPUT, BioImageIoExport.TEST_OUTPUT,
			BioImageIoExport.SAMPLE_INPUT, BioImageIoExport.SAMPLE_OUTPUT, BioImageIoExport.COVER, BioImageIoExport.DOCUMENTATION), files.keySet());
	}

	@Test
	void savedModelHasTagServeAndASignatureKeyedByTheTensorIds() throws Exception {
		Map<String, byte[]> bundle = unzip(files.get(BioImageIoExport.WEIGHTS));
		SavedModel model = SavedModel.parseFrom(bundle.get("saved_model.pb"));
		assertEquals(1, model.getMetaGraphsCount());
		assertEquals(List.of("serve"), model.getMetaGraphs(0).getMetaInfoDef().getTagsList());
		SignatureDef sig = model.getMetaGraphs(0).getSignatureDefOrThrow("serving_default");
		assertEquals(Set.of((String) at(rdf, "inputs", 0, "id")), sig.getInputsMap().keySet());
		assertEquals(Set.of((String) at(rdf, "outputs", 0, "id")), sig.getOutputsMap().keySet());
		assertTrue(model.getMetaGraphs(0).getGraphDef().getNodeList().stream().noneMatch(n -> n.getOp().startsWith("Variable") || n.getOp().equals("Assign")),
			"frozen: no variables left");
	}

	@Test
	void testTensorsHaveTheAxesOfTheRdf() throws Exception {
		Npy.Array in = Npy.readFloat32(files.get(BioImageIoExport.TEST_INPUT));
		Npy.Array out = Npy.readFloat32(files.get(BioImageIoExport.TEST_OUTPUT));
		// the sample is 100x70: its centre 96 wide (x) and 64 high (y)
		assertArrayEquals(new long[] { 1, 64, 96, 1 }, in.shape());
		assertArrayEquals(new long[] { 1, 64, 96, 1 }, out.shape());
		assertEquals(64, result.testHeight());
		assertEquals(96, result.testWidth());
		float max = 0;
		for (float v : in.values()) max = Math.max(max, v);
		assertTrue(max > 150, "the test input holds raw 8-bit values, before preprocessing: max " + max);
		for (float p : out.values()) assertTrue(p >= 0 && p <= 1, "probabilities in [0,1]: " + p);
		assertTrue(result.selfCheck() <= 1e-4, "SavedModel vs engine " + result.selfCheck());
	}

	/** The package's output is what SSL-TEM's own fixed-size graph (as 'segment' builds it) gives for the same image. */
	@Test
	void testOutputEqualsTheSegmentersOwnFixedSizeGraph() throws Exception {
		Npy.Array raw = Npy.readFloat32(files.get(BioImageIoExport.TEST_INPUT));
		float[] grey = new float[raw.values().length];
		for (int i = 0; i < grey.length; i++) grey[i] = raw.values()[i] / 255f;
		float[] own;
		try (Segmenter s = Segmenter.open(segmenter, null, 64, 96, Device.choose(Device.Preference.CPU), 2)) {
			own = s.graph.predict(grey, 1);
		}
		double worst = BioImageIoExport.maxDifference(own, Npy.readFloat32(files.get(BioImageIoExport.TEST_OUTPUT)).values());
		assertTrue(worst <= 1e-5, "exported vs segment's graph: " + worst);
	}

	/**
	 * The check DeepImageJ would make: TF Java 0.5.0 (TensorFlow 2.10.1, target/tf050 from the build) in a child JVM loads
	 * the unzipped SavedModel by tag and signature, runs the preprocessed test input and gives the package's test output.
	 */
	@Test
	void tensorflow210ReproducesTheTestOutput() throws Exception {
		Path tf050 = Path.of("target", "tf050");
		assertTrue(Files.isDirectory(tf050), "target/tf050 is missing: run the build (mvn test copies TF Java 0.5.0 there)");
		Path work = Files.createDirectories(dir.resolve("tf050-run"));
		Path savedModel = Files.createDirectories(work.resolve("saved_model"));
		for (var e : unzip(files.get(BioImageIoExport.WEIGHTS)).entrySet()) {
			Path p = savedModel.resolve(e.getKey());
			if (e.getKey().endsWith("/")) Files.createDirectories(p);
			else Files.write(p, e.getValue());
		}
		// the rdf's preprocessing: scale_linear with its gain and offset
		Npy.Array raw = Npy.readFloat32(files.get(BioImageIoExport.TEST_INPUT));
		double gain = at(rdf, "inputs", 0, "preprocessing", 0, "kwargs", "gain"), offset = at(rdf, "inputs", 0, "preprocessing", 0, "kwargs", "offset");
		float[] pre = new float[raw.values().length];
		for (int i = 0; i < pre.length; i++) pre[i] = (float) (raw.values()[i] * gain + offset);
		Files.write(work.resolve("in.npy"), Npy.float32(raw.shape(), pre));
		Path program = work.resolve("Tf050Predict.java");
		try (var src = BioImageIoExportTest.class.getResourceAsStream("Tf050Predict.java")) {
			Files.copy(src, program);
		}
		String classpath = tf050.toAbsolutePath() + java.io.File.separator + "*";
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, program.toString(),
			savedModel.toString(), at(rdf, "inputs", 0, "id"), at(rdf, "outputs", 0, "id"), work.resolve("in.npy").toString(), work.resolve("out.npy").toString())
			.redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes());
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "TF Java 0.5.0 run timed out: " + log);
		assertEquals(0, p.exitValue(), "TF Java 0.5.0 failed:\n" + log);
		assertTrue(log.contains("tensorflow 2.10.1"), "ran on TensorFlow 2.10.1: " + log);
		Npy.Array expected = Npy.readFloat32(files.get(BioImageIoExport.TEST_OUTPUT));
		Npy.Array actual = Npy.readFloat32(Files.readAllBytes(work.resolve("out.npy")));
		assertArrayEquals(expected.shape(), actual.shape());
		double worst = BioImageIoExport.maxDifference(expected.values(), actual.values());
		assertTrue(worst <= 1e-3, "TF 2.10 output differs from the package's test output by " + worst);
	}

	/** The engine operation the Fiji command and macros call: keys as the CLI flags, authors split at commas. */
	@Test
	void theEngineOperationTakesTheCliKeys() throws Exception {
		Path out = dir.resolve("via-engine.zip");
		var r = (Results.BioImageIoExported) new org.ssltem.engine.LocalEngine().run("export-bioimageio", Map.of("segmenter", segmenter.toString(), "sample",
			sample.toString(), "out", out.toString(), "authors", "Ada Lovelace, Alan Turing", "name", "Bars", "threads", "2"), null, null);
		assertEquals(out.toAbsolutePath().toString(), r.out());
		assertEquals(List.of(96, 64), List.of(r.testWidth(), r.testHeight()));
		assertTrue(r.summary().get(0).startsWith("bioimage.io package -> " + out.toAbsolutePath() + " (test image 96x64, "), r.summary().toString());
		Map<String, Object> again = new Yaml().load(new String(unzip(Files.readAllBytes(out)).get(BioImageIoExport.RDF), java.nio.charset.StandardCharsets.UTF_8));
		assertEquals(List.of(Map.of("name", "Ada Lovelace"), Map.of("name", "Alan Turing")), again.get("authors"));
		assertEquals("Bars", again.get("name"));
		assertEquals("CC-BY-4.0", again.get("license"));
	}

	@Test
	void badInputIsRefusedWithTheFix() throws Exception {
		UserInputException exists = assertThrows(UserInputException.class, () -> BioImageIoExport.run(config(packageZip, false), null, null));
		assertTrue(exists.getMessage().contains("already exists") && exists.getMessage().contains("--overwrite"), exists.getMessage());
		UserInputException notZip = assertThrows(UserInputException.class, () -> BioImageIoExport.run(config(dir.resolve("model.bin"), false), null, null));
		assertTrue(notZip.getMessage().contains(".zip"), notZip.getMessage());
		Path rgb = dir.resolve("rgb.png");
		new FileSaver(new ImagePlus("rgb", new ColorProcessor(64, 64))).saveAsPng(rgb.toString());
		var c = new BioImageIoExport.Config(segmenter, null, rgb, dir.resolve("rgb.zip"), null, List.of("A"), "MIT", false, 2);
		UserInputException colour = assertThrows(UserInputException.class, () -> BioImageIoExport.run(c, null, null));
		assertTrue(colour.getMessage().contains("RGB") && colour.getMessage().contains("8-bit"), colour.getMessage());
		assertFalse(Files.exists(dir.resolve("rgb.zip")));
		var noAuthors = new BioImageIoExport.Config(segmenter, null, sample, dir.resolve("x.zip"), null, List.of(" "), "MIT", false, 2);
		assertTrue(assertThrows(UserInputException.class, () -> BioImageIoExport.run(noAuthors, null, null)).getMessage().contains("--authors"));
	}
}
