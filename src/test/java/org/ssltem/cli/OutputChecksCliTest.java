package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** --out that is a file, or lies inside one, is refused by every command before any model is loaded or trained. */
class OutputChecksCliTest {

	@TempDir
	Path tmp;

	@Test
	void outInsideAFileIsRefusedAtOnceByEveryCommand() throws Exception {
		Path images = Files.createDirectories(tmp.resolve("images"));
		ImageFiles.writePng(new GreyImage(40, 40), images.resolve("a.png"));
		Path file = Files.writeString(tmp.resolve("report.txt"), "mine");
		// the encoder and segmenter do not exist: a message about them would mean they were read before --out was checked
		Path none = tmp.resolve("missing");
		String[][] runs = {
			{ "pretrain", "--images", images.toString(), "--out", file.resolve("run").toString(), "--size", "32", "--batch", "2" },
			{ "features", "--encoder", none.toString(), "--images", images.toString(), "--out", file.resolve("f.csv").toString() },
			{ "train-segmenter", "--encoder", none.toString(), "--images", images.toString(), "--masks", images.toString(), "--out",
				file.resolve("seg").toString() },
			{ "segment", "--segmenter", none.toString(), "--images", images.toString(), "--out", file.resolve("masks").toString() } };
		for (String[] args : runs) {
			CliRun r = CliRun.of(args);
			assertEquals(Main.EXIT_BAD_INPUT, r.code(), args[0] + ": " + r.err());
			assertTrue(r.err().contains(file + " is a file, not a folder") && r.err().contains("Fix:"), args[0] + ": " + r.err());
		}
		CliRun isFile = CliRun.of("pretrain", "--images", images.toString(), "--out", file.toString(), "--size", "32", "--batch", "2");
		assertTrue(isFile.err().contains("is a file, not a folder") && !isFile.err().contains("permissions"), isFile.err());
		assertEquals("mine", Files.readString(file));
		try (var list = Files.list(tmp)) {
			assertEquals(2, list.count(), "nothing created besides the inputs");
		}
	}
}
