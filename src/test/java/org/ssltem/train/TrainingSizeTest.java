package org.ssltem.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training side chosen from the labelled structures' width. */
class TrainingSizeTest {

	@TempDir
	Path dir;

	@Test
	void wideStructuresTrainAt224AndThinOnesLargerUpToTwiceTheImageAnd512() {
		assertEquals(224, TrainingSize.side(224, 97), "HRTEM frames at 224 px, wires about 100 px wide");
		assertEquals(224, TrainingSize.side(1024, 790), "the same frames at their native 1024 px");
		assertEquals(256, TrainingSize.side(128, 1), "128 px images of 1 px wires: twice their side, no more");
		assertEquals(416, TrainingSize.side(512, 5), "512 px slices of 5 px membranes: 4 px wide at 416");
		assertEquals(512, TrainingSize.side(1024, 1), "never above 512");
		assertEquals(224, TrainingSize.side(64, 1), "never below 224, even when twice the image is smaller");
		assertEquals(224, TrainingSize.side(512, Double.NaN), "nothing measured");
	}

	@Test
	void theThinnestClassOfAMultiClassMaskDecides() throws Exception {
		// class 1: a 20 px wide bar; class 2: a 1 px line
		writePair("a", 128, (x, y) -> y >= 20 && y < 40 ? 1 : y == 80 ? 2 : 0);
		List<MatchedFiles.Pair> pairs = pairs();
		assertEquals(256, TrainingSize.choose(pairs, new MaskRule(3, null), true, null).size());
		// class 1 against the rest: only the wide bar counts
		TrainingSize.Choice binary = TrainingSize.choose(pairs, new MaskRule(3, 1), false, null);
		assertEquals(224, binary.size(), binary.reason());
		assertEquals(19, binary.width(), 1e-9, "a 20 px bar: an even width measures one less (StructureWidth)");
	}

	@Test
	void thinWiresAreMeasuredInEveryMaskAndNamedInTheReason() throws Exception {
		for (int n = 0; n < 3; n++) {
			int row = 30 + 20 * n;
			writePair("m" + n, 128, (x, y) -> y == row || x == row ? 255 : 0);
		}
		TrainingSize.Choice c = TrainingSize.choose(pairs(), MaskRule.BINARY, false, null);
		assertEquals(256, c.size());
		assertEquals(1, c.width(), 1e-9);
		assertEquals(3, c.masks());
		assertTrue(c.reason().contains("1.0 px wide in the 128 px images (lower quartile over 3 masks)") && c.reason().contains("training at 256 px"), c.reason());
		assertTrue(c.logLine().contains("{{size}} 224"), c.logLine());
	}

	@Test
	void thinWiresInAFewOfTheMasksStillCount() throws Exception {
		// two masks of 1 px wires, two of 30 px bars: the median mask would be 15 px wide (224 px), the lower quartile is 1 px
		for (int n = 0; n < 2; n++) writePair("thin" + n, 128, (x, y) -> y == 64 ? 255 : 0);
		for (int n = 0; n < 2; n++) writePair("wide" + n, 128, (x, y) -> y >= 40 && y < 70 ? 255 : 0);
		TrainingSize.Choice c = TrainingSize.choose(pairs(), MaskRule.BINARY, false, null);
		assertEquals(1.0, c.width(), 1e-9, "quantile 0.25 of 1, 1, 29, 29");
		assertEquals(256, c.size());
		assertEquals(1.0, TrainingSize.quantile(new double[] { 4, 1, 3, 2, 5 }, 0), 0);
		assertEquals(2.0, TrainingSize.quantile(new double[] { 4, 1, 3, 2, 5 }, 0.25), 0);
		assertEquals(3.0, TrainingSize.quantile(new double[] { 4, 1, 3, 2, 5 }, 0.5), 0);
		assertEquals(22.0, TrainingSize.quantile(new double[] { 1, 29, 29, 29 }, 0.25), 1e-12, "linear between order statistics");
	}

	@Test
	void aLargePoolIsMeasuredOnSixteenMasksSpreadOverIt() {
		List<MatchedFiles.Pair> pool = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) pool.add(new MatchedFiles.Pair("f" + i, Path.of("f" + i + ".png"), Path.of("m" + i + ".png")));
		List<MatchedFiles.Pair> measured = TrainingSize.spread(pool, TrainingSize.MAX_MASKS);
		assertEquals(16, measured.size());
		assertEquals(pool.get(0), measured.get(0));
		assertEquals(pool.get(39), measured.get(15));
		assertEquals(16, measured.stream().distinct().count(), "no mask twice");
		assertEquals(pool.subList(0, 5), TrainingSize.spread(pool.subList(0, 5), 16), "a small pool is measured whole");
	}

	@Test
	void sparseMasksKeepTheDefaultAndSayWhy() throws Exception {
		// a stroke of class 1 on unlabelled (255) pixels, with background strokes of 0
		writePair("s", 128, (x, y) -> y == 64 ? 1 : y == 10 ? 0 : 255);
		TrainingSize.Choice c = TrainingSize.choose(pairs(), new MaskRule(256, null), false, null);
		assertEquals(224, c.size());
		assertTrue(c.reason().contains("sparse"), c.reason());
	}

	@Test
	void aMaskOfTheWrongSizeIsNamedWithItsFix() throws Exception {
		writePair("ok", 128, (x, y) -> y == 64 ? 255 : 0);
		ImageFiles.writeMaskPng(new byte[64 * 64], 64, 64, dir.resolve("masks").resolve("ok.png"));
		var e = org.junit.jupiter.api.Assertions.assertThrows(org.ssltem.core.UserInputException.class,
			() -> TrainingSize.choose(pairs(), MaskRule.BINARY, false, null));
		assertTrue(e.getMessage().contains("ok.png") && e.getMessage().contains("64×64 but its image is 128×128")
			&& e.getMessage().contains("give each mask the size of its image"), e.getMessage());
	}

	interface Labels {
		int at(int x, int y);
	}

	private void writePair(String name, int side, Labels labels) throws Exception {
		Files.createDirectories(dir.resolve("images"));
		Files.createDirectories(dir.resolve("masks"));
		GreyImage g = new GreyImage(side, side);
		byte[] m = new byte[side * side];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int v = labels.at(x, y);
				m[y * side + x] = (byte) v;
				g.pixels[y * side + x] = v == 0 || v == 255 ? 0.2f : 0.8f;
			}
		ImageFiles.writePng(g, dir.resolve("images").resolve(name + ".png"));
		ImageFiles.writeMaskPng(m, side, side, dir.resolve("masks").resolve(name + ".png"));
	}

	private List<MatchedFiles.Pair> pairs() {
		return MatchedFiles.matchLabelled(dir.resolve("images"), "{{images}}", dir.resolve("masks"), "{{masks}}").pairs();
	}
}
