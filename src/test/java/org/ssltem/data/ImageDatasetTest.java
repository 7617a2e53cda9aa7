package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class ImageDatasetTest {

	@TempDir
	Path dir;

	/** Scanning reads only names, so the files need not be real images. */
	private Path touch(String relative) throws IOException {
		Path p = dir.resolve(relative);
		Files.createDirectories(p.getParent());
		return Files.writeString(p, "x");
	}

	private static String names(List<Path> files) {
		return String.join(",", files.stream().map(p -> p.getFileName().toString()).toList());
	}

	@Test
	void flatFolderIsUnlabelledAndSortedIgnoringHiddenAndOtherFiles() throws IOException {
		touch("b.png");
		touch("a.tif");
		touch("c.JPG");
		touch("d.jpeg");
		touch(".hidden.png");
		touch("LICENSE.txt");

		ImageDataset ds = ImageDataset.scan(dir);

		assertFalse(ds.labelled());
		assertEquals(List.of(), ds.classNames());
		assertEquals("a.tif,b.png,c.JPG,d.jpeg", names(ds.files()));
		assertEquals(4, ds.size());
		for (ImageDataset.Entry e : ds.entries()) {
			assertNull(e.className());
			assertEquals(-1, e.classIndex());
		}
	}

	@Test
	void classFoldersAreSortedAndIndexedByPosition() throws IOException {
		touch("beta/2.png");
		touch("beta/1.png");
		touch("alpha/z.tiff");
		touch("alpha/notes.txt");
		touch(".git/x.png");
		touch("beta/.thumb.png");

		ImageDataset ds = ImageDataset.scan(dir);

		assertTrue(ds.labelled());
		assertEquals(List.of("alpha", "beta"), ds.classNames());
		assertEquals("z.tiff,1.png,2.png", names(ds.files()));
		assertArrayEquals(new int[] { 0, 1, 1 }, ds.classIndices());
		assertEquals("beta", ds.entries().get(2).className());
		assertEquals(dir.resolve("beta/1.png"), ds.entries().get(1).file());
	}

	@Test
	void oneClassIsAcceptedHere() throws IOException {
		touch("only/a.png");
		ImageDataset ds = ImageDataset.scan(dir);
		assertTrue(ds.labelled());
		assertEquals(List.of("only"), ds.classNames());
	}

	@Test
	void firstNKeepsOrderAndClassNames() throws IOException {
		touch("a/1.png");
		touch("a/2.png");
		touch("b/1.png");
		ImageDataset ds = ImageDataset.scan(dir);

		ImageDataset two = ds.firstN(2);

		assertEquals(ds.entries().subList(0, 2), two.entries());
		assertEquals(List.of("a", "b"), two.classNames());
		assertEquals(3, ds.firstN(10).size());
		assertThrows(UserInputException.class, () -> ds.firstN(0));
	}

	private static void assertRefused(Path named, String problem, Runnable action) {
		UserInputException e = assertThrows(UserInputException.class, action::run);
		assertTrue(e.getMessage().startsWith(named.toString()), e.getMessage());
		assertTrue(e.getMessage().contains(problem), e.getMessage());
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void missingFolder() {
		Path missing = dir.resolve("nope");
		assertRefused(missing, "no such folder", () -> ImageDataset.scan(missing));
	}

	@Test
	void fileInsteadOfFolder() throws IOException {
		Path file = touch("a.png");
		assertRefused(file, "is a file, not a folder", () -> ImageDataset.scan(file));
	}

	@Test
	void emptyFolder() {
		assertRefused(dir, "no images", () -> ImageDataset.scan(dir));
	}

	@Test
	void folderWithoutImages() throws IOException {
		touch("readme.txt");
		touch(".hidden.png");
		touch("notes.md");
		assertRefused(dir, "only 2 other files", () -> ImageDataset.scan(dir));
	}

	@Test
	void classFolderWithoutImagesIsNamed() throws IOException {
		touch("good/a.png");
		touch("empty/readme.txt");
		assertRefused(dir.resolve("empty"), "class folder 'empty' has no images", () -> ImageDataset.scan(dir));
	}

	@Test
	void imagesBesideClassFoldersAreRefused() throws IOException {
		touch("stray.png");
		touch("classA/a.png");
		assertRefused(dir, "has both 1 image file and 1 subfolder (classA)", () -> ImageDataset.scan(dir));
	}

	@Test
	void unreadableFolder() throws IOException {
		Path locked = Files.createDirectory(dir.resolve("locked"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
		try {
			assumeFalse(Files.isReadable(locked), "permissions are not enforced for this user (root)");
			assertRefused(locked, "cannot be read", () -> ImageDataset.scan(locked));
		}
		finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
		}
	}

	@Test
	void realNanofiberFolderHasThreeSortedClasses() {
		Path nanofiber = SharedData.require("data/nanofiber-sem");
		ImageDataset ds = ImageDataset.scan(nanofiber);
		assertEquals(List.of("Defective", "NonDefective", "SlightlyDefective"), ds.classNames());
		assertEquals(180, ds.size());
	}

	@Test
	void realUnlabelledFolderIgnoresItsLicence() {
		ImageDataset ds = ImageDataset.scan(SharedData.require("data/em-unlabeled"));
		assertFalse(ds.labelled());
		assertEquals(354, ds.size()); // the README says 355: it counts LICENSE.txt
	}
}
