package org.ssltem.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores a folder of predicted masks against a folder of true masks, file by file (matched by relative path
 * without ending): soft Dice and IoU per image ({@link SegmentationScores}), and their medians and means; and whether
 * the prediction has the truth's morphology ({@link MorphologyAgreement}): pixel density, number of DBSCAN clusters
 * and percolation, per image and as medians and fractions of images.
 * Every file is checked before anything is written: unmatched files, differing sizes and values that are not
 * classes are errors that name the file.
 */
public final class SegmentationEvaluation {

	public record ImageScore(String file, int width, int height, double dice, double iou, MorphologyAgreement.Image morphology) {}

	public record Report(String predicted, String truth, int classes, Integer foreground, List<ImageScore> images,
		double diceMedian, double iouMedian, double diceMean, double iouMean, MorphologyAgreement.Summary morphology) {}

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
		.setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

	private SegmentationEvaluation() {}

	public static Report evaluate(Path predictedDir, Path truthDir, MaskRule rule, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		Path masks = segmentOutput(predictedDir);
		if (masks != null) {
			log.log("seg-eval: " + predictedDir + " is the out folder of segment; comparing its masks/ with the truth");
			predictedDir = masks;
		}
		List<MatchedFiles.Pair> pairs = MatchedFiles.match(predictedDir, "{{predicted}}", truthDir, "{{truth}}");
		List<ImageScore> scores = new ArrayList<>();
		for (MatchedFiles.Pair pair : pairs) {
			if (cancel != null) cancel.throwIfCancelled();
			int[] ps = new int[2], ts = new int[2];
			boolean[] p = readPrediction(pair.first(), rule, ps);
			boolean[] t = rule.readForeground(pair.second(), ts);
			if (ps[0] != ts[0] || ps[1] != ts[1])
				throw UserInputException.about(pair.first(), "is " + ps[0] + "×" + ps[1] + " but its truth " + pair.second() + " is " + ts[0] + "×" + ts[1],
					"predict at the truth's resolution (ssl-tem segment works at native size), or give the matching truth");
			SegmentationScores.Scores s = SegmentationScores.of(t, p);
			scores.add(new ImageScore(pair.key(), ps[0], ps[1], s.dice(), s.iou(), MorphologyAgreement.of(t, p, ps[0], ps[1])));
			log.progress("seg-eval", scores.size(), pairs.size(), String.format(Locale.ROOT, "%s dice %.4f", pair.key(), s.dice()));
		}
		double[] dice = scores.stream().mapToDouble(ImageScore::dice).toArray();
		double[] iou = scores.stream().mapToDouble(ImageScore::iou).toArray();
		return new Report(predictedDir.toString(), truthDir.toString(), rule.classes(), rule.foreground(), scores,
			median(dice), median(iou), Arrays.stream(dice).average().orElse(Double.NaN), Arrays.stream(iou).average().orElse(Double.NaN),
			MorphologyAgreement.summarise(scores.stream().map(ImageScore::morphology).toList()));
	}

	/** {@code DIR/masks} when {@code DIR} is what {@code segment} wrote (masks/ and probabilities/, no images of its own), else null. */
	static Path segmentOutput(Path dir) {
		if (!java.nio.file.Files.isDirectory(dir.resolve("masks")) || !java.nio.file.Files.isDirectory(dir.resolve("probabilities"))) return null;
		try (var s = java.nio.file.Files.list(dir)) {
			return s.anyMatch(p -> java.nio.file.Files.isRegularFile(p) && org.ssltem.data.ImageFiles.isImageFile(p)) ? null : dir.resolve("masks");
		}
		catch (java.io.IOException e) {
			return null;
		}
	}

	/**
	 * A predicted mask: a binary 0/255 mask (as {@code segment} writes them) is read as 255 = foreground whatever the
	 * rule's classes; anything else must follow the same rule as the truth.
	 */
	static boolean[] readPrediction(Path file, MaskRule rule, int[] sizeOut) {
		int[] values = org.ssltem.data.ImageFiles.readLabels(file, sizeOut);
		boolean binary255 = true;
		for (int v : values)
			if (v != 0 && v != 255) {
				binary255 = false;
				break;
			}
		if (binary255 && rule.classes() != 2) {
			boolean[] fg = new boolean[values.length];
			for (int i = 0; i < fg.length; i++) fg[i] = values[i] == 255;
			return fg;
		}
		return rule.foregroundOf(values, sizeOut[0], file);
	}

	/** Evaluates and writes the report as JSON, atomically; an existing file is kept unless {@code overwrite}. */
	public static Report evaluateToJson(Path predictedDir, Path truthDir, MaskRule rule, Path out, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		try (OutputFolder folder = OutputFolder.claimFile(out, "seg-eval", "{{out}}")) {
			return evaluateToJsonClaimed(predictedDir, truthDir, rule, out, overwrite, listener, cancel);
		}
	}

	private static Report evaluateToJsonClaimed(Path predictedDir, Path truthDir, MaskRule rule, Path out, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		if (Files.exists(out) && !overwrite)
			throw UserInputException.about(out, "already exists", "choose another {{out}} file, or pass {{overwrite}} to replace it");
		Report r = evaluate(predictedDir, truthDir, rule, listener, cancel);
		AtomicFiles.writeString(out, GSON.toJson(r) + "\n");
		return r;
	}

	/** Median (mean of the two middle values for an even count); NaN for no values. */
	public static double median(double[] values) {
		if (values.length == 0) return Double.NaN;
		double[] v = values.clone();
		Arrays.sort(v);
		int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}
}
