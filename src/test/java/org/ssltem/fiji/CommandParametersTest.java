package org.ssltem.fiji;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Plugin;
import org.ssltem.cli.Main;
import org.ssltem.fiji.command.ExtractFeatures;
import org.ssltem.fiji.command.FeatureMapTsne;
import org.ssltem.fiji.command.GenerateSyntheticData;
import org.ssltem.fiji.command.PretrainEncoder;
import org.ssltem.fiji.ij1.MacroRunner;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The Fiji commands and the CLI take the same keys with the same defaults; menus agree between SciJava and plugins.config. */
class CommandParametersTest {

	static final Map<Class<?>, String> CLI = Map.of(GenerateSyntheticData.class, "generate", PretrainEncoder.class, "pretrain",
		ExtractFeatures.class, "features", FeatureMapTsne.class, "tsne");

	@Test
	void everyCommandTakesTheCliFlagsWithTheCliDefaults() {
		CommandLine cli = new CommandLine(new Main());
		for (var e : CLI.entrySet()) {
			Map<String, String> cliDefaults = new TreeMap<>();
			for (OptionSpec o : cli.getSubcommands().get(e.getValue()).getCommandSpec().options()) {
				if (o.usageHelp() || o.versionHelp()) continue;
				String d = o.defaultValue();
				cliDefaults.put(o.longestName().substring(2), d == null ? (o.type() == boolean.class ? "false" : "") : d);
			}
			Map<String, String> fiji = new TreeMap<>();
			for (CommandParameters.Param p : CommandParameters.of(e.getKey())) fiji.put(p.name(), p.defaultValue());
			assertEquals(cliDefaults, fiji, e.getKey().getSimpleName() + " vs ssl-tem " + e.getValue());
		}
	}

	@Test
	void pluginsConfigHasOneEntryPerSciJavaCommandWithTheSameMenuPath() throws Exception {
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
			assertEquals(p.menuPath(), menus.get(e.getKey()) + ">" + e.getKey(), cls);
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
