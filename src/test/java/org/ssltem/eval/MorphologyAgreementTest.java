package org.ssltem.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MorphologyAgreementTest {

	@TempDir
	Path tmp;

	/** A horizontal wire across a 20×20 mask, rows y0..y0+2, with gaps (columns set to background). */
	private static boolean[] wire(int y0, int... gaps) {
		boolean[] m = new boolean[20 * 20];
		for (int y = y0; y < y0 + 3; y++)
			for (int x = 0; x < 20; x++) m[y * 20 + x] = true;
		for (int g : gaps)
			for (int y = 0; y < 20; y++) m[y * 20 + g] = false;
		return m;
	}

	@Test
	void aWireBrokenIntoPiecesDisagreesOnClustersAndPercolation() {
		boolean[] truth = wire(8);
		MorphologyAgreement.Image same = MorphologyAgreement.of(truth, truth, 20, 20);
		assertEquals(0, same.densityError(), 1e-12);
		assertTrue(same.densityAgrees() && same.clustersAgree() && same.percolationAgrees());

		// gaps 3 px wide are wider than DBSCAN's eps 2: 4 pieces instead of 1; density 51/60 of the truth's
		boolean[] broken = wire(8, 4, 5, 6, 10, 11, 12, 15, 16, 17);
		MorphologyAgreement.Image b = MorphologyAgreement.of(truth, broken, 20, 20);
		assertEquals(1, b.trueClusters());
		assertEquals(4, b.predictedClusters());
		assertEquals(3, b.clusterDifference());
		assertFalse(b.clustersAgree());
		assertEquals((33 - 60) / 60.0, b.densityError(), 1e-12);
		assertFalse(b.densityAgrees());
		assertEquals(0, b.trueDensity() - 60 / 400.0, 1e-12);
		// the truth spans the image only along x, so neither percolates (the paper's criterion needs both axes)
		assertTrue(b.percolationAgrees());

		// a thicker wire: 4 rows instead of 3 → density +33 %, one cluster
		boolean[] thick = wire(8);
		for (int x = 0; x < 20; x++) thick[11 * 20 + x] = true;
		MorphologyAgreement.Image t = MorphologyAgreement.of(truth, thick, 20, 20);
		assertFalse(t.densityAgrees());
		assertTrue(t.clustersAgree());

		MorphologyAgreement.Summary s = MorphologyAgreement.summarise(List.of(same, b, t));
		assertEquals(1 / 3.0, s.densityWithinFraction(), 1e-12);
		assertEquals(2 / 3.0, s.clustersWithinFraction(), 1e-12);
		assertEquals(1 / 3.0, s.densityAndClustersFraction(), 1e-12);
		assertEquals(1.0, s.percolationAgreementFraction(), 1e-12);
		assertEquals(0, s.clusterDifferenceMedian(), 1e-12);
		assertEquals(1 / 3.0, s.densityErrorMedian(), 1e-12);

		MorphologyAgreement.Image emptyTruth = MorphologyAgreement.of(new boolean[400], truth, 20, 20);
		assertNull(emptyTruth.densityError());
		assertFalse(emptyTruth.densityAgrees());
	}

	@Test
	void segEvalReportsTheAgreementPerImageAndSummarised() throws Exception {
		Path pred = Files.createDirectories(tmp.resolve("pred")), truth = Files.createDirectories(tmp.resolve("truth"));
		byte[] t = new byte[400], p = new byte[400];
		boolean[] w = wire(8), broken = wire(8, 9, 10, 11);
		for (int i = 0; i < 400; i++) {
			t[i] = (byte) (w[i] ? 1 : 0);
			p[i] = (byte) (broken[i] ? 255 : 0);
		}
		ImageFiles.writeMaskPng(t, 20, 20, truth.resolve("a.png"));
		ImageFiles.writeMaskPng(p, 20, 20, pred.resolve("a.png"));
		SegmentationEvaluation.evaluateToJson(pred, truth, MaskRule.BINARY, tmp.resolve("s.json"), false, null, null);
		JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("s.json"))).getAsJsonObject();
		JsonObject image = json.getAsJsonArray("images").get(0).getAsJsonObject().getAsJsonObject("morphology");
		assertEquals(2, image.get("predicted_clusters").getAsInt());
		assertEquals(1, image.get("cluster_difference").getAsInt());
		JsonObject summary = json.getAsJsonObject("morphology");
		assertEquals(1.0, summary.get("clusters_within_fraction").getAsDouble(), 1e-12);
		assertEquals(1.0, summary.get("density_within_fraction").getAsDouble(), 1e-12, "51 of 60 pixels: −15 %");
	}
}
