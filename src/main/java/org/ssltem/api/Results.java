package org.ssltem.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The typed result of every operation. Paths are absolute, as text; numbers are plain; lists are immutable. */
public final class Results {

	private Results() {}

	private static String f(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	private static List<String> losses(List<Double> loss) {
		return loss.stream().map(v -> f("%.4f", v)).toList();
	}

	public record Generated(String out, int images) implements OperationResult {
		public List<String> summary() {
			return List.of("wrote " + images + " images and masks to " + out);
		}
	}

	public record Pretrained(String out, String status, int epochsCompleted, List<Double> lossPerEpoch, double wallTimeS, String device, int trainingImages)
		implements OperationResult {
		public Pretrained {
			lossPerEpoch = List.copyOf(lossPerEpoch);
		}

		public List<String> summary() {
			return List.of(f("%s: %d epochs, loss per epoch %s, %.1f s, %s -> %s", status, epochsCompleted, losses(lossPerEpoch), wallTimeS, device, out));
		}

		public int exitCode() {
			return "cancelled".equals(status) ? 130 : 0;
		}
	}

	public record Features(String csv, int images, int featureWidth, double seconds) implements OperationResult {
		public List<String> summary() {
			return List.of(f("%d images x %d features in %.1f s -> %s", images, featureWidth, seconds, csv));
		}
	}

	/** An encoder folder made from a published weights file; {@code leftOut} lists the file's tensors the encoder has no place for (heads). */
	public record EncoderImported(String out, String architecture, String format, String sha256, int variables, List<String> leftOut, String normalisation,
		double seconds) implements OperationResult {
		public EncoderImported {
			leftOut = List.copyOf(leftOut);
		}

		public List<String> summary() {
			return List.of(f("%s (%s, sha256 %s…): %d tensors mapped, %d left out, input %s, %.1f s -> %s", architecture, format, sha256.substring(0, 12),
				variables, leftOut.size(), normalisation, seconds, out));
		}
	}

	/** {@code probe} is "logistic" (then {@code c} is the chosen C) or "paper" (then the epoch and validation components apply). */
	public record ClassifierTrained(String file, int images, List<String> classes, String probe, double c, int epochs, boolean validated,
		double bestValidationAccuracy, int bestEpoch, double seconds) implements OperationResult {
		public ClassifierTrained {
			classes = List.copyOf(classes);
		}

		/** How the classifier was fitted, e.g. "logistic probe, C = 0.1" or "40 epochs, best validation accuracy 90.0% at epoch 30". */
		public String training() {
			if ("logistic".equals(probe)) return f("logistic probe, C = %g", c);
			return epochs + " epochs" + (validated ? f(", best validation accuracy %.1f%% at epoch %d", 100 * bestValidationAccuracy, bestEpoch) : " (no validation set)");
		}

		public List<String> summary() {
			return List.of(f("%d images, %d classes %s: %s in %.1f s -> %s", images, classes.size(), classes, training(), seconds, file));
		}
	}

	/** {@code accuracy} is NaN and the confusion files null when the images were not in class folders. */
	public record Classified(String csv, int images, double accuracy, String confusionCsv, String confusionPng, List<String> warnings)
		implements OperationResult {
		public Classified {
			warnings = List.copyOf(warnings);
		}

		public List<String> summary() {
			List<String> s = new ArrayList<>(List.of(images + " images -> " + csv));
			if (confusionCsv != null) s.add(f("accuracy %.1f%%; confusion matrix -> %s", 100 * accuracy, confusionCsv));
			return s;
		}
	}

	/** One box of a label-efficiency plot: an encoder at one number of labels per class. */
	public record LabelEfficiencyBox(String encoder, int labelsPerClass, int n, double median, double q1, double q3, double notchLow, double notchHigh) {}

	public record LabelEfficiency(String out, int classifiers, List<LabelEfficiencyBox> boxes, String boxplot, List<String> warnings, double seconds,
		double classifierSeconds) implements OperationResult {
		public LabelEfficiency {
			boxes = List.copyOf(boxes);
			warnings = List.copyOf(warnings);
		}

		public List<String> summary() {
			List<String> s = new ArrayList<>();
			for (LabelEfficiencyBox b : boxes)
				s.add(f("%-24s k=%-3d n=%-3d median %.3f  IQR %.3f-%.3f  notch %.3f-%.3f", b.encoder(), b.labelsPerClass(), b.n(), b.median(), b.q1(), b.q3(),
					b.notchLow(), b.notchHigh()));
			s.add(f("%d classifiers in %.1f s (total %.1f s) -> %s", classifiers, classifierSeconds, seconds, out));
			return s;
		}
	}

	/** Accuracy of one way of choosing anchors over the study's splits. */
	public record AnchorMethod(String method, int n, double median, double q1, double q3) {}

	/** How one-image-per-class accuracy relates to a distance of the anchors from their class's centre; {@code spearman} NaN when constant. */
	public record OneShotRelation(String distance, int sets, double spearman, double nearestQuartileMedianAccuracy, double farthestQuartileMedianAccuracy) {}

	/** {@code studyPng} null without a study; {@code oneShot…} null or empty without the one-shot study. */
	public record Anchors(String out, List<String> suggested, String suggestedCsv, List<AnchorMethod> study, String studyPng, Integer oneShotSets,
		List<OneShotRelation> oneShot, String oneShotCsv, String oneShotPng, String oneShotDensityPng) implements OperationResult {
		public Anchors {
			suggested = List.copyOf(suggested);
			study = List.copyOf(study);
			oneShot = oneShot == null ? List.of() : List.copyOf(oneShot);
		}

		public List<String> summary() {
			List<String> s = new ArrayList<>(List.of("label these first: " + suggested));
			for (AnchorMethod m : study) s.add(f("%-9s n=%-4d median %.3f  IQR %.3f-%.3f", m.method(), m.n(), m.median(), m.q1(), m.q3()));
			if (oneShotSets != null) {
				s.add(f("one-shot: %d anchor sets (one image per class)", oneShotSets));
				for (OneShotRelation x : oneShot)
					s.add(f("  accuracy vs %-27s Spearman %6s  median accuracy: nearest quarter %.3f, farthest quarter %.3f", x.distance(),
						Double.isNaN(x.spearman()) ? "n/a" : f("%.3f", x.spearman()), x.nearestQuartileMedianAccuracy(), x.farthestQuartileMedianAccuracy()));
			}
			return s;
		}
	}

	public record Tsne(String csv, String png, int images, double perplexity, List<String> warnings, double seconds) implements OperationResult {
		public Tsne {
			warnings = List.copyOf(warnings);
		}

		public List<String> summary() {
			return List.of(f("%d images, perplexity %.2f, %.1f s -> %s, %s", images, perplexity, seconds, png, csv));
		}
	}

	/** One grid point of the hyper-parameter study: its name, how its pretraining went, and its probe accuracy. */
	public record StudyPoint(String name, String pretraining, double median, double q1, double q3) {}

	public record HyperparameterStudy(List<StudyPoint> points, double seconds, String results, String summaryFile) implements OperationResult {
		public HyperparameterStudy {
			points = List.copyOf(points);
		}

		public List<String> summary() {
			List<String> s = new ArrayList<>();
			for (StudyPoint p : points) s.add(f("%-45s %-8s median %.3f  IQR %.3f-%.3f", p.name(), p.pretraining(), p.median(), p.q1(), p.q3()));
			s.add(f("%d points in %.1f s -> %s, %s", points.size(), seconds, results, summaryFile));
			return s;
		}
	}

	public record SegmenterTrained(String out, int labeled, int epochs, List<Double> lossPerEpoch, double wallTimeS, String device) implements OperationResult {
		public SegmenterTrained {
			lossPerEpoch = List.copyOf(lossPerEpoch);
		}

		public List<String> summary() {
			return List.of(f("%d labelled images, %d epochs, loss per epoch %s, %.1f s, %s -> %s", labeled, epochs, losses(lossPerEpoch), wallTimeS, device, out));
		}
	}

	public record Segmented(String out, String masks, String probabilities, int images, int finalTile, double seconds) implements OperationResult {
		public List<String> summary() {
			return List.of(f("%d images in %.1f s (tile %d) -> %s", images, seconds, finalTile, out));
		}
	}

	/** A bioimage.io package; {@code selfCheck} is the largest difference between the SavedModel's and the segmenter's probabilities on the test image. */
	public record BioImageIoExported(String out, int testWidth, int testHeight, int channels, String preprocessing, double selfCheck, double seconds)
		implements OperationResult {
		public List<String> summary() {
			return List.of(f("bioimage.io package -> %s (test image %dx%d, %s; SavedModel matches the segmenter within %.1g) in %.1f s", out, testWidth,
				testHeight, preprocessing, selfCheck, seconds));
		}
	}

	/** One image's scores, and its predicted against its true morphology (density, DBSCAN clusters, percolation). */
	public record ImageScore(String file, int width, int height, double dice, double iou, double trueDensity, double predictedDensity, int trueClusters,
		int predictedClusters, boolean percolationAgrees) {}

	/**
	 * Dice/IoU and morphology agreement: the fractions of images whose density is within {@code densityTolerance}
	 * (relative) of the truth's, whose cluster count is within ±{@code clusterTolerance}, both, and whose percolation agrees.
	 */
	public record SegmentationScores(String out, List<ImageScore> images, double diceMedian, double iouMedian, double diceMean, double iouMean,
		double densityTolerance, double densityWithinFraction, int clusterTolerance, double clustersWithinFraction, double densityAndClustersFraction,
		double percolationAgreementFraction) implements OperationResult {
		public SegmentationScores {
			images = List.copyOf(images);
		}

		public List<String> summary() {
			return List.of(f("%d images: dice median %.4f, iou median %.4f; density within %.0f%% on %.0f%%, clusters within ±%d on %.0f%%, both on %.0f%%,"
				+ " percolation agrees on %.0f%% of images -> %s", images.size(), diceMedian, iouMedian, 100 * densityTolerance, 100 * densityWithinFraction,
				clusterTolerance, 100 * clustersWithinFraction, 100 * densityAndClustersFraction, 100 * percolationAgreementFraction, out));
		}
	}

	public record SegmentationLabelEfficiency(String csv, int runs) implements OperationResult {
		public List<String> summary() {
			return List.of(f("%d runs -> %s", runs, csv));
		}
	}

	public record Morphology(String csv, int masks, long percolating) implements OperationResult {
		public List<String> summary() {
			return List.of(f("%d masks, %d percolate -> %s", masks, percolating, csv));
		}
	}

	/** The demo's console summary and where its report went. */
	public record Demo(String out, String report, List<String> lines) implements OperationResult {
		public Demo {
			lines = List.copyOf(lines);
		}

		public List<String> summary() {
			return lines;
		}
	}
}
