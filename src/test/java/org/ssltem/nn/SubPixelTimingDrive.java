package org.ssltem.nn;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Times one 4×4 stride-2 transposed convolution, Conv2DBackpropInput against the sub-pixel form, by hand (not a test):
 * {@code mvn -o -q test-compile && java -cp "target/classes:target/test-classes:$(cat cp.txt)" org.ssltem.nn.SubPixelTimingDrive [n h w c f rounds]}
 * (cp.txt from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt}). Default: [2,32,32,512] to
 * [2,64,64,256], the decoder's third stage at 512 px. Forward, and forward plus the gradients of the input and
 * the kernel; the two forms run alternately, so a busy machine slows both alike; the ratio is what to read.
 */
public final class SubPixelTimingDrive {

	private record Timed(Graph graph, Session session, Placeholder<TFloat32> x, Placeholder<TFloat32> k, Operand<TFloat32> y,
		List<Operand<?>> grads) implements AutoCloseable {
		public void close() {
			session.close();
			graph.close();
		}
	}

	private static Timed build(boolean subPixel, int h, int w, int c, int f) {
		Graph g = new Graph();
		Ops tf = Ops.create(g);
		Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
		Placeholder<TFloat32> k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(4, 4, f, c)));
		Operand<TFloat32> y = subPixel ? NetworkBuilder.subPixelTranspose(tf, tf, x, k) : NetworkBuilder.backpropInputTranspose(tf, tf, x, k, 2);
		Operand<TFloat32> loss = tf.reduceSum(tf.math.square(y), tf.constant(new int[] { 0, 1, 2, 3 }));
		Gradients gr = tf.gradients(loss, List.of(x, k));
		return new Timed(g, new Session(g, Device.choose(Device.Preference.CPU).sessionConfig(2)), x, k, y, List.of(gr.dy(0), gr.dy(1)));
	}

	private static double seconds(Timed t, TFloat32 x, TFloat32 k, boolean backward, int repeats) {
		long t0 = System.nanoTime();
		for (int i = 0; i < repeats; i++) {
			var runner = t.session.runner().feed(t.x, x).feed(t.k, k);
			if (backward) t.grads.forEach(runner::fetch);
			else runner.fetch(t.y);
			runner.run().close();
		}
		return (System.nanoTime() - t0) / 1e9 / repeats;
	}

	public static void main(String[] args) {
		NativeSetup.prepare();
		int[] a = { 2, 32, 32, 512, 256, 5 };
		for (int i = 0; i < args.length && i < a.length; i++) a[i] = Integer.parseInt(args[i]);
		int n = a[0], h = a[1], w = a[2], c = a[3], f = a[4], rounds = a[5];
		double gflop = 2.0 * n * h * w * 16 * c * f / 1e9;
		System.out.printf("input [%d,%d,%d,%d] -> output [%d,%d,%d,%d], forward %.2f GFLOP%n", n, h, w, c, n, 2 * h, 2 * w, f, gflop);
		SplittableRandom r = new SplittableRandom(1);
		float[] xv = new float[n * h * w * c], kv = new float[16 * f * c];
		for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
		for (int i = 0; i < kv.length; i++) kv[i] = (float) (r.nextGaussian() * 0.02);
		try (Timed old = build(false, h, w, c, f); Timed sub = build(true, h, w, c, f);
			TFloat32 x = Tensors.floats(Shape.of(n, h, w, c), xv); TFloat32 k = Tensors.floats(Shape.of(4, 4, f, c), kv))
		{
			for (boolean backward : new boolean[] { false, true }) {
				seconds(old, x, k, backward, 1);
				seconds(sub, x, k, backward, 1);
				double sumOld = 0, sumSub = 0;
				for (int round = 0; round < rounds; round++) {
					double to = seconds(old, x, k, backward, 3), ts = seconds(sub, x, k, backward, 3);
					sumOld += to;
					sumSub += ts;
					System.out.printf("%s round %d: backprop-input %.1f ms, sub-pixel %.1f ms, ratio %.2f%n",
						backward ? "forward+backward" : "forward", round, to * 1e3, ts * 1e3, to / ts);
				}
				double fl = backward ? 3 * gflop : gflop;
				System.out.printf("%s mean: backprop-input %.1f ms (%.1f GFLOP/s), sub-pixel %.1f ms (%.1f GFLOP/s), ratio %.2f%n",
					backward ? "forward+backward" : "forward", sumOld / rounds * 1e3, fl * rounds / sumOld, sumSub / rounds * 1e3,
					fl * rounds / sumSub, sumOld / sumSub);
			}
		}
	}
}
