package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'ssl-tem spark': wrong models or images fail with exit code 2 and a fix, before any Spark session starts. */
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
}
