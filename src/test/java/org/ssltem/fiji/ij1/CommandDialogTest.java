package org.ssltem.fiji.ij1;

import ij.plugin.frame.Recorder;
import org.junit.jupiter.api.Test;
import org.ssltem.fiji.CommandParameters;
import org.ssltem.fiji.CommandParameters.Param;
import org.ssltem.fiji.command.PretrainEncoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandDialogTest {

	static final List<Param> PRETRAIN = CommandParameters.of(PretrainEncoder.class);

	static Param param(List<Param> params, String name) {
		return params.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
	}

	/** Pretrain's dialog asks for images, output, method and time budget; the recipe is under Advanced, labelled as the spec labels it. */
	@Test
	void pretrainShowsFourBasicSettingsAndTheRestUnderAdvanced() {
		List<String> basic = PRETRAIN.stream().filter(p -> !p.advanced()).map(Param::name).toList();
		assertEquals(List.of("images", "out", "method", "time_budget"), basic);
		assertTrue(param(PRETRAIN, "epochs").advanced() && param(PRETRAIN, "lr").advanced() && param(PRETRAIN, "preset").advanced());
		assertEquals("Learning rate", param(PRETRAIN, "lr").label());
		assertEquals("Time budget (min)", param(PRETRAIN, "time_budget").label());
	}

	@Test
	void theSummaryNamesTheAdvancedSettingsThatDifferFromTheirDefaults() {
		CommandDialog d = new CommandDialog("Pretrain Encoder", PRETRAIN, PRETRAIN);
		assertEquals("Advanced: defaults", d.summary());
		List<Param> remembered = PRETRAIN.stream().map(p -> p.name().equals("epochs") ? p.withDefault("60") : p.name().equals("lr") ? p.withDefault("0.0010") : p)
			.toList();
		assertEquals("Advanced: epochs=60", new CommandDialog("Pretrain Encoder", PRETRAIN, remembered).summary(), "0.0010 is the default 0.001");
	}

	/** Basic settings are all recorded, advanced ones only when changed, so the recorded line replays the run and stays short. */
	@Test
	void theRecorderGetsBasicSettingsAndChangedAdvancedOnesByKey() {
		boolean was = Recorder.record;
		Recorder.record = true;
		try {
			Recorder.setCommand("Pretrain Encoder");
			List<Param> remembered = PRETRAIN.stream().map(p -> p.name().equals("seed") ? p.withDefault("7") : p).toList();
			CommandDialog d = new CommandDialog("Pretrain Encoder", PRETRAIN, remembered);
			Map<String, String> values = new LinkedHashMap<>();
			for (Param p : remembered) values.put(p.name(), p.defaultValue());
			values.put("images", "/data/my images");
			values.put("out", "/data/enc");
			d.record(values);
			String options = Recorder.getCommandOptions();
			assertTrue(options.contains("images=[/data/my images]") && options.contains("out=/data/enc") && options.contains("method=simclr")
				&& options.contains("time_budget=0") && options.contains("seed=7"), options);
			assertFalse(options.contains("epochs=") || options.contains("lr=") || options.contains("resume"), options);
		}
		finally {
			Recorder.setCommand(null);
			Recorder.record = was;
		}
	}

	@Test
	void decimalsShowEnoughDigitsToReadBackTheirValue() {
		assertEquals(3, CommandDialog.digits("0.001"));
		assertEquals(5, CommandDialog.digits("1.0E-5"));
		assertEquals(1, CommandDialog.digits("0.2"));
		assertEquals(1, CommandDialog.digits("0.0"));
	}

	@Test
	void helpListsEveryLabelWithItsMacroKey() {
		String html = new CommandDialog("Pretrain Encoder", PRETRAIN, PRETRAIN).help();
		assertTrue(html.startsWith("<html>"), "ImageJ shows a help text as HTML only when it starts with <html>");
		for (Param p : PRETRAIN) assertTrue(html.contains("<tt>" + p.name() + "=</tt>") && html.contains(p.label()), p.name());
		assertTrue(html.indexOf("time_budget=") < html.indexOf("Advanced settings") && html.indexOf("epochs=") > html.indexOf("Advanced settings"));
	}
}
