package org.ssltem.fiji;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Plugin;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterSpec;
import org.ssltem.fiji.command.ClassifyImages;
import org.ssltem.fiji.command.EvaluateSegmentation;
import org.ssltem.fiji.command.ExportBioImageIo;
import org.ssltem.fiji.command.ExtractFeatures;
import org.ssltem.fiji.command.FeatureMapTsne;
import org.ssltem.fiji.command.GenerateSyntheticData;
import org.ssltem.fiji.command.ImportEncoder;
import org.ssltem.fiji.command.LabelEfficiencyReport;
import org.ssltem.fiji.command.PercolationMorphology;
import org.ssltem.fiji.command.PretrainEncoder;
import org.ssltem.fiji.command.SegmentFolder;
import org.ssltem.fiji.command.SegmentImage;
import org.ssltem.fiji.command.SuggestImagesToLabel;
import org.ssltem.fiji.command.TrainClassifier;
import org.ssltem.fiji.command.TrainSegmenter;
import org.ssltem.fiji.ij1.MacroRunner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The Fiji commands take their operation's spec keys with the spec's defaults; menus agree between SciJava and plugins.config. */
class CommandParametersTest {

	static final Map<Class<?>, String> CLI = Map.ofEntries(Map.entry(GenerateSyntheticData.class, "generate"), Map.entry(PretrainEncoder.class, "pretrain"),
		Map.entry(ExtractFeatures.class, "features"), Map.entry(TrainClassifier.class, "train-classifier"), Map.entry(ClassifyImages.class, "classify"),
		Map.entry(LabelEfficiencyReport.class, "label-efficiency"), Map.entry(SuggestImagesToLabel.class, "anchors"),
		Map.entry(TrainSegmenter.class, "train-segmenter"), Map.entry(SegmentFolder.class, "segment"), Map.entry(ExportBioImageIo.class, "export-bioimageio"), Map.entry(EvaluateSegmentation.class, "seg-eval"),
		Map.entry(PercolationMorphology.class, "morphology"), Map.entry(FeatureMapTsne.class, "tsne"), Map.entry(ImportEncoder.class, "import-encoder"));

	/** The operation's keys that a dialog offers, and their defaults as a Fiji field holds them ("" = none, flags "false"). */
	static Map<String, String> specDefaults(String operation) {
		Map<String, String> defaults = new TreeMap<>();
		for (ParameterSpec p : Operations.named(operation).parameters()) {
			if (p.faces() != ParameterSpec.Faces.ALL_FACES) continue;
			String d = p.defaultValue();
			defaults.put(p.key(), d == null ? (p.kind() == ParameterSpec.Kind.FLAG ? "false" : "") : d);
		}
		return defaults;
	}

	static Map<String, String> fijiDefaults(Class<?> command) {
		Map<String, String> fiji = new TreeMap<>();
		for (CommandParameters.Param p : CommandParameters.of(command)) fiji.put(p.name(), p.defaultValue());
		return fiji;
	}

	@Test
	void everyCommandTakesItsOperationsKeysWithTheSpecDefaults() {
		for (var e : CLI.entrySet())
			assertEquals(specDefaults(e.getValue()), fijiDefaults(e.getKey()), e.getKey().getSimpleName() + " vs the spec of " + e.getValue());
	}

	@Test
	void dialogHelpAndChoicesComeFromTheSpec() {
		for (var e : CLI.entrySet()) {
			OperationSpec spec = Operations.named(e.getValue());
			for (CommandParameters.Param p : CommandParameters.of(e.getKey())) {
				ParameterSpec s = spec.parameter(p.name());
				assertEquals(s.help(), p.description(), e.getKey().getSimpleName() + "." + p.name());
				assertEquals(s.choices(), p.choices(), e.getKey().getSimpleName() + "." + p.name());
			}
		}
	}

	@Test
	void segmentImageTakesSegmentsFlagsButTheImageIsTheOpenOneAndOutIsOptional() {
		Map<String, String> expected = specDefaults("segment");
		expected.remove("images");
		assertEquals(expected, fijiDefaults(SegmentImage.class));
		var out = CommandParameters.of(SegmentImage.class).stream().filter(p -> p.name().equals("out")).findFirst().orElseThrow();
		assertFalse(out.required(), "without out the result only goes to image windows");
	}

	@Test
	void everyOperationOfACommandIsOneTheEngineHas() throws Exception {
		var ops = new org.ssltem.engine.LocalEngine().operations();
		for (var e : CLI.entrySet()) {
			var m = e.getKey().getDeclaredMethod("operation");
			m.setAccessible(true);
			String op = (String) m.invoke(e.getKey().getDeclaredConstructor().newInstance());
			assertEquals(e.getValue(), op, e.getKey().getSimpleName() + " runs the engine operation named like its CLI command");
			assertTrue(ops.contains(op), op + " is not in LocalEngine.OPERATIONS " + ops);
		}
	}

	@Test
	void anOptionalWholeNumberLeftEmptyIsNotGiven() {
		TrainSegmenter c = new TrainSegmenter();
		var fg = CommandParameters.of(TrainSegmenter.class).stream().filter(p -> p.name().equals("foreground")).findFirst().orElseThrow();
		assertFalse(fg.required());
		CommandParameters.set(c, fg, "");
		assertFalse(CommandParameters.values(c).containsKey("foreground"));
		CommandParameters.set(c, fg, "2");
		assertEquals("2", CommandParameters.values(c).get("foreground"));
		var e = assertThrows(IllegalArgumentException.class, () -> CommandParameters.set(c, fg, "nanowire"));
		assertTrue(e.getMessage().contains("foreground") && e.getMessage().contains("whole number"), e.getMessage());
	}

	@Test
	void pluginsConfigHasOneEntryPerSciJavaCommandWithItsLabel() throws Exception {
		Map<String, String> commands = MacroRunner.commands(), menus = MacroRunner.menus();
		TreeSet<String> indexed = new TreeSet<>();
		try (var in = getClass().getResourceAsStream("/META-INF/json/org.scijava.plugin.Plugin")) {
			assertNotNull(in, "the SciJava annotation index is missing: is scijava-common's annotation processor running?");
			String json = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().reduce("", String::concat);
			var m = java.util.regex.Pattern.compile("\"class\":\"(org\\.ssltem\\.fiji\\.command\\.[A-Za-z]+)\"").matcher(json);
			while (m.find()) indexed.add(m.group(1));
		}
		TreeSet<String> configured = new TreeSet<>();
		for (var e : commands.entrySet()) {
			String cls = e.getValue().replaceAll(".*\\(\"(.*)\"\\)", "$1");
			configured.add(cls);
			Plugin p = Class.forName(cls).getAnnotation(Plugin.class);
			assertEquals(e.getKey(), p.label(), cls);
			assertTrue(menus.get(e.getKey()).startsWith("Plugins>SSL-TEM"), cls);
			assertEquals("", p.menuPath(), cls + ": a SciJava menu path would take the menu item from plugins.config in Fiji, and with it the dialog");
		}
		assertEquals(indexed, configured);
		assertTrue(configured.size() >= 3, configured.toString());
	}

	@Test
	void setRejectsBadValuesNamingTheKeyAndTheValidValues() {
		PretrainEncoder c = new PretrainEncoder();
		var method = CommandParameters.of(PretrainEncoder.class).stream().filter(p -> p.name().equals("method")).findFirst().orElseThrow();
		var e = assertThrows(IllegalArgumentException.class, () -> CommandParameters.set(c, method, "byol"));
		assertTrue(e.getMessage().contains("method") && e.getMessage().contains("barlow, simclr"), e.getMessage());
		var epochs = CommandParameters.of(PretrainEncoder.class).stream().filter(p -> p.name().equals("epochs")).findFirst().orElseThrow();
		e = assertThrows(IllegalArgumentException.class, () -> CommandParameters.set(c, epochs, "2.5"));
		assertTrue(e.getMessage().contains("epochs") && e.getMessage().contains("whole number"), e.getMessage());
		CommandParameters.set(c, epochs, "7");
		assertEquals("7", CommandParameters.values(c).get("epochs"));
	}
}
