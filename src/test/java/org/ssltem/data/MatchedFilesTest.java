package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The masks/ folder the annotate windows write beside the images is never taken for images. */
class MatchedFilesTest {

	@Test
	void masksBesideTheImagesAreNotImages(@TempDir Path dir) throws Exception {
		GreyImage g = new GreyImage(4, 4);
		for (String n : List.of("a.png", "b.png", "sub/c.png")) ImageFiles.writePng(g, dir.resolve(n));
		ImageFiles.writeMaskPng(new byte[16], 4, 4, dir.resolve("masks/a.png"));
		Files.writeString(dir.resolve("masks/b.labeling"), "{}");
		assertEquals(List.of("a", "b", "sub/c"), List.copyOf(MatchedFiles.imagesWithoutMasks(dir, "images").keySet()));
		MatchedFiles.Labelled l = MatchedFiles.matchLabelled(dir, "images", dir.resolve("masks"), "masks");
		assertEquals(List.of("a", "b"), l.pairs().stream().map(MatchedFiles.Pair::key).toList());
		assertEquals(List.of(dir.resolve("sub/c.png")), l.unlabelled());
	}
}
