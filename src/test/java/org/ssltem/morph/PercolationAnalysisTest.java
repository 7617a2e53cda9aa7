package org.ssltem.morph;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.testing.SharedData;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercolationAnalysisTest {

	private final PercolationAnalysis paper = new PercolationAnalysis();

	/**
	 * scikit-learn DBSCAN(eps=2, min_samples=2) on every reference mask, field by field, through the ImgLib2 signature
	 * (on a view whose interval does not start at 0); the array code gives the very same result, and so does a binary mask.
	 */
	@Test
	void matchesScikitLearnReference() throws Exception {
		Path json = SharedData.require("reference/percolation.json");
		JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		List<Executable> checks = new ArrayList<>();
		int cases = 0;
		for (JsonElement e : root.getAsJsonArray("cases")) {
			JsonObject c = e.getAsJsonObject();
			String name = c.get("mask").getAsString();
			int[] size = new int[2];
			int[] labels = ImageFiles.readLabels(json.getParent().resolve(name), size);
			PercolationResult arrays = paper.analyse(labels, size[0], size[1], null);
			PercolationResult r = paper.analyse(Views.translate(ArrayImgs.ints(labels.clone(), size[0], size[1]), 7, -3), null);
			var bits = Converters.convert((net.imglib2.RandomAccessibleInterval<IntType>) ArrayImgs.ints(labels.clone(), size[0], size[1]),
				(in, out) -> out.set(in.get() != 0), new BitType());
			PercolationResult fromMask = paper.analyseMask(bits);
			checks.add(() -> assertEquals(arrays, r, name + ": ImgLib2 and array signatures agree"));
			checks.add(() -> assertEquals(arrays, fromMask, name + ": a binary mask gives the same as its labels"));
			checks.add(() -> assertEquals(c.get("foreground_pixels").getAsInt(), r.foregroundPixels(), name + " foreground_pixels"));
			checks.add(() -> assertEquals(c.get("pixel_density").getAsDouble(), r.pixelDensity(), 0.0, name + " pixel_density"));
			checks.add(() -> assertEquals(c.get("clusters").getAsInt(), r.clusters(), name + " clusters"));
			checks.add(() -> assertEquals(c.get("noise_points").getAsInt(), r.noisePoints(), name + " noise_points"));
			checks.add(() -> assertEquals(c.get("largest_cluster").getAsInt(), r.largestCluster(), name + " largest_cluster"));
			checks.add(() -> assertEquals(c.get("percolating_clusters").getAsInt(), r.percolatingClusters(), name + " percolating_clusters"));
			checks.add(() -> assertEquals(c.get("percolates").getAsBoolean(), r.percolates(), name + " percolates"));
			checks.add(() -> assertEquals(r.clusters(), r.perCluster().size(), name + " one entry per cluster"));
			cases++;
		}
		assertEquals(12, cases, "reference cases read");
		assertAll(checks);
	}

	/** The paper's notebook measures span as max - min; max - min + 1 would call the first mask percolating. */
	@Test
	void spanIsMaxMinusMin() {
		// 10x10: a full-height column and a row reaching columns 1..8 (max - min = 7 = size - 3)
		boolean[] fg = new boolean[100];
		for (int r = 0; r < 10; r++) fg[r * 10 + 5] = true;
		for (int c = 1; c <= 8; c++) fg[4 * 10 + c] = true;
		PercolationResult short1 = paper.analyse(fg, 10, 10);
		assertEquals(1, short1.clusters());
		assertEquals(7, short1.perCluster().get(0).colSpan());
		assertFalse(short1.percolates());
		fg[4 * 10] = true; // now columns 0..8: span 8 = size - 2
		assertTrue(paper.analyse(fg, 10, 10).percolates());
	}

	@Test
	void nonSquareMasksUseWidthAndHeightSeparately() {
		// 20 wide, 6 high: a row across columns 0..18 (span 18 = 20 - 2) and a column across rows 1..5 (span 4 = 6 - 2)
		boolean[] fg = new boolean[120];
		for (int c = 0; c <= 18; c++) fg[3 * 20 + c] = true;
		for (int r = 1; r < 6; r++) fg[r * 20 + 10] = true;
		assertTrue(paper.analyse(fg, 20, 6).percolates());
		fg[1 * 20 + 10] = false; // rows 2..5 only: span 3
		assertFalse(paper.analyse(fg, 20, 6).percolates());
	}

	/** A border point reachable from two clusters stays with the one whose first core point comes first in row-major order. */
	@Test
	void borderPointGoesToFirstCluster() {
		// eps = 1 (4-neighbours), min_samples = 4. Plus-shaped groups around (1,1) and (1,3) share the border point (1,2):
		// it has only 3 points within eps (itself, (1,1), (1,3)), so it is not core; (1,1) and (1,3) have 5 each.
		int w = 5, h = 3;
		boolean[] fg = new boolean[w * h];
		int[][] pts = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 2, 1 }, { 1, 2 }, { 0, 3 }, { 1, 3 }, { 2, 3 }, { 1, 4 } };
		for (int[] p : pts) fg[p[0] * w + p[1]] = true;
		PercolationResult r = new PercolationAnalysis(1, 4).analyse(fg, w, h);
		assertEquals(2, r.clusters());
		assertEquals(0, r.noisePoints());
		assertEquals(5, r.perCluster().get(0).size(), "cluster 0 takes (1,2)");
		assertEquals(4, r.perCluster().get(1).size());
		assertEquals(2, r.perCluster().get(0).maxCol());
		assertEquals(3, r.perCluster().get(1).minCol());
	}

	@Test
	void epsIsInclusiveEuclidean() {
		boolean[] diagonal = new boolean[9];
		diagonal[0] = diagonal[4] = true; // (0,0) and (1,1): distance sqrt 2
		assertEquals(2, new PercolationAnalysis(1, 2).analyse(diagonal, 3, 3).noisePoints());
		assertEquals(1, new PercolationAnalysis(Math.sqrt(2), 2).analyse(diagonal, 3, 3).clusters());
		boolean[] gapOfTwo = new boolean[5];
		gapOfTwo[0] = gapOfTwo[2] = true; // distance exactly 2 = eps
		assertEquals(1, paper.analyse(gapOfTwo, 5, 1).clusters());
		gapOfTwo[2] = false;
		gapOfTwo[3] = true; // distance 3
		assertEquals(2, paper.analyse(gapOfTwo, 5, 1).noisePoints());
	}

	@Test
	void minSamplesOneMakesEveryPixelACluster() {
		boolean[] fg = new boolean[25];
		fg[0] = fg[12] = fg[24] = true;
		PercolationResult r = new PercolationAnalysis(1, 1).analyse(fg, 5, 5);
		assertEquals(3, r.clusters());
		assertEquals(0, r.noisePoints());
	}

	@Test
	void foregroundRuleSelectsClassOrAnyNonZero() {
		int[] labels = { 1, 1, 0, 0, 0, 0, 2, 2 };
		assertEquals(4, paper.analyse(labels, 8, 1, null).foregroundPixels());
		assertEquals(2, paper.analyse(labels, 8, 1, 2).foregroundPixels());
		assertEquals(2, paper.analyse(labels, 8, 1, null).clusters());
		byte[] bytes = { (byte) 255, (byte) 255, 0, 1 };
		assertEquals(2, paper.analyse(bytes, 4, 1, 255).foregroundPixels(), "bytes read as unsigned");
		assertEquals(0.25, paper.analyse(bytes, 4, 1, 1).pixelDensity());
	}

	@Test
	void refusesBadParametersAndShapes() {
		assertThrows(UserInputException.class, () -> new PercolationAnalysis(0, 2));
		assertThrows(UserInputException.class, () -> new PercolationAnalysis(2, 0));
		assertThrows(IllegalArgumentException.class, () -> paper.analyse(new int[10], 3, 3, null));
	}
}
