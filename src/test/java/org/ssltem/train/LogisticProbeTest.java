package org.ssltem.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.ssltem.testing.SharedData;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticProbeTest {

	/**
	 * The default probe equals scikit-learn's LogisticRegression(C, lbfgs) on standardised features
	 * (../shared/reference/logistic_probe.json): standardisation, coefficients, intercepts and test probabilities
	 * to 1e-4, for every case (3 and 7 classes, 1 label per class, features of scale ~3000). Intercepts agree to
	 * 5e-4: scikit-learn stopped at its tolerance with a gradient of up to 2.2e-4 left in the intercepts of the
	 * 7-class case (computed from the reference's own coefficients), where our solve continues to 1e-8.
	 */
	@Test
	void matchesScikitLearnReference() throws Exception {
		List<JsonObject> cases = SharedData.referenceCases("reference/logistic_probe.json");
		assertEquals(9, cases.size());
		for (JsonObject c : cases) {
			String name = c.get("name").getAsString() + " C=" + c.get("C").getAsDouble();
			float[][] xTrain = floats(c.getAsJsonArray("x_train"));
			int[] yTrain = ints(c.getAsJsonArray("y_train"));
			int nClasses = IntStream.of(yTrain).max().getAsInt() + 1;
			List<String> classes = IntStream.range(0, nClasses).mapToObj(i -> "c" + i).toList();
			LinearClassifier clf = LinearClassifier.train(xTrain, yTrain, classes, null,
				LinearClassifier.Options.defaults().withC(c.get("C").getAsDouble()));
			LogisticProbe.Fitted f = LogisticProbe.train(xTrain, yTrain, nClasses, c.get("C").getAsDouble(), 0);

			double[] mean = doubles(c.getAsJsonArray("scaler_mean")), std = doubles(c.getAsJsonArray("scaler_std"));
			for (int j = 0; j < mean.length; j++) {
				assertEquals(mean[j], f.mean()[j], 1e-6 * std[j], name + " mean " + j); // features are floats: relative to the spread
				assertEquals(1 / std[j], f.scale()[j], 1e-6 / std[j], name + " scale " + j);
			}
			double[][] coef = matrix(c.getAsJsonArray("coef"));
			double[] intercept = doubles(c.getAsJsonArray("intercept"));
			double[][] w = f.model().weights();
			double[] b = f.model().bias();
			if (nClasses == 2) {
				// scikit-learn: one row, p(class 1) = sigmoid(x.w + b); ours: a zero row for class 0
				for (int j = 0; j < coef[0].length; j++) assertEquals(coef[0][j], w[1][j] - w[0][j], 1e-4, name + " coef " + j);
				assertEquals(intercept[0], b[1] - b[0], 5e-4, name + " intercept");
			}
			else
				for (int k = 0; k < nClasses; k++) {
					assertArrayEquals(coef[k], w[k], 1e-4, name + " coef row " + k);
					assertEquals(intercept[k], b[k], 5e-4, name + " intercept " + k);
				}
			double[][] proba = matrix(c.getAsJsonArray("proba_test"));
			float[][] xTest = floats(c.getAsJsonArray("x_test"));
			for (int i = 0; i < xTest.length; i++)
				assertArrayEquals(proba[i], clf.predict(xTest[i]).probabilities(), 1e-4, name + " test row " + i);
		}
	}

	@Test
	void crossValidationChoosesFromTheGridAndOneLabelUsesTheDefault() {
		float[][] x = new float[12][];
		int[] y = new int[12];
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		for (int i = 0; i < 12; i++) {
			y[i] = i % 3;
			x[i] = new float[] { (float) (y[i] + 0.3 * r.nextGaussian()), (float) r.nextGaussian(), (float) (10 * r.nextGaussian()) };
		}
		LogisticProbe.Fitted cv = LogisticProbe.train(x, y, 3, 0, 1);
		assertTrue(java.util.Arrays.stream(LogisticProbe.C_GRID).anyMatch(v -> v == cv.c()), "C " + cv.c());
		assertEquals(4, cv.folds());
		LogisticProbe.Fitted one = LogisticProbe.train(new float[][] { x[0], x[1], x[2] }, new int[] { 0, 1, 2 }, 3, 0, 1);
		assertEquals(LogisticProbe.DEFAULT_C, one.c());
		assertEquals(0, one.folds());
	}

	/** Grid 0.001 .. 100: the most correct wins however far from 1; ties go to the C nearest 1, then the smaller. */
	@Test
	void tiedCrossValidationScoresPreferTheDefaultC() {
		assertEquals(1, LogisticProbe.preferredC(new int[] { 5, 5, 5, 5, 5, 5 }));
		assertEquals(0.1, LogisticProbe.preferredC(new int[] { 3, 4, 6, 5, 6, 2 }));
		assertEquals(10, LogisticProbe.preferredC(new int[] { 7, 6, 6, 5, 7, 7 }));
		assertEquals(0.001, LogisticProbe.preferredC(new int[] { 8, 7, 7, 7, 7, 7 }));
		assertEquals(100, LogisticProbe.preferredC(new int[] { 1, 1, 1, 1, 1, 2 }));
	}

	@Test
	void foldsAreStratifiedAndDependOnTheSeed() {
		int[] y = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 };
		int[] a = LogisticProbe.stratifiedFolds(y, 3, 2, 7);
		for (int c = 0; c < 3; c++) {
			int inFold0 = 0;
			for (int i = 0; i < y.length; i++) if (y[i] == c && a[i] == 0) inFold0++;
			assertEquals(2, inFold0, "class " + c);
		}
		assertArrayEquals(a, LogisticProbe.stratifiedFolds(y, 3, 2, 7));
		boolean differ = false;
		for (int s = 8; s < 20 && !differ; s++) differ = !java.util.Arrays.equals(a, LogisticProbe.stratifiedFolds(y, 3, 2, s));
		assertTrue(differ, "no other seed changed the folds");
	}

	/** More features than rows (solved in the rows' span): the weights still zero the full-space gradient, so they are the optimum. */
	@Test
	void spanSolutionEqualsFullSolution() {
		java.util.SplittableRandom r = new java.util.SplittableRandom(5);
		double[][] x = new double[6][40];
		int[] y = { 0, 1, 2, 0, 1, 2 };
		for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
		LogisticRegression.Model reduced = LogisticRegression.fit(x, y, 3, 0.5, null);
		double[][] grad = new double[3][40];
		for (int i = 0; i < x.length; i++) {
			double[] p = reduced.probabilities(x[i]);
			for (int c = 0; c < 3; c++) for (int j = 0; j < 40; j++) grad[c][j] += (p[c] - (c == y[i] ? 1 : 0)) * x[i][j];
		}
		for (int c = 0; c < 3; c++) for (int j = 0; j < 40; j++) assertEquals(0, grad[c][j] + reduced.weights()[c][j] / 0.5, 1e-6, "gradient " + c + "," + j);
	}

	private static float[][] floats(JsonArray a) {
		double[][] m = matrix(a);
		float[][] f = new float[m.length][];
		for (int i = 0; i < m.length; i++) {
			f[i] = new float[m[i].length];
			for (int j = 0; j < m[i].length; j++) f[i][j] = (float) m[i][j];
		}
		return f;
	}

	private static double[][] matrix(JsonArray a) {
		double[][] m = new double[a.size()][];
		for (int i = 0; i < m.length; i++) m[i] = doubles(a.get(i).getAsJsonArray());
		return m;
	}

	private static double[] doubles(JsonArray a) {
		double[] d = new double[a.size()];
		for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
		return d;
	}

	private static int[] ints(JsonArray a) {
		int[] d = new int[a.size()];
		for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsInt();
		return d;
	}
}
