package org.ssltem.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterSpec;
import org.ssltem.engine.Binding;
import org.ssltem.engine.LocalEngine;
import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.infer.FeatureView;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.SegmenterConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every face of an operation is its spec: the CLI's options, the engine's operations and binding, and the engine's
 * own config defaults hold the same keys and defaults as {@link Operations}. (The Fiji fields and macro keys are
 * checked against the same spec by {@code fiji.CommandParametersTest}.)
 */
class OperationContractTest {

	private static final CommandLine CLI = Main.commandLine();

	@Test
	void theEngineOffersExactlyTheSpecifiedOperations() {
		assertEquals(Operations.ALL.stream().map(OperationSpec::name).toList(), new LocalEngine().operations());
	}

	@Test
	void everyCliOptionIsASpecKeyWithTheSpecsRequirednessAndHelp() {
		for (OperationSpec op : Operations.ALL) {
			CommandLine sub = CLI.getSubcommands().get(op.name());
			assertNotNull(sub, "ssl-tem " + op.name());
			TreeSet<String> options = new TreeSet<>();
			for (OptionSpec o : sub.getCommandSpec().options()) {
				if (o.usageHelp() || o.versionHelp()) continue;
				String key = o.longestName().substring(2);
				options.add(key);
				ParameterSpec p = op.parameter(key);
				assertEquals(p.required(), o.required(), op + " --" + key);
				assertEquals(p.help(), String.join(" ", o.description()), op + " --" + key);
				if (p.defaultValue() != null && p.kind() != ParameterSpec.Kind.FLAG)
					assertTrue(o.description()[0].endsWith("default: " + p.defaultValue()), op + " --" + key + " shows its default");
			}
			assertEquals(new TreeSet<>(op.parameters().stream().map(ParameterSpec::key).toList()), options, op.name());
		}
	}

	@Test
	void theBindingFallsBackToTheSpecDefaultsAndRefusesUnknownKeys() {
		for (OperationSpec op : Operations.ALL) {
			Map<String, String> required = new LinkedHashMap<>();
			for (ParameterSpec p : op.parameters()) if (p.required()) required.put(p.key(), p.kind().isPath() ? "/tmp/x" : "a");
			Binding b = Binding.of(op, required);
			for (ParameterSpec p : op.parameters())
				if (!p.required()) assertEquals(p.defaultValue(), b.text(p.key()), op + " " + p.key());
			Map<String, String> unknown = new LinkedHashMap<>(required);
			unknown.put("no_such_key", "1");
			var e = assertThrows(org.ssltem.core.UserInputException.class, () -> Binding.of(op, unknown));
			assertTrue(e.getMessage().contains("no_such_key"), e.getMessage());
		}
	}

	/** A flag that is on by default is turned off with --no-KEY; the plain --KEY still says on. */
	@Test
	void aFlagOnByDefaultIsTurnedOffWithItsNegation() {
		List<ParameterSpec> parameters = Operations.TRAIN_SEGMENTER.parameters();
		String[] train = { "train-segmenter", "--encoder", "e", "--images", "i", "--masks", "m", "--out", "o" };
		Map<String, String> off = OperationCommand.given(CLI.parseArgs(concat(train, "--no-calibrate_bn")).subcommand(), parameters);
		assertEquals("false", off.get("calibrate_bn"));
		assertFalse(Binding.of(Operations.TRAIN_SEGMENTER, off).flag("calibrate_bn"));
		Map<String, String> on = OperationCommand.given(CLI.parseArgs(concat(train, "--calibrate_bn")).subcommand(), parameters);
		assertEquals("true", on.get("calibrate_bn"));
		Map<String, String> unsaid = OperationCommand.given(CLI.parseArgs(train).subcommand(), parameters);
		assertFalse(unsaid.containsKey("calibrate_bn"));
		assertTrue(Binding.of(Operations.TRAIN_SEGMENTER, unsaid).flag("calibrate_bn"), "on when not mentioned");
		// a flag that is off by default has no negation
		assertThrows(CommandLine.ParameterException.class,
			() -> CLI.parseArgs("label-efficiency", "--encoder", "e", "--dataset", "d", "--out", "o", "--no-calibrate_bn"));
	}

	private static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	@Test
	void badValuesAreRefusedNamingTheKey() {
		Map<String, String> given = new LinkedHashMap<>(Map.of("encoder", "e", "images", "i", "masks", "m", "out", "o"));
		given.put("labeled", "big");
		var e = assertThrows(org.ssltem.core.UserInputException.class, () -> Binding.of(Operations.TRAIN_SEGMENTER, given));
		assertEquals("--labeled is 'big', not a whole number. Fix: give a whole number, e.g. 8", e.getMessage());
		assertEquals("{{labeled}} is 'big', not a whole number. Fix: give a whole number, e.g. 8", e.template());
		given.remove("labeled");
		given.put("size", "big");
		e = assertThrows(org.ssltem.core.UserInputException.class, () -> Binding.of(Operations.TRAIN_SEGMENTER, given));
		assertEquals("--size is 'big', not a whole number. Fix: give a whole number", e.getMessage(), "no example where the default is chosen at run time");
		given.put("size", "-32");
		e = assertThrows(org.ssltem.core.UserInputException.class, () -> Binding.of(Operations.TRAIN_SEGMENTER, given));
		assertTrue(e.getMessage().startsWith("--size is -32, outside the allowed range. Fix: give a value at least 0"), e.getMessage());
		given.put("size", "224");
		given.put("loss", "l2");
		e = assertThrows(org.ssltem.core.UserInputException.class, () -> Binding.of(Operations.TRAIN_SEGMENTER, given));
		assertEquals("--loss is 'l2'. Fix: choose one of dice, dice_ce", e.getMessage());
	}

	@Test
	void theEnginesConfigDefaultsAreTheSpecDefaults() throws Exception {
		SegmenterConfig segmenter = new SegmenterConfig();
		for (String key : List.of("size", "labeled", "epochs", "batch", "lr", "loss", "crop", "seed", "device", "threads"))
			assertSameDefault(Operations.TRAIN_SEGMENTER, key, field(segmenter, key));
		assertEquals(Operations.TRAIN_SEGMENTER.defaultFlag("calibrate_bn"), segmenter.calibrateBn, "train-segmenter calibrate_bn");
		for (OperationSpec op : List.of(Operations.TRAIN_SEGMENTER, Operations.SEG_LABEL_EFFICIENCY))
		{
			assertSameDefault(op, "decoder_width", segmenter.decoderWidth);
			assertSameDefault(op, "ensemble", segmenter.ensemble);
			assertSameDefault(op, "decoder", segmenter.decoder);
			assertEquals(org.ssltem.nn.DecoderShape.Stages.keys(), op.parameter("decoder").choices(), op.name() + " offers every decoder");
		}
		assertEquals(org.ssltem.nn.DecoderShape.DEFAULT, org.ssltem.train.SegmenterTrainer.decoderShape(segmenter), "the spec's decoder is the network's default");
		assertEquals(org.ssltem.nn.TransferredUNet.DEFAULT_WIDTH, segmenter.decoderWidth, "the spec's decoder width is the network's default");
		assertTrue(Operations.SEG_LABEL_EFFICIENCY.defaultFlag("calibrate_bn"), "seg-label-efficiency calibrates as train-segmenter does");
		JsonObject pretrain = new PretrainConfig().toJson();
		for (ParameterSpec p : Operations.PRETRAIN.parameters()) {
			if (p.required() || p.kind() == ParameterSpec.Kind.FLAG) continue;
			assertTrue(pretrain.has(p.key()), "PretrainConfig has " + p.key());
			assertSameDefault(Operations.PRETRAIN, p.key(), pretrain.get(p.key()).getAsString());
		}
		LabelEfficiencyProtocol.Config protocol = new LabelEfficiencyProtocol.Config();
		for (OperationSpec op : List.of(Operations.TRAIN_CLASSIFIER, Operations.LABEL_EFFICIENCY))
			assertSameDefault(op, "probe", LinearClassifier.Options.defaults().probe().key);
		// 'features' writes the features the classifiers are trained on
		for (OperationSpec op : List.of(Operations.FEATURES, Operations.TRAIN_CLASSIFIER, Operations.LABEL_EFFICIENCY)) {
			assertSameDefault(op, "feature_size", FeatureView.DEFAULT.size());
			assertSameDefault(op, "pooling", FeatureView.DEFAULT.stages() ? FeatureView.POOL_STAGES : FeatureView.POOL_LAST);
			assertSameDefault(op, "orientations", FeatureView.DEFAULT.orientations());
		}
		assertSameDefault(Operations.LABEL_EFFICIENCY, "probe", protocol.probe.key);
		assertSameDefault(Operations.LABEL_EFFICIENCY, "feature_size", protocol.view.size());
		assertEquals(FeatureView.DEFAULT, protocol.view, "label-efficiency's feature view is the spec's");
		assertFalse(protocol.splitBySample, "label-efficiency split_by_sample");
	}

	private static Object field(Object config, String key) throws ReflectiveOperationException {
		Field f = config.getClass().getField(key);
		return f.get(config);
	}

	private static void assertSameDefault(OperationSpec op, String key, Object configValue) {
		String spec = op.defaultText(key);
		if (spec == null || configValue == null) { // no default: chosen at run time (e.g. train-segmenter's size)
			assertEquals(spec, configValue, op + " " + key);
			return;
		}
		if (configValue instanceof Number || spec.matches("-?[0-9.eE+-]+"))
			assertEquals(Double.parseDouble(spec), Double.parseDouble(String.valueOf(configValue)), 0, op + " " + key);
		else assertEquals(spec, String.valueOf(configValue), op + " " + key);
	}
}
