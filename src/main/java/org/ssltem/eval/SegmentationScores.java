package org.ssltem.eval;

/**
 * Soft Dice and IoU as the paper's notebook computes them, for a probability map (or a 0/1 mask) {@code p} against a
 * 0/1 truth {@code t}: tp = Σ t·p, fp = Σ p − tp, fn = Σ t − tp,
 * Dice = (2 tp + s) / (2 tp + fp + fn + s), IoU = (tp + s) / (tp + fp + fn + s), s = 1e-6.
 * The smoothing term makes both 1 when truth and prediction are both empty.
 */
public final class SegmentationScores {

	public static final double SMOOTH = 1e-6;

	/** Both scores of one image. */
	public record Scores(double dice, double iou) {}

	private SegmentationScores() {}

	public static Scores of(float[] truth, float[] predicted) {
		check(truth.length, predicted.length);
		double tp = 0, sumT = 0, sumP = 0;
		for (int i = 0; i < truth.length; i++) {
			tp += (double) truth[i] * predicted[i];
			sumT += truth[i];
			sumP += predicted[i];
		}
		return fromSums(tp, sumT, sumP);
	}

	public static Scores of(boolean[] truth, boolean[] predicted) {
		check(truth.length, predicted.length);
		long tp = 0, sumT = 0, sumP = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i]) sumT++;
			if (predicted[i]) sumP++;
			if (truth[i] && predicted[i]) tp++;
		}
		return fromSums(tp, sumT, sumP);
	}

	static Scores fromSums(double tp, double sumTruth, double sumPredicted) {
		double fp = sumPredicted - tp, fn = sumTruth - tp;
		return new Scores((2 * tp + SMOOTH) / (2 * tp + fp + fn + SMOOTH), (tp + SMOOTH) / (tp + fp + fn + SMOOTH));
	}

	private static void check(int a, int b) {
		if (a != b) throw new IllegalArgumentException("truth has " + a + " pixels, prediction " + b);
	}
}
