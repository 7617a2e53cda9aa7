package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

import java.util.Locale;

/**
 * Segmentation losses, built from primitive ops (every one has a gradient in TF's C++ registry).
 * <ul>
 * <li>{@link Kind#DICE}: 1 − soft Dice over the whole batch, tp = Σ t·p, Dice = (2tp + s)/(Σt + Σp + s), s = 1e-6
 * (the paper's notebook);</li>
 * <li>{@link Kind#DICE_CE}: that plus the mean pixel cross-entropy (binary from the logits, numerically stable;
 * softmax cross-entropy for C classes).</li>
 * </ul>
 * Sparse labels: only labelled pixels count. A binary target of −1, or an all-zero one-hot row, marks an unlabelled
 * pixel; it adds nothing to Dice's sums and nothing to the cross-entropy, whose mean is over the labelled pixels. With
 * every pixel labelled both losses are exactly the dense ones.
 */
public final class SegmentationLoss {

	public static final double SMOOTH = 1e-6;

	public enum Kind {
		DICE("dice"), DICE_CE("dice_ce");

		public final String key;

		Kind(String key) {
			this.key = key;
		}

		public static Kind parse(String s) {
			String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('+', '_').replace('-', '_');
			for (Kind kind : values())
				if (kind.key.equals(k)) return kind;
			throw UserInputException.option("unknown loss '" + s + "'; valid values: dice, dice_ce", "pass {{loss}} dice (the paper) or {{loss}} dice_ce");
		}
	}

	private SegmentationLoss() {}

	/**
	 * @param logits  [N,H,W,1] (binary) or [N,H,W,C]
	 * @param targets same shape: 0/1 (−1 unlabelled) for binary, one-hot (all zero unlabelled) for C classes
	 */
	public static Operand<TFloat32> build(Ops tf, Kind kind, Operand<TFloat32> logits, Operand<TFloat32> probabilities, Operand<TFloat32> targets) {
		Operand<TFloat32> labelled = labelled(tf, targets);
		Operand<TFloat32> t = tf.math.mul(targets, labelled); // −1 becomes 0; one-hot rows are unchanged
		Operand<TFloat32> loss = tf.math.sub(tf.constant(1f), softDice(tf, tf.math.mul(probabilities, labelled), t));
		if (kind == Kind.DICE_CE) loss = tf.math.add(loss, crossEntropy(tf, logits, t, labelled));
		return tf.withName("segmentation_loss").identity(loss);
	}

	/** [N,H,W,1]: 1 where the pixel is labelled, 0 where not. */
	public static Operand<TFloat32> labelled(Ops tf, Operand<TFloat32> targets) {
		if (channels(targets) == 1) return tf.dtypes.cast(tf.math.greaterEqual(targets, tf.constant(0f)), TFloat32.class);
		return tf.reduceSum(targets, tf.constant(-1), ReduceSum.keepDims(true));
	}

	public static Operand<TFloat32> softDice(Ops tf, Operand<TFloat32> p, Operand<TFloat32> t) {
		Operand<TFloat32> tp = sumAll(tf, tf.math.mul(p, t));
		Operand<TFloat32> s = tf.constant((float) SMOOTH);
		Operand<TFloat32> num = tf.math.add(tf.math.mul(tf.constant(2f), tp), s);
		Operand<TFloat32> den = tf.math.add(tf.math.add(sumAll(tf, t), sumAll(tf, p)), s);
		return tf.math.div(num, den);
	}

	/** Mean per-pixel cross-entropy from logits over the labelled pixels ({@code labelled} [N,H,W,1], 0 or 1). */
	public static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> t, Operand<TFloat32> labelled) {
		Operand<TFloat32> perPixel;
		if (channels(logits) == 1) {
			// max(x,0) − x·t + log(1 + exp(−|x|))
			perPixel = tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, t)),
				tf.math.log(tf.math.add(tf.constant(1f), tf.math.exp(tf.math.neg(tf.math.abs(logits))))));
		}
		else {
			Operand<TFloat32> max = tf.stopGradient(tf.max(logits, tf.constant(-1), org.tensorflow.op.core.Max.keepDims(true)));
			Operand<TFloat32> shifted = tf.math.sub(logits, max);
			Operand<TFloat32> logSumExp = tf.math.log(tf.reduceSum(tf.math.exp(shifted), tf.constant(-1), ReduceSum.keepDims(true)));
			perPixel = tf.reduceSum(tf.math.mul(t, tf.math.sub(logSumExp, shifted)), tf.constant(-1), ReduceSum.keepDims(true));
		}
		// an unlabelled pixel of a binary target is 0 after masking, so its term is masked here too
		Operand<TFloat32> count = tf.math.maximum(sumAll(tf, labelled), tf.constant(1f));
		return tf.math.div(sumAll(tf, tf.math.mul(perPixel, labelled)), count);
	}

	private static long channels(Operand<TFloat32> x) {
		return x.shape().get(x.shape().numDimensions() - 1);
	}

	private static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
		return tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
	}

}
