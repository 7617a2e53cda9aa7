package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-medoids in a feature space (cosine distance; k-means++ seeding, then alternating assignment and medoid update,
 * best of several seeded restarts). The k medoids are the items most typical of k groups, so labelling them first
 * covers the variety of the data: the anchors of the classification study and the frames a segmenter is trained on.
 */
public final class KMedoids {

	/** Distance matrices above this many items would not fit comfortably in memory. */
	public static final int MAX_IMAGES = 6000;
	static final int RESTARTS = 8, MAX_ITERATIONS = 100;

	private KMedoids() {}

	/** Indices of k medoids of the rows of {@code x} (cosine distance), sorted by cluster size, largest first. */
	public static int[] choose(float[][] x, int k, long seed) {
		int n = x.length;
		if (k < 1 || k > n) throw UserInputException.option("cannot choose " + k + " images among " + n, "ask for 1 to " + n);
		if (n > MAX_IMAGES) throw UserInputException.option(n + " images are too many to choose among (at most " + MAX_IMAGES + ")", "use a subset");
		double[][] d = cosineDistances(x);
		int[] best = null;
		double bestCost = Double.POSITIVE_INFINITY;
		int[] bestAssign = null;
		SplittableRandom rng = new SplittableRandom(seed ^ 0x414e_4348_4f52_0001L);
		for (int r = 0; r < RESTARTS; r++) {
			int[] medoids = plusPlus(d, k, rng);
			int[] assign = new int[n];
			for (int it = 0; it < MAX_ITERATIONS; it++) {
				assign(d, medoids, assign);
				boolean changed = false;
				for (int c = 0; c < k; c++) {
					int bestM = medoids[c];
					double bestSum = Double.POSITIVE_INFINITY;
					for (int i = 0; i < n; i++) {
						if (assign[i] != c) continue;
						double s = 0;
						for (int j = 0; j < n; j++) if (assign[j] == c) s += d[i][j];
						if (s < bestSum - 1e-12 || (s <= bestSum + 1e-12 && i == medoids[c])) {
							bestSum = s;
							bestM = i;
						}
					}
					if (bestM != medoids[c]) {
						medoids[c] = bestM;
						changed = true;
					}
				}
				if (!changed) break;
			}
			double cost = assign(d, medoids, assign);
			if (cost < bestCost - 1e-12) {
				bestCost = cost;
				best = medoids.clone();
				bestAssign = assign.clone();
			}
		}
		int[] size = new int[k];
		for (int a : bestAssign) size[a]++;
		final int[] chosen = best;
		Integer[] order = new Integer[k];
		for (int c = 0; c < k; c++) order[c] = c;
		Arrays.sort(order, (a, b) -> size[b] != size[a] ? Integer.compare(size[b], size[a]) : Integer.compare(chosen[a], chosen[b]));
		int[] out = new int[k];
		for (int c = 0; c < k; c++) out[c] = chosen[order[c]];
		return out;
	}

	private static double assign(double[][] d, int[] medoids, int[] assign) {
		double cost = 0;
		for (int i = 0; i < d.length; i++) {
			int bc = 0;
			for (int c = 1; c < medoids.length; c++) if (d[i][medoids[c]] < d[i][medoids[bc]]) bc = c;
			assign[i] = bc;
			cost += d[i][medoids[bc]];
		}
		return cost;
	}

	private static int[] plusPlus(double[][] d, int k, SplittableRandom rng) {
		int n = d.length;
		int[] m = new int[k];
		m[0] = rng.nextInt(n);
		double[] nearest = new double[n];
		Arrays.fill(nearest, Double.POSITIVE_INFINITY);
		for (int c = 1; c < k; c++) {
			double total = 0;
			for (int i = 0; i < n; i++) {
				nearest[i] = Math.min(nearest[i], d[i][m[c - 1]]);
				total += nearest[i] * nearest[i];
			}
			int pick = -1;
			if (total > 0) {
				double r = rng.nextDouble() * total;
				for (int i = 0; i < n && pick < 0; i++) {
					r -= nearest[i] * nearest[i];
					if (r <= 0 && nearest[i] > 0) pick = i;
				}
			}
			if (pick < 0) // all remaining points coincide with a medoid: any unused index
				for (int i = 0; i < n && pick < 0; i++) {
					boolean used = false;
					for (int j = 0; j < c; j++) used |= m[j] == i;
					if (!used) pick = i;
				}
			m[c] = pick;
		}
		return m;
	}

	public static double[][] cosineDistances(float[][] x) {
		int n = x.length;
		double[][] unit = new double[n][];
		for (int i = 0; i < n; i++) {
			double norm = 0;
			for (float v : x[i]) norm += v * (double) v;
			norm = Math.sqrt(Math.max(norm, 1e-24));
			unit[i] = new double[x[i].length];
			for (int j = 0; j < unit[i].length; j++) unit[i][j] = x[i][j] / norm;
		}
		double[][] d = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				double s = 0;
				for (int f = 0; f < unit[i].length; f++) s += unit[i][f] * unit[j][f];
				d[i][j] = d[j][i] = Math.max(0, 1 - s);
			}
		return d;
	}
}
