package org.ssltem.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The default few-label probe: features standardised with the labelled images' mean and (biased) standard
 * deviation, then {@link LogisticRegression} to convergence. The regularisation C is chosen by stratified k-fold
 * cross-validation on the labelled images ({@link #C_GRID}, k = min(5, the smallest class's count), folds drawn
 * with the seed) when every class has at least 2 labelled images; with one image of some class there is nothing to
 * hold out and C is {@link #DEFAULT_C}. Of the C values with the most correct held-out predictions the one nearest
 * {@link #DEFAULT_C} wins ({@link #preferredC}): with a handful of held-out images many C values tie, and moving
 * away from the default only on evidence was more accurate than breaking ties by held-out log-loss for pretrained,
 * untrained and texture features alike (docs/classification.md).
 * Inside each fold the features are standardised on that fold's training rows, as they are for the final fit.
 */
public final class LogisticProbe {

	/** Candidate C values, weakest regularisation last. */
	public static final double[] C_GRID = { 0.001, 0.01, 0.1, 1, 10, 100 };
	/** scikit-learn's default C, used when some class has a single label. */
	public static final double DEFAULT_C = 1;
	public static final int MAX_FOLDS = 5;
	/** Where {@link #DEFAULT_C} sits in {@link #C_GRID}; tied cross-validation scores prefer C values near it. */
	private static final int DEFAULT_C_INDEX = Arrays.binarySearch(C_GRID, DEFAULT_C);
	static {
		if (DEFAULT_C_INDEX < 0) throw new IllegalStateException("DEFAULT_C " + DEFAULT_C + " must be one of C_GRID");
	}

	private LogisticProbe() {}

	/** Standardisation x' = (x - mean) * scale and the model on standardised features. */
	public record Fitted(double[] mean, double[] scale, LogisticRegression.Model model, double c, int folds, String note) {}

	/**
	 * @param c C to use, or 0 to choose it (by cross-validation when every class has 2 or more rows)
	 */
	public static Fitted train(float[][] x, int[] y, int nClasses, double c, long seed) {
		int[] perClass = new int[nClasses];
		for (int v : y) perClass[v]++;
		int smallest = Arrays.stream(perClass).min().orElse(0);
		int folds = 0;
		String note;
		if (c > 0) note = String.format(Locale.ROOT, "C = %g as given", c);
		else if (smallest < 2) {
			c = DEFAULT_C;
			note = String.format(Locale.ROOT, "C = %g (default: a class has a single labelled image, so none can be held out to choose C)", c);
		}
		else {
			folds = Math.min(MAX_FOLDS, smallest);
			c = crossValidatedC(x, y, nClasses, folds, seed);
			note = String.format(Locale.ROOT, "C = %g chosen by %d-fold stratified cross-validation on the labelled images from %s", c, folds,
				Arrays.toString(C_GRID));
		}
		double[][] stats = standardisation(x, all(x.length));
		LogisticRegression.Model m = LogisticRegression.fit(transform(x, all(x.length), stats), y, nClasses, c, null);
		return new Fitted(stats[0], stats[1], m, c, folds, "L2 logistic regression (L-BFGS, " + m.iterations()
			+ " iterations) on features standardised with the labelled images' mean and standard deviation; " + note);
	}

	/** The C of {@link #C_GRID} chosen by {@link #preferredC} from the held-out predictions of stratified folds. */
	static double crossValidatedC(float[][] x, int[] y, int nClasses, int folds, long seed) {
		int[] fold = stratifiedFolds(y, nClasses, folds, seed);
		int[] correct = new int[C_GRID.length];
		for (int f = 0; f < folds; f++) {
			List<Integer> tr = new ArrayList<>(), te = new ArrayList<>();
			for (int i = 0; i < y.length; i++) (fold[i] == f ? te : tr).add(i);
			int[] train = tr.stream().mapToInt(Integer::intValue).toArray(), test = te.stream().mapToInt(Integer::intValue).toArray();
			double[][] stats = standardisation(x, train);
			double[][] xt = transform(x, train, stats), xv = transform(x, test, stats);
			int[] yt = pick(y, train);
			LogisticRegression.Model warm = null;
			for (int k = 0; k < C_GRID.length; k++) {
				warm = LogisticRegression.fit(xt, yt, nClasses, C_GRID[k], warm);
				for (int i = 0; i < test.length; i++) {
					double[] p = warm.probabilities(xv[i]);
					if (argmax(p) == y[test[i]]) correct[k]++;
				}
			}
		}
		return preferredC(correct);
	}

	/**
	 * The C of {@link #C_GRID} with the most correct held-out predictions; among equals the one nearest
	 * {@link #DEFAULT_C} on a log scale, then the smaller (stronger regularisation).
	 */
	static double preferredC(int[] correct) {
		int best = 0;
		for (int k = 1; k < C_GRID.length; k++)
			if (correct[k] > correct[best] || correct[k] == correct[best] && distanceFromDefault(k) < distanceFromDefault(best)) best = k;
		return C_GRID[best];
	}

	/** Steps along the grid, which is evenly spaced in log C, so 0.1 and 10 are equally far from 1 exactly. */
	private static int distanceFromDefault(int k) {
		return Math.abs(k - DEFAULT_C_INDEX);
	}

	/** Fold of each row: each class's rows shuffled with the seed and dealt round-robin to the folds. */
	static int[] stratifiedFolds(int[] y, int nClasses, int folds, long seed) {
		SplittableRandom rng = new SplittableRandom(seed ^ 0x4356_464f_4c44_5331L);
		int[] fold = new int[y.length];
		for (int c = 0; c < nClasses; c++) {
			final int cls = c;
			int[] rows = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == cls).toArray();
			for (int i = rows.length - 1; i > 0; i--) {
				int j = rng.nextInt(i + 1), t = rows[i];
				rows[i] = rows[j];
				rows[j] = t;
			}
			for (int i = 0; i < rows.length; i++) fold[rows[i]] = i % folds;
		}
		return fold;
	}

	/** {mean, 1/std} of the given rows; the biased std, and a scale of 1 for a constant feature (as scikit-learn's StandardScaler). */
	public static double[][] standardisation(float[][] x, int[] rows) {
		int d = x[0].length;
		double[] mean = new double[d], scale = new double[d];
		for (int i : rows) for (int j = 0; j < d; j++) mean[j] += x[i][j];
		for (int j = 0; j < d; j++) mean[j] /= rows.length;
		for (int i : rows) for (int j = 0; j < d; j++) {
			double v = x[i][j] - mean[j];
			scale[j] += v * v;
		}
		for (int j = 0; j < d; j++) {
			double sd = Math.sqrt(scale[j] / rows.length);
			scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? 1 / sd : 1;
		}
		return new double[][] { mean, scale };
	}

	static double[][] transform(float[][] x, int[] rows, double[][] stats) {
		double[][] out = new double[rows.length][];
		for (int r = 0; r < rows.length; r++) {
			float[] xi = x[rows[r]];
			double[] o = new double[xi.length];
			for (int j = 0; j < o.length; j++) o[j] = (xi[j] - stats[0][j]) * stats[1][j];
			out[r] = o;
		}
		return out;
	}

	private static int[] all(int n) {
		return java.util.stream.IntStream.range(0, n).toArray();
	}

	private static int[] pick(int[] y, int[] rows) {
		int[] out = new int[rows.length];
		for (int i = 0; i < rows.length; i++) out[i] = y[rows[i]];
		return out;
	}

	private static int argmax(double[] p) {
		int best = 0;
		for (int c = 1; c < p.length; c++)
			if (p[c] > p[best]) best = c;
		return best;
	}
}
