package org.ssltem.morph;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MorphologyAnalysisTest {

	@TempDir
	Path tmp;

	private final MorphologyAnalysis analysis = new MorphologyAnalysis();

	@Test
	void crossOfThreePixelWiresPercolatesWithWidthAboutThree() {
		MaskDrawing d = MaskDrawing.blank(40, 40).fill(19, 0, 21, 39).fill(0, 19, 39, 21);
		MorphologyAnalysis.Measures m = analysis.measure("cross", d.mask, 40, 40);
		assertTrue(m.percolates());
		assertEquals(1, m.clusters());
		assertEquals((3 * 40 * 2 - 9) / 1600.0, m.pixelDensity(), 1e-12);
		assertEquals(1.0, m.largestClusterFraction(), 0.0);
		assertTrue(m.meanWidth() > 2.7 && m.meanWidth() < 3.6, "width " + m.meanWidth());
		assertTrue(m.orientationOrder() < 0.2, "horizontal and vertical arms cancel: " + m.orientationOrder());
	}

	@Test
	void separateWiresGiveClustersBySizeAndTheLargestFraction() {
		// a 3x20 wire (60 px), a 2x3 blob (6 px), a single pixel (noise)
		MaskDrawing d = MaskDrawing.blank(30, 30).fill(2, 2, 21, 4).fill(5, 20, 6, 22);
		d.mask[28 * 30 + 28] = true;
		MorphologyAnalysis.Measures m = analysis.measure("parts", d.mask, 30, 30);
		assertEquals(2, m.clusters());
		assertEquals(1, m.noisePoints());
		assertArrayEquals(new int[] { 1, 1, 0, 0 }, m.clustersBySize());
		assertEquals(60, m.clusterSizeMax());
		assertEquals(60 / 67.0, m.largestClusterFraction(), 1e-12);
		assertFalse(m.percolates());
	}

	@Test
	void orientationFollowsTheWires() {
		MaskDrawing horizontal = MaskDrawing.blank(48, 48);
		for (int y = 4; y < 48; y += 10) horizontal.fill(0, y, 47, y + 2);
		Orientation.Result h = Orientation.analyse(horizontal.mask, 48, 48, 12);
		assertTrue(h.order() > 0.9, "order " + h.order());
		assertTrue(h.dominantDeg() < 5 || h.dominantDeg() > 175, "dominant " + h.dominantDeg());

		MaskDrawing vertical = MaskDrawing.blank(48, 48);
		for (int x = 4; x < 48; x += 10) vertical.fill(x, 0, x + 2, 47);
		assertEquals(90, Orientation.analyse(vertical.mask, 48, 48, 12).dominantDeg(), 5);

		// a rising diagonal on screen: x grows as y (row) shrinks → 45° counter-clockwise
		MaskDrawing rising = MaskDrawing.blank(48, 48);
		for (int i = 0; i < 48; i++) for (int t = -1; t <= 1; t++) if (i + t >= 0 && i + t < 48) rising.mask[(47 - i) * 48 + i + t] = true;
		Orientation.Result r = Orientation.analyse(rising.mask, 48, 48, 12);
		assertEquals(45, r.dominantDeg(), 5);
		assertTrue(r.histogram()[3] > 0.5, "bin 45-60 holds most weight: " + java.util.Arrays.toString(r.histogram()));
	}

	@Test
	void imglib2NearestResizeDuplicatesAndRecovers() {
		MaskDrawing d = MaskDrawing.of("#..#", ".##.", "#...");
		boolean[] up = MaskResize.nearest(d.mask, 4, 3, 8, 6);
		for (int y = 0; y < 6; y++)
			for (int x = 0; x < 8; x++) assertEquals(d.mask[(y / 2) * 4 + x / 2], up[y * 8 + x], "(" + x + "," + y + ")");
		assertArrayEquals(d.mask, MaskResize.nearest(up, 8, 6, 4, 3));
	}

	@Test
	void csvHasOneRowPerMaskAndTwoSummaryRowsAndKeepsExistingFiles() throws Exception {
		Path masks = tmp.resolve("masks");
		Files.createDirectories(masks.resolve("sub"));
		byte[] a = new byte[32 * 32], b = new byte[32 * 32];
		for (int i = 0; i < 32; i++) a[16 * 32 + i] = (byte) 255;
		for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) if (i == 10 || j == 10) b[i * 32 + j] = 1;
		ImageFiles.writeMaskPng(a, 32, 32, masks.resolve("a.png"));
		ImageFiles.writeMaskPng(b, 32, 32, masks.resolve("sub/b.png"));
		Path csv = tmp.resolve("m.csv");
		List<MorphologyAnalysis.Measures> rows = analysis.analyseToCsv(masks, MaskRule.BINARY, 64, csv, false, null, null);
		assertEquals(64, rows.get(0).width(), "resized to --size");
		List<String> lines = Files.readAllLines(csv);
		assertEquals(MorphologyAnalysis.header(), lines.get(0));
		assertEquals(5, lines.size());
		assertTrue(lines.get(2).startsWith("sub/b,64,64,"), lines.get(2));
		assertTrue(lines.get(3).startsWith("(mean),64,64,"), lines.get(3));
		String[] mean = lines.get(3).split(",", -1);
		assertEquals("0.500000", mean[4], "percolating fraction: b percolates, a does not");
		assertThrows(UserInputException.class, () -> analysis.analyseToCsv(masks, MaskRule.BINARY, 0, csv, false, null, null));
		UserInputException bad = assertThrows(UserInputException.class, () -> analysis.analyseToCsv(masks, MaskRule.BINARY, -1, tmp.resolve("x.csv"), false, null, null));
		assertTrue(bad.getMessage().contains("--size"), bad.getMessage());
	}

	/** Files through the whole path (read, foreground, measure) agree with scikit-learn's verdicts. */
	@Test
	void referenceMasksPercolateAsScikitLearnSays() throws Exception {
		Path json = SharedData.require("reference/percolation.json");
		JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		for (JsonElement e : root.getAsJsonArray("cases")) {
			JsonObject c = e.getAsJsonObject();
			String name = c.get("mask").getAsString();
			MorphologyAnalysis.Measures m = analysis.measure(name, json.getParent().resolve(name), new MaskRule(256, null), 0);
			assertEquals(c.get("percolates").getAsBoolean(), m.percolates(), name);
			assertEquals(c.get("pixel_density").getAsDouble(), m.pixelDensity(), 0.0, name);
			assertEquals(c.get("clusters").getAsInt(), m.clusters(), name);
		}
	}
}
