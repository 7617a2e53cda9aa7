package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterSpec;
import org.ssltem.data.ImageFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 'ssl-tem spark': the options it shares with an engine operation are that operation's (key, help, default); wrong
 * models, images or values fail with exit code 2 and a fix, before any Spark session starts.
 */
class SparkCommandTest {

	@TempDir
	Path tmp;

	@Test
	void badInputsExitWith2BeforeSparkStarts() throws Exception {
		Path masks = Files.createDirectories(tmp.resolve("masks"));
		ImageFiles.writeMaskPng(new byte[16 * 16], 16, 16, masks.resolve("a.png"));
		for (String[] args : List.of(
			new String[] { "spark", "features", "--encoder", tmp.resolve("no-encoder").toString(), "--images", masks.toString(), "--out", tmp.resolve("o1").toString() },
			new String[] { "spark", "segment", "--segmenter", tmp.resolve("no-segmenter").toString(), "--images", masks.toString(), "--out", tmp.resolve("o2").toString() },
			new String[] { "spark", "morphology", "--images", tmp.resolve("missing").toString(), "--out", tmp.resolve("o3").toString() },
			new String[] { "spark", "morphology", "--images", tmp + "/masks/*.tif", "--out", tmp.resolve("o4").toString() }))
		{
			CliRun r = CliRun.of(args);
			assertEquals(Main.EXIT_BAD_INPUT, r.code(), String.join(" ", args) + "\n" + r.err());
			assertTrue(r.err().startsWith("ssl-tem: error: ") && r.err().contains("Fix:"), r.err());
		}
		for (String o : List.of("o1", "o2", "o3", "o4")) assertFalse(Files.exists(tmp.resolve(o)), o);
	}

	/** The Spark job's own options; every other option is an engine operation's parameter. */
	private static final Set<String> SPARK_ONLY = Set.of("images", "out", "master", "partitions", "overwrite", "fail_fast");

	@Test
	void sharedOptionsAreTheEngineOperationsOwn() {
		CommandLine spark = Main.commandLine().getSubcommands().get("spark");
		Map<String, List<OperationSpec>> engine = Map.of("segment", List.of(Operations.SEGMENT), "features", List.of(Operations.FEATURES),
			"morphology", List.of(Operations.MORPHOLOGY), "classify", List.of(Operations.CLASSIFY, Operations.FEATURES),
			"label-efficiency", List.of(Operations.LABEL_EFFICIENCY), "hparam-study", List.of(Operations.HPARAM_STUDY));
		assertEquals(new TreeSet<>(engine.keySet()), new TreeSet<>(spark.getSubcommands().keySet()));
		for (var e : engine.entrySet()) {
			TreeSet<String> keys = new TreeSet<>();
			for (OptionSpec o : spark.getSubcommands().get(e.getKey()).getCommandSpec().options()) {
				if (o.usageHelp() || o.versionHelp()) continue;
				String key = o.longestName().substring(2);
				keys.add(key);
				boolean study = e.getKey().equals("label-efficiency") || e.getKey().equals("hparam-study");
				if (study ? key.equals("master") : SPARK_ONLY.contains(key)) continue;
				ParameterSpec p = e.getValue().stream().filter(op -> op.has(key)).findFirst().orElseThrow(() -> new AssertionError(e.getKey() + " --" + key))
					.parameter(key);
				assertEquals(p.help(), String.join(" ", o.description()), "spark " + e.getKey() + " --" + key);
				assertEquals(p.required(), o.required(), "spark " + e.getKey() + " --" + key);
			}
			assertTrue(keys.contains("master"), e.getKey());
			if (e.getKey().equals("hparam-study"))
				for (ParameterSpec p : Operations.HPARAM_STUDY.parameters()) assertTrue(keys.contains(p.key()), "spark hparam-study --" + p.key());
			if (e.getKey().equals("label-efficiency"))
				for (ParameterSpec p : Operations.LABEL_EFFICIENCY.parameters())
					assertEquals(!p.key().equals("threads"), keys.contains(p.key()), "spark label-efficiency --" + p.key());
		}
	}

	@Test
	void badValuesOfTheSharedOptionsExitWith2BeforeSparkStarts() throws Exception {
		for (String[] args : List.of(
			new String[] { "spark", "segment", "--segmenter", tmp.toString(), "--images", tmp.toString(), "--out", tmp.resolve("o5").toString(), "--tile", "16" },
			new String[] { "spark", "label-efficiency", "--encoder", "random:resnet18", "--dataset", tmp.toString(), "--out", tmp.resolve("o6").toString(),
				"--split_seeds", "0" }))
		{
			CliRun r = CliRun.of(args);
			assertEquals(Main.EXIT_BAD_INPUT, r.code(), String.join(" ", args) + "\n" + r.err());
			String key = args[args.length - 2];
			assertTrue(r.err().startsWith("ssl-tem: error: " + key) && r.err().contains("Fix:"), r.err());
		}
		for (String o : List.of("o5", "o6")) assertFalse(Files.exists(tmp.resolve(o)), o);
	}

	@Test
	void sparkLabelEfficiencyGivesTheLocalCommandsResultsAndSummary() throws Exception {
		Path data = org.ssltem.testing.TinyEncoder.dataset(tmp.resolve("data"), List.of("a", "b"), 4, 40, 40, 2);
		List<String> common = List.of("--encoder", "random:resnet18", "--random_size", "32", "--dataset", data.toString(), "--labels", "1,2",
			"--split_seeds", "2", "--max_epochs", "30");
		List<String> local = new java.util.ArrayList<>(List.of("label-efficiency", "--out", tmp.resolve("le-local").toString()));
		local.addAll(common);
		List<String> distributed = new java.util.ArrayList<>(List.of("spark", "label-efficiency", "--master", "local[2]", "--out", tmp.resolve("le-spark").toString()));
		distributed.addAll(common);
		CliRun l = CliRun.of(local.toArray(String[]::new)), d = CliRun.of(distributed.toArray(String[]::new));
		assertEquals(0, l.code(), l.err());
		assertEquals(0, d.code(), d.err());
		// the same boxes, printed the same way; the last line differs only by time and folder
		List<String> lo = l.out().lines().toList(), dout = d.out().lines().toList();
		assertEquals(lo.size(), dout.size(), d.out());
		assertEquals(lo.subList(0, lo.size() - 1), dout.subList(0, dout.size() - 1));
		assertTrue(dout.get(0).startsWith("random:resnet18") && dout.get(dout.size() - 1).endsWith("le-spark"), d.out());
		assertEquals(Files.readString(tmp.resolve("le-local/results.csv")), Files.readString(tmp.resolve("le-spark/results.csv")));
	}
}
