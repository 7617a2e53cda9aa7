package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

	@TempDir
	Path tmp;

	@Test
	void pretrainFlagsAreTheSnakeCaseKeysOfTheConfig() {
		CommandLine pretrain = Main.commandLine().getSubcommands().get("pretrain");
		Set<String> flags = pretrain.getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
		for (String key : new org.ssltem.train.PretrainConfig().toJson().keySet())
			assertTrue(flags.contains("--" + key), "no flag --" + key + " in " + flags);
	}

	@Test
	void badInputExitsWith2AndSaysWhatToDo() throws Exception {
		Path empty = Files.createDirectories(tmp.resolve("empty"));
		CliRun r = CliRun.of("pretrain", "--images", empty.toString(), "--out", tmp.resolve("out").toString(), "--arch", "resnet18", "--size", "32");
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().startsWith("ssl-tem: error: ") && r.err().contains("Fix:"), r.err());
		assertFalse(Files.exists(tmp.resolve("out")));
	}

	@Test
	void unknownArchitectureNamesTheValidOnes() {
		CliRun r = CliRun.of("pretrain", "--images", tmp.toString(), "--out", tmp.resolve("o").toString(), "--arch", "vgg");
		assertEquals(Main.EXIT_BAD_INPUT, r.code());
		assertTrue(r.err().contains("resnet50, resnet18"), r.err());
	}

	@Test
	void featureChoicesAreCaseInsensitiveAsEveryChoice() throws Exception {
		Path data = tmp.resolve("data");
		for (String c : java.util.List.of("a", "b"))
			for (int i = 0; i < 2; i++) {
				byte[] px = new byte[16 * 16];
				java.util.Arrays.fill(px, (byte) (c.equals("a") ? 40 + i : 200 - i));
				org.ssltem.data.ImageFiles.writeMaskPng(px, 16, 16, java.nio.file.Files.createDirectories(data.resolve(c)).resolve(i + ".png"));
			}
		CliRun r = CliRun.of("train-classifier", "--encoder", "baseline:texture", "--dataset", data.toString(), "--out", tmp.resolve("clf").toString(),
			"--pooling", "Stages", "--orientations", "8");
		assertEquals(0, r.code(), r.err());
	}

	@Test
	void aRemovedOptionSaysWhatReplacedItAndNothingIsWritten() {
		CliRun r = CliRun.of("train-classifier", "--encoder", "baseline:texture", "--dataset", tmp.toString(), "--out", tmp.resolve("clf").toString(), "--stages");
		assertEquals(Main.EXIT_BAD_INPUT, r.code());
		assertTrue(r.err().startsWith("ssl-tem: error: --stages was replaced by --pooling stages") && r.err().contains("Fix:"), r.err());
		assertTrue(!java.nio.file.Files.exists(tmp.resolve("clf")), "nothing was written");
		// other unknown options keep picocli's message
		CliRun other = CliRun.of("train-classifier", "--encoder", "baseline:texture", "--dataset", tmp.toString(), "--out", tmp.resolve("clf").toString(), "--nope");
		assertEquals(2, other.code());
		assertTrue(other.err().contains("Unknown option: '--nope'"), other.err());
		// the negation of a flag that is off by default (train-segmenter's calibrate_bn is on by default, this one is not)
		CliRun negated = CliRun.of("label-efficiency", "--encoder", "baseline:texture", "--dataset", tmp.toString(), "--out", tmp.resolve("le").toString(),
			"--no-calibrate_bn");
		assertEquals(Main.EXIT_BAD_INPUT, negated.code());
		assertEquals("ssl-tem: error: --calibrate_bn is off unless it is given. Fix: leave out --no-calibrate_bn", negated.err().strip());
		assertTrue(!java.nio.file.Files.exists(tmp.resolve("le")), "nothing was written");
	}

	@Test
	void missingRequiredFlagIsAUsageError() {
		CliRun r = CliRun.of("features", "--images", tmp.toString());
		assertEquals(2, r.code());
		assertTrue(r.err().contains("--encoder"), r.err());
	}
}
