package org.ssltem.fiji.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The checks Annotate and Segment makes before it opens its window (the window itself is driven in GuiIT). */
class AnnotateAndSegmentTest {

	/** Runs the command headless (as surefire does) and returns its failure. */
	static EngineException run(Path images, Path encoder) {
		AnnotateAndSegment c = new AnnotateAndSegment();
		c.images = images.toFile();
		c.encoder = encoder.toFile();
		c.run();
		assertNotNull(c.failure(), "the command did not fail");
		assertEquals(EngineException.Kind.BAD_INPUT, c.failure().kind());
		return c.failure();
	}

	@Test
	void withGoodInputButNoScreenItSaysItNeedsAScreenAndPointsToTheBatchCommands(@TempDir Path tmp) throws Exception {
		Files.createDirectories(tmp.resolve("images"));
		Files.createDirectories(tmp.resolve("enc"));
		Files.writeString(tmp.resolve("enc/manifest.json"), "{}");
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("a", new ij.process.ByteProcessor(8, 8))).saveAsPng(tmp.resolve("images/a.png").toString()));
		String m = run(tmp.resolve("images"), tmp.resolve("enc")).getMessage();
		assertTrue(m.contains("needs a screen") && m.contains("Segment Folder"), m);
	}

	@Test
	void aFolderWithoutImagesIsRefusedNamingTheFolder(@TempDir Path tmp) throws Exception {
		Files.writeString(tmp.resolve("notes.txt"), "not an image");
		String m = run(tmp, tmp).getMessage();
		assertTrue(m.contains(tmp.toString()) && m.contains("holds no images"), m);
	}

	@Test
	void aMissingOrWrongEncoderFolderIsNamedWithTheFix(@TempDir Path tmp) throws Exception {
		var missing = assertThrows(IllegalArgumentException.class, () -> AnnotateAndSegment.checkEncoder(tmp.resolve("enc")));
		assertTrue(missing.getMessage().contains(tmp.resolve("enc").toString()) && missing.getMessage().contains("no such folder"), missing.getMessage());
		var notEncoder = assertThrows(IllegalArgumentException.class, () -> AnnotateAndSegment.checkEncoder(tmp));
		assertTrue(notEncoder.getMessage().contains("no manifest.json") && notEncoder.getMessage().contains("Pretrain Encoder"), notEncoder.getMessage());
		Files.writeString(tmp.resolve("manifest.json"), "{}");
		AnnotateAndSegment.checkEncoder(tmp);
	}

	@Test
	void classNamesStartWithBackgroundAndMatchTheClassCount() {
		assertEquals(List.of("background", "nanowire"), AnnotateAndSegment.classNames(2, ""));
		assertEquals(List.of("background", "nanowire", "class 2"), AnnotateAndSegment.classNames(3, null));
		assertEquals(List.of("background", "nanowire", "droplet"), AnnotateAndSegment.classNames(3, "Background, nanowire, droplet"));
		var count = assertThrows(IllegalArgumentException.class, () -> AnnotateAndSegment.classNames(2, "background,wire,droplet"));
		assertTrue(count.getMessage().contains("class_names has 3 names") && count.getMessage().contains("classes=2"), count.getMessage());
		var first = assertThrows(IllegalArgumentException.class, () -> AnnotateAndSegment.classNames(2, "wire,background"));
		assertTrue(first.getMessage().contains("must start with background"), first.getMessage());
		assertThrows(IllegalArgumentException.class, () -> AnnotateAndSegment.classNames(1, ""));
	}

}
