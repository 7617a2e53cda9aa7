package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.Locale;

/**
 * Self-supervised losses on two batches of projections z1, z2 (N × D), each in two variants:
 * <ul>
 * <li>{@link Variant#PAPER}: as the paper's notebook computes it (the default);</li>
 * <li>{@link Variant#ORIGINAL}: as the original SimCLR / Barlow Twins papers define it.</li>
 * </ul>
 * Generic in the float type so the same graph code is checked in float64 against the PyTorch reference.
 */
public final class SslLoss {

	public enum Method {
		BARLOW("barlow"), SIMCLR("simclr");

		public final String key;

		Method(String key) {
			this.key = key;
		}

		public static Method parse(String s) {
			String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
			if (k.equals("barlow-twins") || k.equals("barlowtwins")) return BARLOW;
			for (Method m : values())
				if (m.key.equals(k)) return m;
			throw UserInputException.option("unknown method '" + s + "'; valid values: barlow, simclr", "pass {{method}} barlow or {{method}} simclr");
		}
	}

	public enum Variant {
		PAPER("paper"), ORIGINAL("original");

		public final String key;

		Variant(String key) {
			this.key = key;
		}

		public static Variant parse(String s) {
			String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
			for (Variant v : values())
				if (v.key.equals(k)) return v;
			throw UserInputException.option("unknown loss variant '" + s + "'; valid values: paper, original",
				"pass {{loss_variant}} paper (the paper's notebook) or {{loss_variant}} original");
		}
	}

	private SslLoss() {}

	public static <T extends TFloating> Operand<T> build(Ops tf, Method method, Variant variant, Operand<T> z1, Operand<T> z2,
		double temperature, double lambda, Class<T> type)
	{
		return switch (method) {
			case BARLOW -> barlowTwins(tf, variant, z1, z2, lambda, type);
			case SIMCLR -> variant == Variant.PAPER ? simclrPaper(tf, z1, z2, temperature, type) : ntXent(tf, z1, z2, temperature, type);
		};
	}

	/**
	 * Barlow Twins. Each feature is standardised over the batch (biased std), C = z1nᵀ z2n / N.
	 * Paper: Σ_i (1−C_ii)² / D + λ Σ_{i≠j} C_ij² / (D(D−1)). Original: Σ_i (1−C_ii)² + λ Σ_{i≠j} C_ij².
	 */
	public static <T extends TFloating> Operand<T> barlowTwins(Ops tf, Variant variant, Operand<T> z1, Operand<T> z2, double lambda, Class<T> type) {
		Operand<T> n = tf.dtypes.cast(tf.gather(tf.shape(z1), tf.constant(0), tf.constant(0)), type);
		Operand<T> d = tf.dtypes.cast(tf.gather(tf.shape(z1), tf.constant(1), tf.constant(0)), type);
		Operand<T> z1n = standardize(tf, z1, type);
		Operand<T> z2n = standardize(tf, z2, type);
		// diag(C) without forming C twice: C_ii = Σ_n z1n[n,i] z2n[n,i] / N
		Operand<T> diag = tf.math.div(tf.reduceSum(tf.math.mul(z1n, z2n), tf.constant(0)), n);
		Operand<T> c = tf.math.div(tf.linalg.matMul(z1n, z2n, org.tensorflow.op.linalg.MatMul.transposeA(true)), n);
		Operand<T> one = cst(tf, 1.0, type);
		Operand<T> onDiagonal = sumAll(tf, tf.math.square(tf.math.sub(one, diag)));
		Operand<T> offDiagonal = tf.math.sub(sumAll(tf, tf.math.square(c)), sumAll(tf, tf.math.square(diag)));
		Operand<T> lam = cst(tf, lambda, type);
		if (variant == Variant.ORIGINAL) return tf.withName("barlow_twins_loss").math.add(onDiagonal, tf.math.mul(lam, offDiagonal));
		Operand<T> pairs = tf.math.mul(d, tf.math.sub(d, one));
		return tf.withName("barlow_twins_loss").math.add(tf.math.div(onDiagonal, d), tf.math.mul(lam, tf.math.div(offDiagonal, pairs)));
	}

	/**
	 * SimCLR as the paper's notebook: S = l2n(z1) l2n(z2)ᵀ / t; cross-entropy of the rows of [S; Sᵀ] with the
	 * diagonal as the label, mean over the 2N rows.
	 */
	public static <T extends TFloating> Operand<T> simclrPaper(Ops tf, Operand<T> z1, Operand<T> z2, double temperature, Class<T> type) {
		Operand<T> s = tf.math.div(tf.linalg.matMul(l2Normalize(tf, z1, type), l2Normalize(tf, z2, type),
			org.tensorflow.op.linalg.MatMul.transposeB(true)), cst(tf, temperature, type));
		Operand<T> logits = tf.concat(java.util.List.of(s, tf.linalg.transpose(s, tf.constant(new int[] { 1, 0 }))), tf.constant(0));
		Operand<TInt32> n = tf.gather(tf.shape(z1), tf.constant(0), tf.constant(0));
		Operand<TInt32> diagonal = tf.range(tf.constant(0), n, tf.constant(1));
		Operand<TInt32> labels = tf.concat(java.util.List.of(diagonal, diagonal), tf.constant(0));
		return tf.withName("simclr_loss").math.mean(crossEntropy(tf, logits, labels, type), tf.constant(0));
	}

	/**
	 * NT-Xent over the 2N views (Chen et al. 2020): each view's positive is its partner, every other view of the
	 * batch is a negative, self-similarity excluded; mean over 2N.
	 */
	public static <T extends TFloating> Operand<T> ntXent(Ops tf, Operand<T> z1, Operand<T> z2, double temperature, Class<T> type) {
		Operand<T> z = tf.concat(java.util.List.of(l2Normalize(tf, z1, type), l2Normalize(tf, z2, type)), tf.constant(0));
		Operand<T> sim = tf.math.div(tf.linalg.matMul(z, z, org.tensorflow.op.linalg.MatMul.transposeB(true)), cst(tf, temperature, type));
		Operand<TInt32> n = tf.gather(tf.shape(z1), tf.constant(0), tf.constant(0));
		Operand<TInt32> twoN = tf.math.mul(n, tf.constant(2));
		Operand<TInt32> rows = tf.range(tf.constant(0), twoN, tf.constant(1));
		// exclude i == j by pushing those logits far below every other one
		Operand<T> self = tf.oneHot(rows, twoN, cst(tf, 1e9, type), cst(tf, 0.0, type));
		Operand<TInt32> partner = tf.math.floorMod(tf.math.add(rows, n), twoN);
		Operand<T> perRow = crossEntropy(tf, tf.math.sub(sim, self), partner, type);
		return tf.withName("simclr_loss").math.mean(perRow, tf.constant(0));
	}

	/**
	 * Per-row softmax cross-entropy with integer labels: logsumexp(row) − row[label]. Built from primitive ops
	 * because TF's C++ gradient registry, which TF Java uses, has no gradient for
	 * SparseSoftmaxCrossEntropyWithLogits. The row maximum is held constant (stop-gradient): it cancels out of
	 * the value and of the gradient, and only keeps exp() from overflowing.
	 */
	static <T extends TFloating> Operand<T> crossEntropy(Ops tf, Operand<T> logits, Operand<TInt32> labels, Class<T> type) {
		Operand<T> max = tf.stopGradient(tf.max(logits, tf.constant(1), org.tensorflow.op.core.Max.keepDims(true)));
		Operand<T> shifted = tf.math.sub(logits, max);
		Operand<T> logSumExp = tf.math.log(tf.reduceSum(tf.math.exp(shifted), tf.constant(1)));
		Operand<TInt32> classes = tf.gather(tf.shape(logits), tf.constant(1), tf.constant(0));
		Operand<T> picked = tf.reduceSum(tf.math.mul(shifted, tf.oneHot(labels, classes, cst(tf, 1.0, type), cst(tf, 0.0, type))), tf.constant(1));
		return tf.math.sub(logSumExp, picked);
	}

	private static <T extends TFloating> Operand<T> standardize(Ops tf, Operand<T> z, Class<T> type) {
		Operand<T> mean = tf.math.mean(z, tf.constant(0), Mean.keepDims(true));
		Operand<T> centered = tf.math.sub(z, mean);
		Operand<T> variance = tf.math.mean(tf.math.square(centered), tf.constant(0), Mean.keepDims(true));
		// the tiny floor only matters for a feature that is constant over the batch (it then stays 0, not NaN)
		return tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, cst(tf, 1e-12, type))));
	}

	private static <T extends TFloating> Operand<T> l2Normalize(Ops tf, Operand<T> z, Class<T> type) {
		Operand<T> sq = tf.reduceSum(tf.math.square(z), tf.constant(1), ReduceSum.keepDims(true));
		return tf.math.mul(z, tf.math.rsqrt(tf.math.maximum(sq, cst(tf, 1e-12, type))));
	}

	private static <T extends TFloating> Operand<T> sumAll(Ops tf, Operand<T> x) {
		return tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
	}

	private static <T extends TFloating> Operand<T> cst(Ops tf, double v, Class<T> type) {
		return tf.dtypes.cast(tf.constant(v), type);
	}
}
