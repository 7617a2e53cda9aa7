package org.ssltem.interop;

import com.google.gson.JsonObject;
import io.jhdf.HdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.InputNormalisation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Imported encoders compute what their source framework computes: randomly initialised torchvision ResNets and Keras
 * ResNet50 weights written by encoder_fixtures.py, whose features of three 64 px images (from torchvision itself, and
 * from an independent forward pass of the Keras layout) the imported encoder's {@code features} must equal within 1e-4
 * of the largest reference feature (both sides compute in float32 with different convolution kernels, so the rounding
 * noise grows with the features' size).
 */
class EncoderImportTest {

	static final float TOLERANCE = 1e-4f;

	@TempDir
	static Path tmp;
	private static Path torchFixtures, kerasFixtures;

	static synchronized Path torchFixtures() throws Exception {
		if (torchFixtures == null) torchFixtures = PythonFixtures.write("torch", tmp.resolve("torch"));
		return torchFixtures;
	}

	static synchronized Path kerasFixtures() throws Exception {
		if (kerasFixtures == null) kerasFixtures = PythonFixtures.write("keras", tmp.resolve("keras"));
		return kerasFixtures;
	}

	static EncoderImport.Result importFile(EncoderImport.Source source, Path file, Path out, String arch, String prefix, String normalisation) {
		return EncoderImport.run(new EncoderImport.Request(source, file, out, arch, PythonFixtures.SIZE, prefix, normalisation, false), ProgressListener.SILENT, null);
	}

	/** Features of the fixture images through the {@code features} operation, by file name. */
	static Map<String, float[]> features(Path encoder, Path fixtures) throws Exception {
		Path images = Files.isDirectory(fixtures.resolve("images")) ? fixtures.resolve("images") : PythonFixtures.images(fixtures);
		Path csv = encoder.resolveSibling(encoder.getFileName() + "-features.csv");
		FeatureExtractor.extractToCsv(encoder, images, csv, 2, true, ProgressListener.SILENT, null);
		Map<String, float[]> rows = new LinkedHashMap<>();
		List<String> lines = Files.readAllLines(csv);
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			float[] v = new float[f.length - 2];
			for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(f[i + 2]);
			rows.put(f[0], v);
		}
		return rows;
	}

	/** Largest absolute difference over all images and features, relative to the largest reference feature (at least 1). */
	static double relativeDifference(Map<String, float[]> actual, List<float[]> reference) {
		assertEquals(reference.size(), actual.size(), "one row per image");
		System.err.println("imported encoder vs reference features: " + measure(actual, reference));
		double worst = 0, scale = Math.max(1, maxMagnitude(reference));
		for (int n = 0; n < reference.size(); n++) {
			float[] a = actual.get("img" + n + ".png"), e = reference.get(n);
			assertNotNull(a, "features of img" + n + ".png");
			assertEquals(e.length, a.length, "feature width");
			for (int i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]) / scale);
		}
		return worst;
	}

	static String measure(Map<String, float[]> actual, List<float[]> reference) {
		double worst = 0;
		for (int n = 0; n < reference.size(); n++) {
			float[] a = actual.get("img" + n + ".png"), e = reference.get(n);
			for (int i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]));
		}
		return String.format(java.util.Locale.ROOT, "max |difference| %.3g, largest feature %.3g", worst, maxMagnitude(reference));
	}

	static double maxMagnitude(List<float[]> reference) {
		double m = 0;
		for (float[] r : reference) for (float v : r) m = Math.max(m, Math.abs(v));
		return m;
	}

	@Test
	void torchvisionResnet18FeaturesEqualTorchs() throws Exception {
		Path fx = torchFixtures();
		Path out = tmp.resolve("enc-r18");
		EncoderImport.Result r = importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18.pth"), out, null, null, "auto");
		assertEquals(Architecture.RESNET18_TORCHVISION, r.architecture());
		assertEquals(InputNormalisation.IMAGENET, r.normalisation());
		assertTrue(r.ignored().stream().anyMatch(s -> s.startsWith("fc.weight")), "the classification head is left out: " + r.ignored());
		List<float[]> reference = PythonFixtures.features(fx.resolve("resnet18_features.csv"));
		assertTrue(maxMagnitude(reference) > 0.1, "the reference features are not trivially small");
		double d = relativeDifference(features(out, fx), reference);
		assertTrue(d <= TOLERANCE, "resnet18 features differ from torchvision's by up to " + d);
	}

	@Test
	void torchvisionResnet50FeaturesEqualTorchs() throws Exception {
		Path fx = torchFixtures();
		Path out = tmp.resolve("enc-r50");
		EncoderImport.Result r = importFile(EncoderImport.Source.TORCH, fx.resolve("resnet50.pth"), out, "resnet50", null, "auto");
		assertEquals(Architecture.RESNET50_TORCHVISION, r.architecture());
		List<float[]> reference = PythonFixtures.features(fx.resolve("resnet50_features.csv"));
		double d = relativeDifference(features(out, fx), reference);
		assertTrue(d <= TOLERANCE, "resnet50 features differ from torchvision's by up to " + d + " (largest feature " + maxMagnitude(reference) + ")");
	}

	@Test
	void manifestRecordsTheSourceItsHashTheMappingAndTheNormalisation() throws Exception {
		Path fx = torchFixtures();
		Path out = tmp.resolve("enc-manifest");
		importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18.pth"), out, null, null, "0.5/0.25");
		EncoderManifest m = EncoderManifest.read(out);
		assertEquals("imported", m.status);
		assertEquals("resnet18-torchvision", m.architecture);
		assertEquals(PythonFixtures.SIZE, m.inputSize);
		JsonObject imported = m.imported;
		assertEquals(Hashing.sha256(fx.resolve("resnet18.pth")), imported.get("sha256").getAsString());
		assertEquals("pytorch", imported.get("format").getAsString());
		JsonObject mapping = imported.getAsJsonObject("mapping");
		assertEquals("layer1.0.conv1.weight (OIHW to HWIO)", mapping.get("conv2_block1_1_conv.kernel").getAsString());
		assertEquals("layer2.0.downsample.1.running_var", mapping.get("conv3_block1_0_bn.moving_variance").getAsString());
		assertEquals("bn1.weight", mapping.get("conv1_bn.gamma").getAsString());
		assertEquals(0.25f, m.inputNormalisation.std()[2]);
		// the checkpoint holds the normalisation the network applies
		try (var enc = org.ssltem.nn.TrainedEncoder.open(out, 0, Device.choose(Device.Preference.CPU), 2)) {
			Map<String, float[]> v = enc.graph.values(List.of("input_normalisation.mean", "input_normalisation.std"));
			assertArrayEquals(new float[] { 0.5f, 0.5f, 0.5f }, v.get("input_normalisation.mean"));
			assertArrayEquals(new float[] { 0.25f, 0.25f, 0.25f }, v.get("input_normalisation.std"));
		}
		UserInputException again = assertThrows(UserInputException.class,
			() -> importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18.pth"), out, null, null, "auto"));
		assertTrue(again.getMessage().contains("--overwrite"), again.getMessage());
	}

	@Test
	void legacyFormatAndMocoCheckpointGiveTheSameFeatures() throws Exception {
		Path fx = torchFixtures();
		List<float[]> reference = PythonFixtures.features(fx.resolve("resnet18_features.csv"));
		Path legacy = tmp.resolve("enc-legacy");
		assertEquals("pytorch-legacy", importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18-legacy.pth"), legacy, null, null, "auto").format());
		assertTrue(relativeDifference(features(legacy, fx), reference) <= TOLERANCE);

		Path moco = tmp.resolve("enc-moco");
		EncoderImport.Result r = importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18-moco.pth.tar"), moco, "resnet18", null, "imagenet");
		Path own = tmp.resolve("enc-moco-norms");
		InputNormalisation saved = importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18-moco.pth.tar"), own, null, null, "auto").normalisation();
		assertEquals("checkpoint", saved.key(), "auto takes the checkpoint's own 'norms' entry");
		assertArrayEquals(new float[] { 0.57f, 0.57f, 0.57f }, saved.mean());
		assertArrayEquals(new float[] { 0.125f, 0.125f, 0.125f }, saved.std());
		assertEquals("state_dict.module.encoder_q.", EncoderManifest.read(moco).imported.get("key_prefix").getAsString(), "the query encoder is taken");
		assertTrue(r.ignored().stream().anyMatch(s -> s.startsWith("state_dict.module.encoder_k.")), "the momentum encoder is left out");
		assertTrue(r.ignored().stream().anyMatch(s -> s.startsWith("state_dict.module.encoder_q.fc.0.weight")), "the MoCo head is left out");
		assertTrue(relativeDifference(features(moco, fx), reference) <= TOLERANCE);

		UserInputException wrongPrefix = assertThrows(UserInputException.class,
			() -> importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18-moco.pth.tar"), tmp.resolve("enc-x"), null, "module.encoder_z", "auto"));
		assertTrue(wrongPrefix.getMessage().contains("state_dict.module.encoder_k.") && wrongPrefix.getMessage().contains("state_dict.module.encoder_q."),
			wrongPrefix.getMessage());
		UserInputException wrongArch = assertThrows(UserInputException.class,
			() -> importFile(EncoderImport.Source.TORCH, fx.resolve("resnet18.pth"), tmp.resolve("enc-y"), "resnet50", null, "auto"));
		assertTrue(wrongArch.getMessage().contains("resnet18-torchvision"), wrongArch.getMessage());
		assertFalse(Files.exists(tmp.resolve("enc-y")), "nothing is written when the import fails");
	}

	@Test
	void kerasNotopAndNestedSaveWeightsFilesGiveTheKerasFeatures() throws Exception {
		Path fx = kerasFixtures();
		List<float[]> reference = PythonFixtures.features(fx.resolve("keras_features.csv"));
		assertTrue(maxMagnitude(reference) > 0.1, "the reference features are not trivially small");
		for (String file : List.of("resnet50_notop.h5", "barlow_resnet_batch64_project128_64_1024_seed1.h5")) {
			Path out = tmp.resolve("enc-" + file);
			EncoderImport.Result r = importFile(EncoderImport.Source.KERAS, fx.resolve(file), out, null, null, "auto");
			assertEquals(Architecture.RESNET50, r.architecture());
			assertEquals(InputNormalisation.NONE, r.normalisation());
			double d = relativeDifference(features(out, fx), reference);
			assertTrue(d <= TOLERANCE, file + ": features differ from the Keras reference by up to " + d);
		}
		assertTrue(importFile(EncoderImport.Source.KERAS, fx.resolve("barlow_resnet_batch64_project128_64_1024_seed1.h5"), tmp.resolve("enc-nested2"), null, null,
			"none").ignored().stream().anyMatch(s -> s.contains("dense")), "the projection head is left out");
	}

	/** Each Keras tensor lands in the variable of the same layer and weight name (convolution biases in the moving mean). */
	@Test
	void everyKerasTensorLandsInItsVariable() throws Exception {
		Path fx = kerasFixtures();
		Path file = fx.resolve("resnet50_notop.h5");
		Path out = tmp.resolve("enc-values");
		importFile(EncoderImport.Source.KERAS, file, out, null, null, "caffe");
		try (var enc = org.ssltem.nn.TrainedEncoder.open(out, 0, Device.choose(Device.Preference.CPU), 2); HdfFile h5 = new HdfFile(file)) {
			List<String> names = new ArrayList<>(enc.graph.variableShapes().keySet());
			Map<String, float[]> values = enc.graph.values(names);
			int checked = 0;
			for (String variable : names) {
				if (variable.startsWith("input_normalisation.")) continue;
				String layer = variable.substring(0, variable.indexOf('.')), weight = variable.substring(variable.indexOf('.') + 1);
				float[] expected = (float[]) h5.getDatasetByPath(layer + "/" + layer + "/" + weight + ":0").getDataFlat();
				if (weight.equals("moving_mean")) {
					String conv = layer.substring(0, layer.length() - "_bn".length()) + "_conv";
					float[] bias = (float[]) h5.getDatasetByPath(conv + "/" + conv + "/bias:0").getDataFlat();
					expected = expected.clone();
					for (int i = 0; i < expected.length; i++) expected[i] -= bias[i];
				}
				assertArrayEquals(expected, values.get(variable), 1e-6f, variable);
				checked++;
			}
			assertEquals(53 + 4 * 53, checked, "every convolution kernel and batch-norm vector of ResNet50 is checked");
			assertArrayEquals(InputNormalisation.CAFFE.mean(), values.get("input_normalisation.mean"));
		}
	}
}
