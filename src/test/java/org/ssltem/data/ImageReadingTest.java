package org.ssltem.data;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The formats a user's folder may hold all arrive as grey values in [0,1]. */
class ImageReadingTest {

	@TempDir
	Path dir;

	@Test
	void corruptImageNamesTheFile() throws IOException {
		Path bad = Files.write(dir.resolve("x.png"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		UserInputException e = assertThrows(UserInputException.class, () -> ImageFiles.readGrey(bad));
		assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void sixteenBitTiffIsScaledByItsFullRange() {
		ShortProcessor sp = new ShortProcessor(8, 6);
		sp.set(0, 0, 65535);
		sp.set(1, 0, 32768);
		Path file = dir.resolve("deep.tif");
		assertTrue(new FileSaver(new ImagePlus("deep", sp)).saveAsTiff(file.toString()));

		GreyImage g = ImageFiles.readGrey(file);

		assertEquals(8, g.width);
		assertEquals(6, g.height);
		assertEquals(1f, g.get(0, 0), 1e-6);
		assertEquals(32768f / 65535f, g.get(1, 0), 1e-6);
		assertEquals(0f, g.get(2, 0), 1e-6);
	}

	@Test
	void rgbPngBecomesLuminance() {
		ColorProcessor cp = new ColorProcessor(4, 4);
		cp.set(0, 0, 0xff0000);
		cp.set(1, 0, 0x00ff00);
		cp.set(2, 0, 0xffffff);
		Path file = dir.resolve("colour.png");
		assertTrue(new FileSaver(new ImagePlus("colour", cp)).saveAsPng(file.toString()));

		GreyImage g = ImageFiles.readGrey(file);

		assertEquals(0.299f, g.get(0, 0), 1e-5);
		assertEquals(0.587f, g.get(1, 0), 1e-5);
		assertEquals(1f, g.get(2, 0), 1e-5);
		assertEquals(0f, g.get(3, 3), 1e-5);
	}

	@Test
	void jpegReadsCloseToWhatWasWritten() {
		ByteProcessor bp = new ByteProcessor(16, 16);
		bp.setValue(128);
		bp.fill();
		ImagePlus imp = new ImagePlus("grey", bp);
		Path file = dir.resolve("grey.jpg");
		assertTrue(new FileSaver(imp).saveAsJpeg(file.toString()));

		GreyImage g = ImageFiles.readGrey(file);

		assertEquals(16, g.width);
		for (float v : g.pixels) assertEquals(128 / 255f, v, 0.02f);
	}
}
