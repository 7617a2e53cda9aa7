package org.ssltem.train;

import java.util.Arrays;

/**
 * L2-regularised multinomial logistic regression solved to convergence with L-BFGS: the objective of
 * scikit-learn's {@code LogisticRegression(C, solver="lbfgs")}, the summed log-loss plus {@code ||W||² / (2C)},
 * the intercepts not penalised. Two classes are fitted as one binary logistic regression (one row of weights
 * against class 0, as scikit-learn does); {@link Model} then holds a zero row for class 0, which gives the same
 * probabilities through a softmax.
 *
 * <p>With fewer rows than features (the few-label case) the weights lie in the span of the training rows, so the
 * problem is solved exactly in that span (an orthonormal basis from a Gram-Schmidt QR of the rows, where the
 * penalty is unchanged): the cost of an iteration then grows with the number of labelled images, not with the
 * feature width.
 */
public final class LogisticRegression {

	/** Stop when no gradient entry exceeds this (the objective is a sum over rows, so this is tight)... */
	static final double GRADIENT_TOLERANCE = 1e-7;
	/** ...or when two steps in a row lower the objective by less than this fraction: double precision is exhausted. */
	static final double RELATIVE_DECREASE = 1e-13;
	static final int MAX_ITERATIONS = 5000;
	private static final int MEMORY = 10;

	private LogisticRegression() {}

	/** Weights {@code [class][feature]}, intercepts per class, and the L-BFGS iterations it took. */
	public record Model(double[][] weights, double[] bias, int iterations) {

		/** Class probabilities of one row. */
		public double[] probabilities(double[] x) {
			double[] z = new double[bias.length];
			for (int c = 0; c < z.length; c++) {
				double s = bias[c];
				double[] w = weights[c];
				for (int j = 0; j < w.length; j++) s += w[j] * x[j];
				z[c] = s;
			}
			return softmaxInPlace(z);
		}
	}

	/**
	 * @param x        {@code [n][d]}, already standardised if wanted
	 * @param y        class index per row, 0 .. nClasses-1
	 * @param c        inverse regularisation strength, scikit-learn's C
	 * @param warmStart a model of the same shape to start from, or null (zeros)
	 */
	public static Model fit(double[][] x, int[] y, int nClasses, double c, Model warmStart) {
		if (!(c > 0)) throw new IllegalArgumentException("C must be positive: " + c);
		int n = x.length, d = n == 0 ? 0 : x[0].length;
		Basis basis = n < d ? Basis.of(x) : null;
		double[][] rows = basis == null ? x : basis.coordinates;
		int width = basis == null ? d : basis.rank;
		int free = nClasses == 2 ? 1 : nClasses;
		double[] theta = new double[free * (width + 1)];
		if (warmStart != null) pack(warmStart, basis, nClasses, width, theta);
		Objective f = new Objective(rows, y, nClasses, free, width, c);
		int iterations = minimise(f, theta);
		return unpack(theta, basis, nClasses, free, width, d, iterations);
	}

	/** An orthonormal basis {@code q} ({@code rank × d}) of the rows' span and each row's coordinates in it. */
	record Basis(double[][] q, double[][] coordinates, int rank) {

		static Basis of(double[][] x) {
			int n = x.length, d = x[0].length;
			double[][] q = new double[n][];
			double[][] coords = new double[n][n];
			int rank = 0;
			for (int i = 0; i < n; i++) {
				double[] v = x[i].clone();
				double norm0 = Math.sqrt(dot(v, v));
				// modified Gram-Schmidt, twice for orthogonality in floating point
				for (int pass = 0; pass < 2; pass++)
					for (int k = 0; k < rank; k++) {
						double r = dot(q[k], v);
						coords[i][k] += r;
						for (int j = 0; j < d; j++) v[j] -= r * q[k][j];
					}
				double norm = Math.sqrt(dot(v, v));
				if (norm > 1e-10 * Math.max(norm0, 1e-300) && norm > 1e-300) {
					for (int j = 0; j < d; j++) v[j] /= norm;
					q[rank] = v;
					coords[i][rank] = norm;
					rank++;
				}
			}
			double[][] trimmed = new double[n][];
			for (int i = 0; i < n; i++) trimmed[i] = Arrays.copyOf(coords[i], rank);
			return new Basis(Arrays.copyOf(q, rank), trimmed, rank);
		}
	}

	/** Summed log-loss + ||W||²/(2C); parameters are {@code free} rows of {@code width} weights, then {@code free} intercepts. */
	private static final class Objective {
		final double[][] x;
		final int[] y;
		final int nClasses, free, width;
		final double invC;
		final double[] z;

		Objective(double[][] x, int[] y, int nClasses, int free, int width, double c) {
			this.x = x;
			this.y = y;
			this.nClasses = nClasses;
			this.free = free;
			this.width = width;
			this.invC = 1 / c;
			this.z = new double[nClasses];
		}

		double valueAndGradient(double[] theta, double[] grad) {
			Arrays.fill(grad, 0);
			int biasAt = free * width, offset = nClasses - free;
			double loss = 0;
			for (int i = 0; i < x.length; i++) {
				double[] xi = x[i];
				if (offset == 1) z[0] = 0;
				for (int r = 0; r < free; r++) {
					double s = theta[biasAt + r];
					int base = r * width;
					for (int j = 0; j < width; j++) s += theta[base + j] * xi[j];
					z[r + offset] = s;
				}
				double max = Double.NEGATIVE_INFINITY;
				for (double v : z) max = Math.max(max, v);
				double sum = 0;
				for (double v : z) sum += Math.exp(v - max);
				double logSum = max + Math.log(sum);
				loss += logSum - z[y[i]];
				for (int r = 0; r < free; r++) {
					int cls = r + offset;
					double g = Math.exp(z[cls] - logSum) - (cls == y[i] ? 1 : 0);
					grad[biasAt + r] += g;
					int base = r * width;
					for (int j = 0; j < width; j++) grad[base + j] += g * xi[j];
				}
			}
			double penalty = 0;
			for (int k = 0; k < biasAt; k++) {
				penalty += theta[k] * theta[k];
				grad[k] += invC * theta[k];
			}
			return loss + 0.5 * invC * penalty;
		}
	}

	/** L-BFGS with a backtracking (Armijo) line search; returns the iterations run. */
	private static int minimise(Objective f, double[] x) {
		int m = x.length;
		double[] g = new double[m], gNew = new double[m], dir = new double[m], xNew = new double[m];
		double[][] s = new double[MEMORY][m], yv = new double[MEMORY][m];
		double[] rho = new double[MEMORY], alpha = new double[MEMORY];
		double fx = f.valueAndGradient(x, g);
		int stored = 0, head = 0, it = 0, stalled = 0;
		while (it < MAX_ITERATIONS && maxAbs(g) > GRADIENT_TOLERANCE) {
			// two-loop recursion: dir = -H g
			for (int k = 0; k < m; k++) dir[k] = -g[k];
			for (int back = 0; back < stored; back++) {
				int k = Math.floorMod(head - 1 - back, MEMORY);
				alpha[k] = rho[k] * dot(s[k], dir);
				axpy(-alpha[k], yv[k], dir);
			}
			double gamma = 1;
			if (stored > 0) {
				int last = Math.floorMod(head - 1, MEMORY);
				gamma = dot(s[last], yv[last]) / dot(yv[last], yv[last]);
			}
			else gamma = 1 / Math.max(1, Math.sqrt(dot(g, g)));
			for (int k = 0; k < m; k++) dir[k] *= gamma;
			for (int fwd = stored - 1; fwd >= 0; fwd--) {
				int k = Math.floorMod(head - 1 - fwd, MEMORY);
				double beta = rho[k] * dot(yv[k], dir);
				axpy(alpha[k] - beta, s[k], dir);
			}
			double slope = dot(g, dir);
			if (!(slope < 0)) { // not a descent direction (numerical): restart from steepest descent
				stored = 0;
				for (int k = 0; k < m; k++) dir[k] = -g[k] / Math.max(1, Math.sqrt(dot(g, g)));
				slope = dot(g, dir);
			}
			double step = 1, fNew = Double.NaN;
			boolean accepted = false;
			for (int tries = 0; tries < 60; tries++) {
				for (int k = 0; k < m; k++) xNew[k] = x[k] + step * dir[k];
				fNew = f.valueAndGradient(xNew, gNew);
				if (fNew <= fx + 1e-4 * step * slope) {
					accepted = true;
					break;
				}
				step *= 0.5;
			}
			if (!accepted) break; // no decrease left at double precision: converged as far as it goes
			int k = head;
			for (int j = 0; j < m; j++) {
				s[k][j] = xNew[j] - x[j];
				yv[k][j] = gNew[j] - g[j];
			}
			double sy = dot(s[k], yv[k]);
			if (sy > 1e-12 * Math.sqrt(dot(s[k], s[k]) * dot(yv[k], yv[k]))) {
				rho[k] = 1 / sy;
				head = (head + 1) % MEMORY;
				stored = Math.min(stored + 1, MEMORY);
			}
			System.arraycopy(xNew, 0, x, 0, m);
			System.arraycopy(gNew, 0, g, 0, m);
			stalled = fx - fNew <= RELATIVE_DECREASE * Math.max(1, Math.abs(fx)) ? stalled + 1 : 0;
			fx = fNew;
			it++;
			if (stalled >= 2) break;
		}
		return it;
	}

	private static void pack(Model warm, Basis basis, int nClasses, int width, double[] theta) {
		int free = nClasses == 2 ? 1 : nClasses, offset = nClasses - free;
		for (int r = 0; r < free; r++) {
			double[] w = warm.weights()[r + offset].clone();
			if (nClasses == 2) for (int j = 0; j < w.length; j++) w[j] -= warm.weights()[0][j];
			for (int j = 0; j < width; j++) theta[r * width + j] = basis == null ? w[j] : dot(basis.q[j], w);
			theta[free * width + r] = warm.bias()[r + offset] - (nClasses == 2 ? warm.bias()[0] : 0);
		}
	}

	private static Model unpack(double[] theta, Basis basis, int nClasses, int free, int width, int d, int iterations) {
		int offset = nClasses - free;
		double[][] w = new double[nClasses][d];
		double[] b = new double[nClasses];
		for (int r = 0; r < free; r++) {
			double[] row = w[r + offset];
			if (basis == null) System.arraycopy(theta, r * width, row, 0, d);
			else for (int k = 0; k < width; k++) axpy(theta[r * width + k], basis.q[k], row);
			b[r + offset] = theta[free * width + r];
		}
		if (free == nClasses) {
			// the softmax is unchanged by a shift common to all intercepts; scikit-learn's sum to zero
			double mean = Arrays.stream(b).average().orElse(0);
			for (int c = 0; c < nClasses; c++) b[c] -= mean;
		}
		return new Model(w, b, iterations);
	}

	static double[] softmaxInPlace(double[] z) {
		double max = Double.NEGATIVE_INFINITY;
		for (double v : z) max = Math.max(max, v);
		double sum = 0;
		for (int c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c] - max);
		for (int c = 0; c < z.length; c++) z[c] /= sum;
		return z;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	private static void axpy(double a, double[] x, double[] y) {
		for (int i = 0; i < y.length; i++) y[i] += a * x[i];
	}

	private static double maxAbs(double[] a) {
		double m = 0;
		for (double v : a) m = Math.max(m, Math.abs(v));
		return m;
	}
}
