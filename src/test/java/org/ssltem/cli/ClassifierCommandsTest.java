package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierCommandsTest {

	@TempDir
	Path tmp;

	@Test
	void theCommandsAreRegisteredWithSnakeCaseFlags() {
		CommandLine cl = new CommandLine(new Main());
		for (String name : new String[] { "train-classifier", "classify", "label-efficiency", "anchors" }) {
			CommandLine sub = cl.getSubcommands().get(name);
			assertTrue(sub != null, name + " is a subcommand");
			Set<String> flags = sub.getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
			for (String f : flags) assertTrue(f.equals(f.toLowerCase()) && !f.substring(2).contains("-"), name + ": " + f + " is not snake_case");
		}
		Set<String> le = cl.getSubcommands().get("label-efficiency").getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
		assertTrue(le.containsAll(Set.of("--encoder", "--dataset", "--labels", "--split_seeds", "--out")), le.toString());
	}

	@Test
	void aMissingEncoderExitsWith2AndSaysWhatToDo() throws Exception {
		Path data = Files.createDirectories(tmp.resolve("data/a"));
		CliRun r = CliRun.of("train-classifier", "--encoder", tmp.resolve("nope").toString(), "--dataset", data.getParent().toString(), "--out", tmp.resolve("o").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().startsWith("ssl-tem: error: ") && r.err().contains("Fix:"), r.err());
	}

	@Test
	void labelsThatAreNotNumbersExitWith2() {
		CliRun r = CliRun.of("label-efficiency", "--encoder", "random:resnet18", "--dataset", tmp.toString(), "--labels", "1,two", "--out", tmp.resolve("o").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("--labels 1,two"), r.err());
	}

	@Test
	void classifyWithoutAClassifierExitsWith2() throws Exception {
		CliRun r = CliRun.of("classify", "--classifier", tmp.toString(), "--images", tmp.toString(), "--out", tmp.resolve("p.csv").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("classifier.json is missing"), r.err());
	}
}
