package org.ssltem.synthetic;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDatasetWriterTest {

	private static final int SIZE = 64;
	private final SyntheticDatasetWriter writer = new SyntheticDatasetWriter();

	@Test
	void writesImagesMasksAndManifest(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("set");
		List<long[]> progress = new ArrayList<>();
		writer.write(out, 2, SIZE, 5, (stage, done, total, message) -> {
			assertEquals("generate", stage);
			progress.add(new long[] { done, total });
		}, new CancelToken());

		for (Morphology m : Morphology.values())
			for (String name : List.of(m.key() + "-0001.png", m.key() + "-0002.png")) {
				Path image = out.resolve("images").resolve(m.key()).resolve(name);
				Path mask = out.resolve("masks").resolve(m.key()).resolve(name);
				assertEquals(SIZE, ImageFiles.readGrey(image).width, image.toString());
				int[] wh = new int[2];
				int[] labels = ImageFiles.readLabels(mask, wh);
				assertEquals(SIZE, wh[0]);
				assertTrue(IntStream.of(labels).allMatch(v -> v == 0 || v == 1), mask + " holds values other than 0 and 1");
			}
		assertEquals(8, pngCount(out.resolve("images")));
		assertEquals(8, pngCount(out.resolve("masks")));

		assertEquals(8, progress.size());
		assertArrayEquals(new long[] { 8, 8 }, progress.get(7));

		JsonObject manifest = JsonParser.parseString(Files.readString(out.resolve(SyntheticDatasetWriter.MANIFEST))).getAsJsonObject();
		assertEquals(5, manifest.get("seed").getAsLong());
		assertEquals(SIZE, manifest.get("size").getAsInt());
		assertEquals(2, manifest.get("per_class").getAsInt());
		assertEquals(SyntheticTemGenerator.VERSION, manifest.getAsJsonObject("parameters").get("version").getAsInt());
		assertEquals("negative", manifest.getAsJsonObject("parameters").get("stain").getAsString());
		assertEquals(8, manifest.getAsJsonArray("images").size());

		// each recorded seed regenerates its image's mask exactly
		JsonObject third = manifest.getAsJsonArray("images").get(2).getAsJsonObject();
		Morphology m = Morphology.parse(third.get("morphology").getAsString());
		byte[] again = new SyntheticTemGenerator().generate(m, SIZE, third.get("seed").getAsLong()).mask();
		int[] labels = ImageFiles.readLabels(out.resolve(third.get("mask").getAsString()), null);
		for (int i = 0; i < labels.length; i++) assertEquals(again[i], labels[i], "mask pixel " + i);
	}

	@Test
	void imageSeedsDoNotDependOnHowManyImagesAreMade(@TempDir Path dir) throws Exception {
		writer.write(dir.resolve("one"), 1, SIZE, 9, null, null);
		writer.write(dir.resolve("two"), 2, SIZE, 9, null, null);
		Path first = Path.of("masks", "bundle", "bundle-0001.png");
		assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(first)), Files.readAllBytes(dir.resolve("two").resolve(first)));
	}

	@Test
	void refusesAFolderThatHoldsFiles(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("notes.txt"), "mine");
		UserInputException e = assertThrows(UserInputException.class, () -> writer.write(dir, 1, SIZE, 1, null, null));
		assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("choose an empty folder or delete it"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("images")), "nothing written after refusing");
	}

	@Test
	void overwriteReplacesItsOwnOutputAndKeepsOtherFiles(@TempDir Path dir) throws Exception {
		writer.write(dir, 3, SIZE, 1, null, null);
		Files.writeString(dir.resolve("notes.txt"), "mine");
		writer.write(dir, 1, SIZE, 2, true, null, null);
		assertEquals(4, pngCount(dir.resolve("images")), "images of the 3-per-class run are gone");
		assertEquals(4, pngCount(dir.resolve("masks")));
		assertTrue(Files.exists(dir.resolve("notes.txt")));
		assertTrue(Files.readString(dir.resolve(SyntheticDatasetWriter.MANIFEST)).contains("\"seed\": 2"));
	}

	@Test
	void refusesBadCountsSizesAndAFileAsFolder(@TempDir Path dir) throws Exception {
		assertThrows(UserInputException.class, () -> writer.write(dir.resolve("a"), 0, SIZE, 1, null, null));
		assertThrows(UserInputException.class, () -> writer.write(dir.resolve("b"), 1, 8, 1, null, null));
		Path file = Files.writeString(dir.resolve("c.txt"), "x");
		UserInputException e = assertThrows(UserInputException.class, () -> writer.write(file, 1, SIZE, 1, null, null));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
	}

	@Test
	void cancelStopsBetweenImagesAndLeavesNoManifest(@TempDir Path dir) throws Exception {
		CancelToken cancel = new CancelToken();
		ProgressListener cancelAfterThree = (stage, done, total, message) -> {
			if (done == 3) cancel.cancel();
		};
		assertThrows(CancelToken.CancelledException.class, () -> writer.write(dir.resolve("set"), 2, SIZE, 1, cancelAfterThree, cancel));
		assertEquals(3, pngCount(dir.resolve("set").resolve("images")));
		assertFalse(Files.exists(dir.resolve("set").resolve(SyntheticDatasetWriter.MANIFEST)));
	}

	private static long pngCount(Path dir) throws Exception {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(p -> p.toString().endsWith(".png")).count();
		}
	}
}
