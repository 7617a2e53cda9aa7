package org.ssltem.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** segment and features: the run lock, messages naming the command's own options, notes on image sizes. */
class InferenceReliabilityTest {

	@TempDir
	Path tmp;

	@Test
	void segmentRefusesAFolderAnotherRunIsWriting() throws Exception {
		Path image = tmp.resolve("one.png");
		ImageFiles.writePng(ImageSegmentationTest.random(64, 64, 1), image);
		Path out = tmp.resolve("out");
		List<Integer> opened = new ArrayList<>();
		try (OutputFolder other = OutputFolder.claim(out, "segment", "--out")) {
			UserInputException e = assertThrows(UserInputException.class,
				() -> ImageSegmentation.run(t -> ImageSegmentationTest.pointwise(t, opened, 1 << 20), image, out, 64, 8, true, null, null));
			assertTrue(e.getMessage().contains("in use by another run") && e.getMessage().contains("ssl-tem segment"), e.getMessage());
		}
		assertTrue(opened.isEmpty(), "no network opened");
		assertFalse(Files.exists(out.resolve("masks")));
	}

	@Test
	void aBadTileNamesTile() throws Exception {
		Path image = tmp.resolve("one.png");
		ImageFiles.writePng(ImageSegmentationTest.random(64, 64, 1), image);
		UserInputException e = assertThrows(UserInputException.class,
			() -> ImageSegmentation.run(t -> ImageSegmentationTest.pointwise(t, new ArrayList<>(), 1 << 20), image, tmp.resolve("o"), 100, 8, false, null, null));
		assertTrue(e.getMessage().contains("--tile 100") && e.getMessage().contains("--tile 96") && !e.getMessage().contains("--size"), e.getMessage());
		assertFalse(Files.exists(tmp.resolve("o")), "no empty folder left");
	}

	@Test
	void mixedAndTinySizesAreNoted() {
		InputSizes s = new InputSizes();
		s.add(40, 40, Path.of("a.png"));
		assertNull(s.note(32), "one square size: nothing to say");
		s.add(1, 1, Path.of("dot.png"));
		String note = s.note(32);
		assertTrue(note.contains("2 sizes (1x1, 40x40)") && note.contains("1 image is smaller than 8 px") && note.contains("dot.png (1x1)"), note);
	}
}
