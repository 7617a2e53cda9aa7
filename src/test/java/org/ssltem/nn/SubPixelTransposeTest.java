package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sub-pixel form of the 4×4 stride-2 transposed convolution computes what TF's Conv2DBackpropInput computes:
 * the output, and the gradients of a random linear loss of it with respect to the input and the kernel.
 */
class SubPixelTransposeTest {

	/** Output, input gradient and kernel gradient of one implementation on the same random tensors. */
	private static List<float[]> run(boolean subPixel, int n, int h, int w, int c, int f, long seed) {
		NativeSetup.prepare();
		SplittableRandom r = new SplittableRandom(seed);
		float[] x = random(r, n * h * w * c), k = random(r, 16 * f * c), up = random(r, n * 4 * h * w * f);
		try (Graph g = new Graph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
			Placeholder<TFloat32> kp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(4, 4, f, c)));
			Operand<TFloat32> y = subPixel ? NetworkBuilder.subPixelTranspose(tf, tf, xp, kp) : NetworkBuilder.backpropInputTranspose(tf, tf, xp, kp, 2);
			assertArrayEquals(new long[] { -1, 2L * h, 2L * w, f }, y.shape().asArray(), "static output shape");
			Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, tf.constant(Shape.of(n, 2L * h, 2L * w, f), org.tensorflow.ndarray.buffer.DataBuffers.of(up))),
				tf.constant(new int[] { 0, 1, 2, 3 }));
			Gradients grads = tf.gradients(loss, List.of(xp, kp));
			try (TFloat32 xt = Tensors.floats(Shape.of(n, h, w, c), x); TFloat32 kt = Tensors.floats(Shape.of(4, 4, f, c), k);
				Result res = s.runner().feed(xp, xt).feed(kp, kt).fetch(y).fetch(grads.dy(0)).fetch(grads.dy(1)).run())
			{
				return List.of(Tensors.toArray((TFloat32) res.get(0)), Tensors.toArray((TFloat32) res.get(1)), Tensors.toArray((TFloat32) res.get(2)));
			}
		}
	}

	private static float[] random(SplittableRandom r, int length) {
		float[] a = new float[length];
		for (int i = 0; i < a.length; i++) a[i] = (float) (2 * r.nextDouble() - 1);
		return a;
	}

	private static void assertClose(float[] expected, float[] actual, String what) {
		assertTrue(expected.length == actual.length, what + ": length " + actual.length + " != " + expected.length);
		double scale = 0;
		for (float e : expected) scale = Math.max(scale, Math.abs(e));
		assertTrue(scale > 0, what + ": all zero");
		for (int i = 0; i < expected.length; i++)
			assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-5 * scale,
				what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (scale " + scale + ")");
	}

	private static void assertSame(int n, int h, int w, int c, int f) {
		String shape = "n=" + n + " h=" + h + " w=" + w + " c=" + c + " f=" + f;
		List<float[]> reference = run(false, n, h, w, c, f, 11);
		List<float[]> subPixel = run(true, n, h, w, c, f, 11);
		assertClose(reference.get(0), subPixel.get(0), "output " + shape);
		assertClose(reference.get(1), subPixel.get(1), "input gradient " + shape);
		assertClose(reference.get(2), subPixel.get(2), "kernel gradient " + shape);
	}

	@Test
	void squareBatchOfTwoMoreChannelsThanFilters() {
		assertSame(2, 4, 4, 6, 3);
	}

	@Test
	void nonSquareFewerChannelsThanFilters() {
		assertSame(3, 3, 5, 2, 5);
	}

	@Test
	void singlePixelSingleFilter() {
		assertSame(1, 1, 1, 4, 1);
	}
}
