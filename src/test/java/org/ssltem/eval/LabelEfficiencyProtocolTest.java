package org.ssltem.eval;

import org.ssltem.api.ParameterText;

import org.ssltem.testing.TinyEncoder;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelEfficiencyProtocolTest {

	@TempDir
	static Path tmp;
	static Path data, encoder;
	static final List<String> CLASSES = List.of("bundle", "network", "singular");

	@BeforeAll
	static void encoder() throws Exception {
		data = TinyEncoder.dataset(tmp.resolve("data"), CLASSES, 10, 40, 40, 4);
		encoder = TinyEncoder.pretrain(data, tmp.resolve("pretrained"));
	}

	static LabelEfficiencyProtocol.Config config(Path out) {
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = List.of(encoder.toString(), "random:resnet18");
		c.dataset = data;
		c.labels = new int[] { 1, 2, 4, 20 };
		c.splitSeeds = 3;
		c.out = out;
		c.threads = 2;
		// the paper's probe: its validation columns are what these tests check; tiny images at the encoder's size
		c.probe = org.ssltem.train.LinearClassifier.Probe.PAPER;
		c.view = org.ssltem.infer.FeatureView.ENCODER;
		return c;
	}

	/** The default probe and the texture baseline: one row per classifier, recorded in protocol.json. */
	@Test
	void theDefaultProbeRunsBesideTheTextureBaselineAndSplitsBySample() throws Exception {
		Path out = tmp.resolve("le-default");
		LabelEfficiencyProtocol.Config c = config(out);
		c.probe = org.ssltem.train.LinearClassifier.Probe.LOGISTIC;
		c.encoders = List.of(encoder.toString(), org.ssltem.infer.TextureFeatures.NAME);
		c.labels = new int[] { 1, 4 };
		c.splitBySample = true;
		LabelEfficiencyProtocol.Report r = LabelEfficiencyProtocol.run(c, null, null);
		assertEquals(2 * 3 * 2, r.rows().size());
		assertTrue(r.rows().stream().anyMatch(row -> row.encoder().equals(org.ssltem.infer.TextureFeatures.NAME)));
		assertTrue(r.rows().stream().noneMatch(LabelEfficiencyProtocol.Row::validated), "the logistic probe holds out no validation set");
		JsonObject protocol = JsonParser.parseString(Files.readString(out.resolve("protocol.json"))).getAsJsonObject();
		assertEquals("logistic", protocol.get("probe").getAsString());
		assertTrue(protocol.get("split").getAsString().startsWith("by sample"));
	}

	@Test
	void theProtocolWritesOneRowPerClassifierASummaryPlotsAndConfusionMatrices() throws Exception {
		Path out = tmp.resolve("le");
		TinyEncoder.Log log = new TinyEncoder.Log();
		LabelEfficiencyProtocol.Report r = LabelEfficiencyProtocol.run(config(out), log, null);

		List<String> lines = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(1 + 2 * 3 * 4, lines.size());
		Map<String, List<Double>> accuracies = new HashMap<>();
		Set<String> encoders = new TreeSet<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			int k = Integer.parseInt(f[2]), labelled = Integer.parseInt(f[3]);
			encoders.add(f[0]);
			// 10 per class: 2 to test, 8 to train; 20 labels per class are capped to those 8
			assertEquals(3 * Math.min(k, 8), labelled, line);
			assertEquals(6, Integer.parseInt(f[9]), line);
			assertEquals(k >= 4, Boolean.parseBoolean(f[6]), "validation from 4 labels per class: " + line);
			double acc = Double.parseDouble(f[10]);
			assertTrue(acc >= 0 && acc <= 1);
			accuracies.computeIfAbsent(f[0] + "|" + k, x -> new ArrayList<>()).add(acc);
		}
		assertEquals(Set.of("pretrained", "random:resnet18"), encoders);

		JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
		assertEquals(Set.of("results"), summary.keySet());
		JsonArray results = summary.getAsJsonArray("results");
		assertEquals(8, results.size());
		for (JsonElement e : results) {
			JsonObject o = e.getAsJsonObject();
			assertEquals(List.of("encoder", "labels_per_class", "n", "median", "q1", "q3", "notch_low", "notch_high"), new ArrayList<>(o.keySet()));
			assertEquals(3, o.get("n").getAsInt());
			double[] s = accuracies.get(o.get("encoder").getAsString() + "|" + o.get("labels_per_class").getAsInt()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
			// three values: the median is the middle one, the quartiles are halfway to the others
			assertEquals(s[1], o.get("median").getAsDouble(), 1e-6);
			double q1 = (s[0] + s[1]) / 2, q3 = (s[1] + s[2]) / 2;
			assertEquals(q1, o.get("q1").getAsDouble(), 1e-6);
			assertEquals(q3, o.get("q3").getAsDouble(), 1e-6);
			assertEquals(s[1] - 1.57 * (q3 - q1) / Math.sqrt(3), o.get("notch_low").getAsDouble(), 1e-6);
			assertEquals(s[1] + 1.57 * (q3 - q1) / Math.sqrt(3), o.get("notch_high").getAsDouble(), 1e-6);
		}

		assertTrue(r.warnings().stream().map(ParameterText::forCli).anyMatch(w -> w.contains("--labels 20") && w.contains("'bundle' has 8")), r.warnings().toString());
		assertTrue(ParameterText.forCli(log.toString()).contains("warning: --labels 20"), log.toString());
		String protocolJson = Files.readString(out.resolve("protocol.json"));
		assertTrue(protocolJson.contains("--labels 20") && !protocolJson.contains("{{"), "the file a person reads words the option as the CLI does");
		assertTrue(Files.size(out.resolve("boxplot.png")) > 1000);
		assertTrue(Files.readString(out.resolve("boxplot.svg")).contains("<svg"));
		for (String name : List.of("pretrained", "random_resnet18"))
			for (int k : new int[] { 1, 2, 4, 20 }) {
				List<String> cm = Files.readAllLines(out.resolve("confusion/" + name + "-k" + k + ".csv"));
				long total = 0;
				for (String row : cm.subList(1, cm.size())) total += Arrays.stream(row.split(",")).skip(1).mapToLong(Long::parseLong).sum();
				assertEquals(3 * 6, total, "test predictions of the 3 splits");
				assertTrue(Files.exists(out.resolve("confusion/" + name + "-k" + k + ".png")));
			}
		assertTrue(Files.isRegularFile(out.resolve("encoders/random-resnet18-32px/manifest.json")), "the untrained baseline is cached under --out");

		// results are never replaced silently; with --overwrite the same settings give the same numbers
		UserInputException e = assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(config(out), null, null));
		assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
		String before = Files.readString(out.resolve("results.csv"));
		LabelEfficiencyProtocol.Config again = config(out);
		again.overwrite = true;
		TinyEncoder.Log log2 = new TinyEncoder.Log();
		LabelEfficiencyProtocol.run(again, log2, null);
		assertEquals(before, Files.readString(out.resolve("results.csv")));
		assertTrue(log2.toString().contains("reusing the untrained resnet18"), log2.toString());
		assertTrue(!log2.toString().contains("features of"), "features come from the cache: " + log2);
	}

	@Test
	void calibrateBnCopiesTheWeightsAndMeasuresBatchNormStatisticsOnTheDataset() throws Exception {
		// an encoder pretrained on other images (a different stripe set), so its statistics do not fit the dataset
		Path other = TinyEncoder.dataset(tmp.resolve("other"), List.of("x", "y"), 6, 40, 40, 77);
		Path foreign = TinyEncoder.pretrain(other, tmp.resolve("foreign"));
		LabelEfficiencyProtocol.Config c = config(tmp.resolve("le-bn"));
		c.encoders = List.of(foreign.toString());
		c.labels = new int[] { 2 };
		c.splitSeeds = 1;
		c.calibrateBn = true;
		TinyEncoder.Log log = new TinyEncoder.Log();
		LabelEfficiencyProtocol.Report report = LabelEfficiencyProtocol.run(c, log, null);
		assertEquals("foreign", report.summary().get(0).encoder(), "results keep the encoder's own name");
		Path copy = tmp.resolve("le-bn/encoders/foreign-bn-calibrated");
		var m = org.ssltem.nn.EncoderManifest.read(copy);
		assertEquals("bn_calibrated", m.status);
		assertEquals(org.ssltem.nn.EncoderIdentity.of(foreign).sha256(), m.weightsFromIdentity);
		assertEquals(data.toAbsolutePath().normalize().toString(), m.inputsRoot);

		Map<String, float[]> before = org.ssltem.train.PretrainerTestAccess.weights(foreign), after = org.ssltem.train.PretrainerTestAccess.weights(copy);
		int statistics = 0, changed = 0;
		for (String name : before.keySet()) {
			boolean isStatistic = name.contains("moving_mean") || name.contains("moving_variance");
			if (!isStatistic) assertTrue(Arrays.equals(before.get(name), after.get(name)), "weight " + name + " changed");
			else {
				statistics++;
				if (!Arrays.equals(before.get(name), after.get(name))) changed++;
			}
		}
		assertTrue(statistics > 20 && changed == statistics, changed + " of " + statistics + " statistics were measured again");

		// the copy is reused while the source encoder is unchanged
		LabelEfficiencyProtocol.Config again = config(tmp.resolve("le-bn"));
		again.encoders = c.encoders;
		again.labels = c.labels;
		again.splitSeeds = 1;
		again.calibrateBn = true;
		again.overwrite = true;
		TinyEncoder.Log log2 = new TinyEncoder.Log();
		LabelEfficiencyProtocol.run(again, log2, null);
		assertTrue(log2.toString().contains("reusing the batch-norm calibrated copy"), log2.toString());
	}

	@Test
	void byteIdenticalImagesAreFlagged() throws Exception {
		assertEquals(null, LabelEfficiencyProtocol.duplicateWarning(org.ssltem.data.ImageDataset.scan(data)));
		Path dup = tmp.resolve("dup");
		TinyEncoder.dataset(dup, List.of("a", "b"), 2, 40, 40, 9);
		Files.copy(dup.resolve("a/img-00.png"), dup.resolve("a/img-00-copy.png"));
		String w = LabelEfficiencyProtocol.duplicateWarning(org.ssltem.data.ImageDataset.scan(dup));
		assertTrue(w != null && w.startsWith("1 image is a byte-identical copy") && w.contains("a/img-00.png") && w.contains("a/img-00-copy.png"), w);
	}

	@Test
	void badSettingsNameTheOption() {
		LabelEfficiencyProtocol.Config c = config(tmp.resolve("bad"));
		c.labels = new int[] { 0, 2 };
		assertTrue(assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(c, null, null)).getMessage().contains("--labels 0"));
		LabelEfficiencyProtocol.Config d = config(tmp.resolve("bad"));
		d.splitSeeds = 0;
		assertTrue(assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(d, null, null)).getMessage().contains("--split_seeds"));
		LabelEfficiencyProtocol.Config f = config(tmp.resolve("bad"));
		f.encoders = List.of("random:vgg16");
		assertTrue(assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(f, null, null)).getMessage().contains("resnet18"));
	}

	@Test
	void aDatasetWithOneClassOrAnEmptyClassFolderIsRefusedBeforeAnyEncoderRuns() throws Exception {
		Path d = tmp.resolve("one-class");
		Files.createDirectories(d.resolve("bundle"));
		Files.copy(data.resolve("bundle/img-00.png"), d.resolve("bundle/a.png"));
		LabelEfficiencyProtocol.Config c = config(tmp.resolve("le-one"));
		c.dataset = d;
		UserInputException one = assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(c, null, null));
		assertTrue(one.getMessage().contains("only one class folder ('bundle')") && one.getMessage().contains("Fix:"), one.getMessage());
		Files.createDirectories(d.resolve("network"));
		UserInputException empty = assertThrows(UserInputException.class, () -> LabelEfficiencyProtocol.run(c, null, null));
		assertTrue(empty.getMessage().contains("'network' has no images") && empty.getMessage().contains("Fix:"), empty.getMessage());
		assertFalse(Files.exists(tmp.resolve("le-one/encoders")), "no random encoder was made");
	}
}
