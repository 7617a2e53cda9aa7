package org.ssltem.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.ssltem.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentationScoresTest {

	/** The paper notebook's soft Dice and IoU, as computed independently in ../shared/reference. */
	@Test
	void matchesReference() throws Exception {
		Path json = SharedData.require("reference/segmentation_scores.json");
		JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		int cases = 0;
		for (JsonElement e : root.getAsJsonArray("cases")) {
			JsonObject c = e.getAsJsonObject();
			SegmentationScores.Scores s = SegmentationScores.of(flat(c.getAsJsonArray("truth")), flat(c.getAsJsonArray("prediction")));
			assertEquals(c.get("dice").getAsDouble(), s.dice(), 1e-6, "dice case " + cases);
			assertEquals(c.get("iou").getAsDouble(), s.iou(), 1e-6, "iou case " + cases);
			cases++;
		}
		assertEquals(2, cases);
	}

	@Test
	void emptyTruthAndEmptyPredictionScoreOne() {
		SegmentationScores.Scores s = SegmentationScores.of(new boolean[16], new boolean[16]);
		assertEquals(1.0, s.dice(), 0.0);
		assertEquals(1.0, s.iou(), 0.0);
	}

	@Test
	void emptyPredictionOfNonEmptyTruthScoresAboutZero() {
		boolean[] t = new boolean[16];
		t[3] = true;
		SegmentationScores.Scores s = SegmentationScores.of(t, new boolean[16]);
		assertEquals(0.0, s.dice(), 1e-5);
		assertEquals(0.0, s.iou(), 1e-5);
	}

	/** Hand count: truth 4 pixels, prediction 4, overlap 2 → Dice 4/8, IoU 2/6. */
	@Test
	void handCountedBinaryCase() {
		boolean[] t = { true, true, true, true, false, false, false, false };
		boolean[] p = { false, false, true, true, true, true, false, false };
		SegmentationScores.Scores s = SegmentationScores.of(t, p);
		assertEquals(0.5, s.dice(), 1e-6);
		assertEquals(1 / 3.0, s.iou(), 1e-6);
	}

	private static float[] flat(JsonArray rows) {
		int h = rows.size(), w = rows.get(0).getAsJsonArray().size();
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) out[y * w + x] = rows.get(y).getAsJsonArray().get(x).getAsFloat();
		return out;
	}
}
