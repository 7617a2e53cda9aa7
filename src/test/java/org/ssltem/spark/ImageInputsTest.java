package org.ssltem.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --images as a folder, a glob and a list: the same keys the single-machine commands would give their outputs. */
class ImageInputsTest {

	@TempDir
	Path tmp;

	private void image(String relative) throws Exception {
		Path p = tmp.resolve(relative);
		Files.createDirectories(p.getParent());
		ImageFiles.writePng(new GreyImage(8, 8), p);
	}

	@Test
	void folderGlobAndListName() throws Exception {
		image("day1/a.png");
		image("day1/b.tif");
		image("day2/c.png");
		Files.writeString(tmp.resolve("day2/notes.txt"), "not an image");

		ImageInputs folder = ImageInputs.resolve(tmp.toString(), ImageInputs.FolderLayout.RECURSIVE);
		assertEquals(List.of("day1/a", "day1/b", "day2/c"), folder.images().stream().map(InputImage::key).toList());
		assertNull(folder.images().get(0).className());

		ImageInputs dataset = ImageInputs.resolve(tmp.toString(), ImageInputs.FolderLayout.DATASET);
		assertEquals(List.of("day1", "day1", "day2"), dataset.images().stream().map(InputImage::className).toList());

		ImageInputs glob = ImageInputs.resolve(tmp + "/day*/*.png", ImageInputs.FolderLayout.RECURSIVE);
		assertEquals(List.of("day1/a", "day2/c"), glob.images().stream().map(InputImage::key).toList());
		assertEquals(tmp.toAbsolutePath().normalize(), glob.root());

		Files.writeString(tmp.resolve("list.txt"), "# frames to redo\nday1/b.tif\n\n" + tmp.resolve("day2/c.png") + "\n");
		ImageInputs list = ImageInputs.resolve(tmp.resolve("list.txt").toString(), ImageInputs.FolderLayout.RECURSIVE);
		assertEquals(List.of("day1/b", "day2/c"), list.images().stream().map(InputImage::key).toList());
	}

	@Test
	void uriFolderGlobAndListNameAsPlainPaths() throws Exception {
		image("day1/a.png");
		image("day1/b.tif");
		image("day2/c.png");
		image("day2/.hidden/d.png");
		Files.writeString(tmp.resolve("list.txt"), "# frames to redo\nday1/b.tif\n\n" + tmp.resolve("day2/c.png") + "\n");
		String uri = tmp.toUri().toString();
		for (ImageInputs.FolderLayout layout : ImageInputs.FolderLayout.values()) {
			if (layout == ImageInputs.FolderLayout.DATASET) Files.delete(tmp.resolve("day2/.hidden/d.png"));
			assertSameImages(ImageInputs.resolve(tmp.toString(), layout), ImageInputs.resolve(uri, layout));
		}
		assertSameImages(ImageInputs.resolve(tmp + "/day*/*.png", ImageInputs.FolderLayout.RECURSIVE),
			ImageInputs.resolve(uri + "day*/*.png", ImageInputs.FolderLayout.RECURSIVE));
		assertSameImages(ImageInputs.resolve(tmp.resolve("list.txt").toString(), ImageInputs.FolderLayout.RECURSIVE),
			ImageInputs.resolve(tmp.resolve("list.txt").toUri().toString(), ImageInputs.FolderLayout.RECURSIVE));

		ImageInputs one = ImageInputs.resolve(uri, ImageInputs.FolderLayout.RECURSIVE);
		assertEquals(tmp.resolve("day1/a.png").toUri(), java.net.URI.create(one.images().get(0).path()));
		assertEquals(tmp.resolve("day1/a.png"), one.images().get(0).file());
		UserInputException missing = assertThrows(UserInputException.class, () -> ImageInputs.resolve(uri + "nothing-here", ImageInputs.FolderLayout.RECURSIVE));
		assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
	}

	/** The same keys, classes and root; the URI inputs read the same files through Hadoop. */
	private static void assertSameImages(ImageInputs plain, ImageInputs uri) {
		assertEquals(plain.root(), uri.root());
		assertEquals(plain.images().stream().map(i -> i.key() + " " + i.className() + " " + i.file()).toList(),
			uri.images().stream().map(i -> i.key() + " " + i.className() + " " + i.file()).toList());
		assertTrue(uri.images().stream().allMatch(i -> i.path().startsWith("file:/")), uri.images().toString());
	}

	@Test
	void namesWhatIsWrong() throws Exception {
		image("x/a.png");
		UserInputException noMatch = assertThrows(UserInputException.class, () -> ImageInputs.resolve(tmp + "/*/*.jpg", ImageInputs.FolderLayout.RECURSIVE));
		assertTrue(noMatch.getMessage().contains("matches no images"), noMatch.getMessage());
		Files.writeString(tmp.resolve("list.txt"), "x/a.png\nx/missing.png\n");
		UserInputException missing = assertThrows(UserInputException.class,
			() -> ImageInputs.resolve(tmp.resolve("list.txt").toString(), ImageInputs.FolderLayout.RECURSIVE));
		assertTrue(missing.getMessage().contains("missing.png"), missing.getMessage());
	}
}
