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

/** The four segmentation commands through the real CLI: exit codes and what they write. */
class SegmentationCommandsTest {

	@TempDir
	Path tmp;


	private Path masks(String name, int... lit) throws Exception {
		Path dir = Files.createDirectories(tmp.resolve(name));
		byte[] m = new byte[32 * 32];
		for (int i : lit) m[i] = 1;
		ImageFiles.writeMaskPng(m, 32, 32, dir.resolve("a.png"));
		return dir;
	}

	@Test
	void segEvalAndMorphologyWriteTheirFiles() throws Exception {
		Path pred = masks("pred", 1, 2, 3), truth = masks("truth", 2, 3, 4);
		CliRun r = CliRun.of("seg-eval", "--predicted", pred.toString(), "--truth", truth.toString(), "--out", tmp.resolve("s.json").toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.readString(tmp.resolve("s.json")).contains("\"dice_median\": 0.666"), Files.readString(tmp.resolve("s.json")));
		CliRun m = CliRun.of("morphology", "--masks", pred.toString(), "--foreground", "1", "--out", tmp.resolve("m.csv").toString());
		assertEquals(0, m.code(), m.err());
		List<String> lines = Files.readAllLines(tmp.resolve("m.csv"));
		assertEquals(4, lines.size());
		assertTrue(lines.get(1).startsWith("a,32,32,"), lines.get(1));
	}

	@Test
	void badInputsExitWith2AndSayWhatToDo() throws Exception {
		Path pred = masks("pred", 1), other = Files.createDirectories(tmp.resolve("other"));
		ImageFiles.writeMaskPng(new byte[32 * 32], 32, 32, other.resolve("b.png"));
		for (String[] args : List.of(
			new String[] { "seg-eval", "--predicted", pred.toString(), "--truth", other.toString(), "--out", tmp.resolve("x.json").toString() },
			new String[] { "seg-eval", "--predicted", pred.toString(), "--truth", pred.toString(), "--foreground", "3", "--out", tmp.resolve("y.json").toString() },
			new String[] { "morphology", "--masks", tmp.resolve("missing").toString(), "--out", tmp.resolve("m.csv").toString() },
			new String[] { "train-segmenter", "--encoder", tmp.resolve("no-encoder").toString(), "--images", pred.toString(), "--masks", pred.toString(),
				"--out", tmp.resolve("seg").toString() },
			new String[] { "segment", "--segmenter", tmp.resolve("no-segmenter").toString(), "--images", pred.toString(), "--out", tmp.resolve("o").toString() }))
		{
			CliRun r = CliRun.of(args);
			assertEquals(Main.EXIT_BAD_INPUT, r.code(), String.join(" ", args) + "\n" + r.err());
			assertTrue(r.err().startsWith("ssl-tem: error: ") && r.err().contains("Fix:"), r.err());
		}
		assertFalse(Files.exists(tmp.resolve("x.json")) || Files.exists(tmp.resolve("seg")) || Files.exists(tmp.resolve("o")));
	}
}
