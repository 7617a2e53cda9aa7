package org.ssltem.eval;

/**
 * Leave-one-out 1-nearest-neighbour accuracy under cosine similarity: a quick, training-free measure of how
 * well features separate classes (the demo uses it; the linear probe is the paper's real measure).
 */
public final class NearestNeighbour {

	private NearestNeighbour() {}

	public static double leaveOneOutAccuracy(float[][] features, int[] labels) {
		int n = features.length;
		if (n < 2) throw new IllegalArgumentException("need at least 2 samples");
		double[][] unit = new double[n][];
		for (int i = 0; i < n; i++) {
			double norm = 0;
			for (float v : features[i]) norm += v * (double) v;
			norm = Math.sqrt(Math.max(norm, 1e-24));
			unit[i] = new double[features[i].length];
			for (int j = 0; j < unit[i].length; j++) unit[i][j] = features[i][j] / norm;
		}
		int correct = 0;
		for (int i = 0; i < n; i++) {
			int best = -1;
			double bestSim = Double.NEGATIVE_INFINITY;
			for (int k = 0; k < n; k++) {
				if (k == i) continue;
				double s = 0;
				for (int j = 0; j < unit[i].length; j++) s += unit[i][j] * unit[k][j];
				if (s > bestSim) {
					bestSim = s;
					best = k;
				}
			}
			if (labels[best] == labels[i]) correct++;
		}
		return correct / (double) n;
	}
}
