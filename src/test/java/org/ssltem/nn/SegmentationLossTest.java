package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Sparse labels: unlabelled pixels (binary target −1, one-hot row all zero) add nothing to Dice or cross-entropy.
 * The loss over a sparse image equals the dense loss over its labelled pixels alone, and does not move when the
 * predictions at unlabelled pixels change.
 */
class SegmentationLossTest {

	static final int H = 6, W = 7;

	@Test
	void binaryLossCountsOnlyLabelledPixels() {
		for (SegmentationLoss.Kind kind : SegmentationLoss.Kind.values()) {
			SplittableRandom r = new SplittableRandom(3);
			float[] logits = new float[H * W], targets = new float[H * W];
			int labelled = 0;
			for (int i = 0; i < logits.length; i++) {
				logits[i] = (float) (2 * r.nextGaussian());
				targets[i] = i % 3 == 0 ? -1f : r.nextBoolean() ? 1f : 0f;
				if (targets[i] >= 0) labelled++;
			}
			float[] subsetLogits = new float[labelled], subsetTargets = new float[labelled];
			for (int i = 0, k = 0; i < logits.length; i++)
				if (targets[i] >= 0) {
					subsetLogits[k] = logits[i];
					subsetTargets[k++] = targets[i];
				}
			double sparse = loss(kind, logits, targets, Shape.of(1, H, W, 1));
			double dense = loss(kind, subsetLogits, subsetTargets, Shape.of(1, 1, labelled, 1));
			assertEquals(dense, sparse, 1e-5, kind + ": sparse loss = dense loss over the labelled pixels");
			float[] changed = logits.clone();
			for (int i = 0; i < changed.length; i++) if (targets[i] < 0) changed[i] = -changed[i] + 5f;
			assertEquals(sparse, loss(kind, changed, targets, Shape.of(1, H, W, 1)), 1e-6, kind + ": unlabelled predictions do not enter the loss");
			// the same pixels labelled as background do change it: the masking is what makes the difference
			float[] asBackground = targets.clone();
			for (int i = 0; i < asBackground.length; i++) if (asBackground[i] < 0) asBackground[i] = 0f;
			assertNotEquals(sparse, loss(kind, logits, asBackground, Shape.of(1, H, W, 1)), 1e-3);
		}
	}

	@Test
	void multiClassLossCountsOnlyLabelledPixels() {
		int c = 3;
		for (SegmentationLoss.Kind kind : SegmentationLoss.Kind.values()) {
			SplittableRandom r = new SplittableRandom(5);
			float[] logits = new float[H * W * c], targets = new float[H * W * c];
			int labelled = 0;
			for (int p = 0; p < H * W; p++) {
				for (int k = 0; k < c; k++) logits[p * c + k] = (float) r.nextGaussian();
				if (p % 4 != 1) {
					targets[p * c + r.nextInt(c)] = 1f;
					labelled++;
				}
			}
			float[] subsetLogits = new float[labelled * c], subsetTargets = new float[labelled * c];
			for (int p = 0, q = 0; p < H * W; p++)
				if (p % 4 != 1) {
					System.arraycopy(logits, p * c, subsetLogits, q * c, c);
					System.arraycopy(targets, p * c, subsetTargets, q * c, c);
					q++;
				}
			double sparse = loss(kind, logits, targets, Shape.of(1, H, W, c));
			assertEquals(loss(kind, subsetLogits, subsetTargets, Shape.of(1, 1, labelled, c)), sparse, 1e-5, kind.key);
			float[] changed = logits.clone();
			for (int p = 1; p < H * W; p += 4) changed[p * c] += 4f;
			assertEquals(sparse, loss(kind, changed, targets, Shape.of(1, H, W, c)), 1e-6, kind + ": unlabelled predictions do not enter the loss");
		}
	}

	/** The loss of the graph's own formula: probabilities are sigmoid/softmax of the logits, as in TransferredUNet. */
	static double loss(SegmentationLoss.Kind kind, float[] logits, float[] targets, Shape shape) {
		try (Graph g = new Graph(); Session s = new Session(g); TFloat32 x = Tensors.floats(shape, logits); TFloat32 t = Tensors.floats(shape, targets)) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> lx = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
			Placeholder<TFloat32> tx = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
			Operand<TFloat32> p = shape.get(3) == 1 ? tf.math.sigmoid(lx) : tf.nn.softmax(lx);
			Operand<TFloat32> loss = SegmentationLoss.build(tf, kind, lx, p, tx);
			try (Result res = s.runner().feed(lx, x).feed(tx, t).fetch(loss).run()) {
				return ((TFloat32) res.get(0)).getFloat();
			}
		}
	}
}
