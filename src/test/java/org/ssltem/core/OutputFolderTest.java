package org.ssltem.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.testing.SmallDisk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

class OutputFolderTest {

	@TempDir
	Path tmp;

	@Test
	void outIsAFileOrInsideAFileIsRefusedBeforeAnyWork() throws Exception {
		Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
		UserInputException isFile = assertThrows(UserInputException.class, () -> OutputFolder.claim(file, "pretrain", "--out"));
		assertTrue(isFile.getMessage().contains("is a file, not a folder") && isFile.getMessage().contains("--out"), isFile.getMessage());
		UserInputException inside = assertThrows(UserInputException.class, () -> OutputFolder.claim(file.resolve("run/a"), "features", "--out"));
		assertTrue(inside.getMessage().contains(file + " is a file, not a folder") && inside.getMessage().contains("not inside a file"), inside.getMessage());
		UserInputException csvInside = assertThrows(UserInputException.class, () -> OutputFolder.claimFile(file.resolve("f.csv"), "features", "--out"));
		assertTrue(csvInside.getMessage().contains(file + " is a file"), csvInside.getMessage());
		assertEquals("x", Files.readString(file));
	}

	@Test
	void aFolderThisRunCreatedIsRemovedWhenNothingWasWritten() throws Exception {
		Path out = tmp.resolve("new/deeper/out");
		try (OutputFolder f = OutputFolder.claim(out, "segment", "--out")) {
			assertTrue(f.created() && f.isEmpty());
		}
		assertFalse(Files.exists(tmp.resolve("new")), "no empty folders left");
		try (OutputFolder f = OutputFolder.claim(out, "segment", "--out")) {
			Files.writeString(out.resolve("result.txt"), "kept");
		}
		assertTrue(Files.exists(out.resolve("result.txt")));
	}

	@Test
	void temporaryFilesOfAnInterruptedRunAreRemovedOnClaim() throws Exception {
		Path out = Files.createDirectories(tmp.resolve("run"));
		Path stale = Files.createDirectories(out.resolve("checkpoints/.epoch-0003.tmp-1a2b"));
		Files.writeString(stale.resolve("variables.index"), "half");
		Path staleFile = Files.writeString(out.resolve(".manifest.json.5f.tmp"), "half");
		Path kept = Files.writeString(out.resolve("manifest.json"), "{}");
		Path usersOwn = Files.writeString(out.resolve(".my-notes.tmp"), "mine");
		try (OutputFolder f = OutputFolder.claim(out, "pretrain", "--out")) {
			assertEquals(2, f.cleaned().size(), f.cleaned().toString());
		}
		assertFalse(Files.exists(stale));
		assertFalse(Files.exists(staleFile));
		assertTrue(Files.exists(kept));
		assertTrue(Files.exists(usersOwn), "a hidden file not shaped like ours is left alone");
	}

	@Test
	void outputsTakeTheUmaskLikeAnyNewFile() throws Exception {
		Path plain = Files.createFile(tmp.resolve("plain"));
		Path plainDir = Files.createDirectory(tmp.resolve("plainDir"));
		Path written = tmp.resolve("written.json");
		AtomicFiles.writeString(written, "{}");
		assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)), PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
		// under the usual umask 022 that is rw-r--r--, not the rw------- of a temporary file
		assertTrue(Files.getPosixFilePermissions(written).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
		assertEquals(Files.getPosixFilePermissions(plain).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
			Files.getPosixFilePermissions(written).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
		try (OutputFolder f = OutputFolder.claim(tmp.resolve("made"), "pretrain", "--out")) {
			assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(f.path()));
		}
	}

	@Test
	void aReadOnlyDiskIsFoundBeforeAnyWork() throws Exception {
		try (SmallDisk disk = SmallDisk.mount(tmp.resolve("ro"), "ro,size=64k")) {
			UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claim(disk.root.resolve("out"), "pretrain", "--out"));
			assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("--out on a disk you can write to"), e.getMessage());
		}
	}

	@Test
	void aFullDiskIsFoundBeforeAnyWorkAndLeavesNoEmptyFolder() throws Exception {
		try (SmallDisk disk = SmallDisk.mount(tmp.resolve("full"), "size=256k")) {
			disk.fill();
			Path out = disk.root.resolve("out");
			UserInputException e = assertThrows(UserInputException.class, () -> OutputFolder.claim(out, "segment", "--out"));
			assertTrue(e.getMessage().contains("disk is full") && e.getMessage().contains("free space"), e.getMessage());
			assertFalse(Files.exists(out), "no empty folder left");
			UserInputException space = assertThrows(UserInputException.class,
				() -> OutputFolder.requireFreeSpace(disk.root, 10_000_000, "two checkpoints", "--out"));
			assertTrue(space.getMessage().contains("two checkpoints") && space.getMessage().contains("on another disk"), space.getMessage());
			UserInputException write = assertThrows(UserInputException.class, () -> AtomicFiles.writeString(disk.root.resolve("a.csv"), "x".repeat(100_000)));
			assertTrue(write.getMessage().startsWith(disk.root.resolve("a.csv").toString()) && write.getMessage().contains("disk is full"), write.getMessage());
			try (var list = Files.list(disk.root)) {
				assertEquals(1, list.count(), "only the filler: no temporary file left");
			}
		}
	}
}
