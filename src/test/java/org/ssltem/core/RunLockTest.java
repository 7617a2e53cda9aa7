package org.ssltem.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RunLockTest {

	@TempDir
	Path tmp;

	@Test
	void aSecondRunOnTheSameFolderIsRefusedAndNamesTheFirst() {
		Path out = tmp.resolve("out");
		try (OutputFolder first = OutputFolder.claim(out, "pretrain", "--out")) {
			assertTrue(Files.isRegularFile(out.resolve(RunLock.FILE)));
			String lock = read(out.resolve(RunLock.FILE));
			assertTrue(lock.contains("pid=" + ProcessHandle.current().pid()) && lock.contains("host=") && lock.contains("started=")
				&& lock.contains("command=pretrain"), lock);
			UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claim(out, "pretrain", "--out"));
			assertTrue(e.getMessage().contains("in use by another run") && e.getMessage().contains("process " + ProcessHandle.current().pid())
				&& e.getMessage().contains("ssl-tem pretrain") && e.getMessage().contains("--out"), e.getMessage());
		}
		assertFalse(Files.exists(out.resolve(RunLock.FILE)), "released on close");
		try (OutputFolder again = OutputFolder.claim(out, "pretrain", "--out")) {
			assertTrue(Files.exists(again.path().resolve(RunLock.FILE)));
		}
	}

	@Test
	void aLockLeftByADeadProcessIsTakenOver() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
		Path out = Files.createDirectories(tmp.resolve("killed"));
		Files.writeString(out.resolve(RunLock.FILE), "pid=" + gone.pid() + "\nhost=" + RunLock.host() + "\nstarted=2026-01-01T00:00:00Z\ncommand=pretrain\n");
		try (OutputFolder taken = OutputFolder.claim(out, "pretrain", "--out")) {
			assertTrue(read(out.resolve(RunLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
		}
	}

	@Test
	void aLockOfALiveProcessOnThisHostOrOfAnotherHostIsKept() throws Exception {
		Path out = Files.createDirectories(tmp.resolve("live"));
		Process alive = new ProcessBuilder("sleep", "30").start();
		try {
			Files.writeString(out.resolve(RunLock.FILE), "pid=" + alive.pid() + "\nhost=" + RunLock.host() + "\nstarted=2026-01-01T00:00:00Z\ncommand=segment\n");
			UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claim(out, "segment", "--out"));
			assertTrue(e.getMessage().contains("process " + alive.pid()) && e.getMessage().contains("ssl-tem segment"), e.getMessage());
		}
		finally {
			alive.destroyForcibly();
		}
		Files.writeString(out.resolve(RunLock.FILE), "pid=1\nhost=elsewhere.example\nstarted=2026-01-01T00:00:00Z\ncommand=pretrain\n");
		UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claim(out, "pretrain", "--out"));
		assertTrue(e.getMessage().contains("elsewhere.example") && e.getMessage().contains("delete " + out.resolve(RunLock.FILE)), e.getMessage());
	}

	@Test
	void anOutputFileHasItsOwnLockBesideIt() {
		Path csv = tmp.resolve("features.csv");
		try (OutputFolder f = OutputFolder.claimFile(csv, "features", "--out")) {
			UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claimFile(csv, "features", "--out"));
			assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("in use"), e.getMessage());
			// another file in the same folder is free
			try (OutputFolder other = OutputFolder.claimFile(tmp.resolve("other.csv"), "features", "--out")) {
				assertNotNull(other);
			}
		}
		try (var list = Files.list(tmp)) {
			assertEquals(0, list.count(), "no lock file left");
		}
		catch (java.io.IOException e) {
			fail(e);
		}
	}

	private static String read(Path p) {
		try {
			return Files.readString(p);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
