package org.ssltem.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AtomicFilesTest {

	/** morph.csv and every other atomic write: the mode a new file normally gets (e.g. 0644), not the 0600 of a temporary file. */
	@Test
	void writtenFileHasTheUsualModeAndNoTemporaryIsLeft(@TempDir Path tmp) throws Exception {
		Path target = tmp.resolve("morph.csv");
		AtomicFiles.writeString(target, "a,b\n");
		AtomicFiles.writeString(target, "a,b\n1,2\n");
		assertEquals("a,b\n1,2\n", Files.readString(target));
		var usual = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
		assertEquals(usual, Files.getPosixFilePermissions(target));
		try (var s = Files.list(tmp)) {
			assertEquals(2, s.count(), "the target and the probe, nothing else");
		}
	}
}
