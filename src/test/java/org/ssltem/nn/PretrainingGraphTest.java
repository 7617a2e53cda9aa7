package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainingGraphTest {

	private static final ConfigProto CPU = Device.choose(Device.Preference.CPU).sessionConfig(2);

	static PretrainingGraph.Spec spec(Architecture a, int size, SslLoss.Method m) {
		return new PretrainingGraph.Spec(a, size, new int[] { 32, 16, 64 }, m, SslLoss.Variant.PAPER, 0.1, 0.005, 7L);
	}

	static float[] randomViews(int images, int size, long seed) {
		Random r = new Random(seed);
		float[] v = new float[images * size * size];
		for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
		return v;
	}

	@Test
	void everyResNet18VariableGetsANonZeroGradient() {
		assertAllGradientsNonZero(Architecture.RESNET18, 60, 20); // conv1 + 8 blocks × 2 + 3 projection shortcuts
	}

	@Test
	void everyResNet50VariableGetsANonZeroGradient() {
		assertAllGradientsNonZero(Architecture.RESNET50, 160, 53);
	}

	/**
	 * @param minTrainable lower bound on the trainable count, so a builder that silently drops layers fails
	 * @param convLayers   number of convolution kernels the architecture has
	 */
	private static void assertAllGradientsNonZero(Architecture arch, int minTrainable, int convLayers) {
		try (PretrainingGraph g = PretrainingGraph.build(spec(arch, 32, SslLoss.Method.BARLOW), CPU)) {
			g.initialize();
			assertTrue(g.trainable.size() >= minTrainable, arch + " has only " + g.trainable.size() + " trainable variables");
			long kernels = g.variables.keySet().stream().filter(n -> n.endsWith("_conv.kernel")).count();
			assertEquals(convLayers, kernels, "convolution layers in " + arch);
			assertTrue(g.variables.keySet().stream().noneMatch(n -> n.contains("/")));
			try (TFloat32 x = Tensors.floats(Shape.of(8, 32, 32, 1), randomViews(8, 32, 1))) {
				var runner = g.session.runner().feed(g.views, x);
				g.gradients.forEach(runner::fetch);
				List<String> zero = new ArrayList<>();
				try (Result r = runner.run()) {
					for (int i = 0; i < g.gradients.size(); i++) {
						float[] grad = Tensors.toArray((TFloat32) r.get(i));
						double maxAbs = 0;
						for (float v : grad) {
							assertFalse(Float.isNaN(v), "NaN gradient for " + g.trainable.get(i).op().name());
							maxAbs = Math.max(maxAbs, Math.abs(v));
						}
						if (maxAbs == 0) zero.add(g.trainable.get(i).op().name());
					}
				}
				assertTrue(zero.isEmpty(), "variables with an all-zero gradient: " + zero);
			}
		}
	}

	/** Every method and loss variant must be trainable: TF Java only has the C++ gradient registry. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource({ "BARLOW,PAPER", "BARLOW,ORIGINAL", "SIMCLR,PAPER", "SIMCLR,ORIGINAL" })
	void everyLossHasGradientsAndOneStepChangesTheWeights(SslLoss.Method method, SslLoss.Variant variant) {
		var s = new PretrainingGraph.Spec(Architecture.RESNET18, 32, new int[] { 16, 16, 32 }, method, variant, 0.1, 0.005, 7L);
		try (PretrainingGraph g = PretrainingGraph.build(s, CPU); TFloat32 x = Tensors.floats(Shape.of(8, 32, 32, 1), randomViews(8, 32, 9))) {
			g.initialize();
			float before = g.evaluateLoss(x);
			assertTrue(Float.isFinite(before), method + "/" + variant + " loss " + before);
			g.step(x, 0.01f, 1);
			assertTrue(g.evaluateLoss(x) != before, "a step changed nothing for " + method + "/" + variant);
		}
	}

	/** The paper's SGD, and the scale-free optimizers at the step sizes the README suggests for them. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource({ "SGD,0,0.05", "SGD,0.9,0.05", "ADAM,0,0.001", "LARS,0.9,0.2" })
	void aFewBarlowStepsOnATinyBatchReduceTheLoss(WeightUpdates.Kind kind, double momentum, float lr) {
		var s = spec(Architecture.RESNET18, 32, SslLoss.Method.BARLOW);
		var withOptimizer = new PretrainingGraph.Spec(s.architecture(), s.inputSize(), s.projector(), s.method(), s.variant(), s.temperature(),
			s.lambda(), s.seed(), new WeightUpdates.Settings(kind, momentum, 0));
		try (PretrainingGraph g = PretrainingGraph.build(withOptimizer, CPU)) {
			g.initialize();
			// the two views are two noisy copies of the same images, so there is something to agree on
			float[] base = randomViews(8, 32, 3);
			float[] views = new float[2 * base.length];
			Random r = new Random(4);
			for (int i = 0; i < base.length; i++) {
				views[i] = base[i] + 0.05f * (float) r.nextGaussian();
				views[base.length + i] = base[i] + 0.05f * (float) r.nextGaussian();
			}
			try (TFloat32 x = Tensors.floats(Shape.of(16, 32, 32, 1), views)) {
				float first = g.evaluateLoss(x);
				for (int i = 0; i < 5; i++) g.step(x, lr, i + 1);
				float after = g.evaluateLoss(x);
				assertTrue(after < first * 0.9f, kind + ": loss went from " + first + " to " + after);
			}
		}
	}
}
