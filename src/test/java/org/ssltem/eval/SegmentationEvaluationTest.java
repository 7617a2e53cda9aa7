package org.ssltem.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationEvaluationTest {

	@TempDir
	Path tmp;

	private static void mask(Path file, int w, int h, int... setIndicesValue) throws Exception {
		byte[] px = new byte[w * h];
		for (int i = 0; i + 1 < setIndicesValue.length; i += 2) px[setIndicesValue[i]] = (byte) setIndicesValue[i + 1];
		Files.createDirectories(file.getParent());
		ImageFiles.writeMaskPng(px, w, h, file);
	}

	@Test
	void perImageScoresAndMediansInJson() throws Exception {
		Path pred = tmp.resolve("pred"), truth = tmp.resolve("truth");
		// a: perfect (Dice 1); b: truth 2 px, prediction 1 of them as 255 (binary 0/255) → Dice 2/3; c: both empty → 1
		mask(pred.resolve("a.png"), 4, 4, 0, 1, 5, 1);
		mask(truth.resolve("a.png"), 4, 4, 0, 1, 5, 1);
		mask(pred.resolve("sub/b.png"), 4, 4, 2, 255);
		mask(truth.resolve("sub/b.png"), 4, 4, 2, 1, 3, 1);
		mask(pred.resolve("c.png"), 4, 4);
		mask(truth.resolve("c.png"), 4, 4);
		Path out = tmp.resolve("scores.json");
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluateToJson(pred, truth, MaskRule.BINARY, out, false, null, null);
		assertEquals(3, r.images().size());
		JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
		assertEquals(1.0, json.get("dice_median").getAsDouble(), 1e-6);
		assertEquals(1.0, json.get("iou_median").getAsDouble(), 1e-6);
		ImageScoreCheck.assertScore(r, "sub/b", 2 / 3.0, 0.5);
		assertThrows(UserInputException.class, () -> SegmentationEvaluation.evaluateToJson(pred, truth, MaskRule.BINARY, out, false, null, null),
			"an existing --out is kept");
	}

	/** The out folder of segment (masks/ + probabilities/) is taken as it is: its masks/ are the predictions. */
	@Test
	void theOutFolderOfSegmentIsAcceptedAsThePrediction() throws Exception {
		Path out = tmp.resolve("segmented"), truth = tmp.resolve("truth");
		mask(out.resolve("masks/a.png"), 4, 4, 0, 255, 1, 255);
		Files.createDirectories(out.resolve("probabilities"));
		Files.writeString(out.resolve("probabilities/a.tif"), "not read");
		mask(truth.resolve("a.png"), 4, 4, 0, 1);
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluate(out, truth, MaskRule.BINARY, null, null);
		ImageScoreCheck.assertScore(r, "a", 2 / 3.0, 0.5);
	}

	@Test
	void foregroundClassPicksOneClassOfAMultiClassMask() throws Exception {
		Path pred = tmp.resolve("pred"), truth = tmp.resolve("truth");
		mask(pred.resolve("a.png"), 4, 4, 0, 1, 1, 2);
		mask(truth.resolve("a.png"), 4, 4, 0, 1, 1, 1);
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluate(pred, truth, new MaskRule(3, 1), null, null);
		ImageScoreCheck.assertScore(r, "a", 2 / 3.0, 0.5);
		// a 0/255 prediction (as segment writes it) against a 3-class truth
		mask(pred.resolve("a.png"), 4, 4, 0, 255);
		ImageScoreCheck.assertScore(SegmentationEvaluation.evaluate(pred, truth, new MaskRule(3, 1), null, null), "a", 2 / 3.0, 0.5);
	}

	@Test
	void badInputsNameTheFileAndTheFix() throws Exception {
		Path pred = tmp.resolve("pred"), truth = tmp.resolve("truth");
		mask(pred.resolve("a.png"), 4, 4);
		mask(truth.resolve("a.png"), 5, 4);
		assertMessage(pred, truth, MaskRule.BINARY, "a.png", "5×4");

		mask(truth.resolve("a.png"), 4, 4);
		mask(pred.resolve("extra.png"), 4, 4);
		assertMessage(pred, truth, MaskRule.BINARY, "extra.png", "no matching file in --truth");
		Files.delete(pred.resolve("extra.png"));
		mask(truth.resolve("only-truth.png"), 4, 4);
		assertMessage(pred, truth, MaskRule.BINARY, "only-truth.png", "no matching file in --predicted");
		Files.delete(truth.resolve("only-truth.png"));

		mask(pred.resolve("a.png"), 4, 4, 6, 7);
		assertMessage(pred, truth, MaskRule.BINARY, "pixel value 7 at (x 2, y 1)", "--classes");
		assertMessage(pred, truth, new MaskRule(3, null), "pixel value 7", "0..2");

		UserInputException e = assertThrows(UserInputException.class, () -> new MaskRule(2, 2));
		assertTrue(e.getMessage().contains("--foreground 2"), e.getMessage());
	}

	private static void assertMessage(Path pred, Path truth, MaskRule rule, String... parts) {
		UserInputException e = assertThrows(UserInputException.class, () -> SegmentationEvaluation.evaluate(pred, truth, rule, null, null));
		for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}

	private static final class ImageScoreCheck {
		static void assertScore(SegmentationEvaluation.Report r, String file, double dice, double iou) {
			SegmentationEvaluation.ImageScore s = r.images().stream().filter(i -> i.file().equals(file)).findFirst().orElseThrow();
			assertEquals(dice, s.dice(), 1e-6, file + " dice");
			assertEquals(iou, s.iou(), 1e-6, file + " iou");
		}
	}
}
