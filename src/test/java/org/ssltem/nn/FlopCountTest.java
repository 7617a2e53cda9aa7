package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The FLOP count behind the benchmarks' utilisation figure, against published multiply-adds at 224 px:
 * ResNet18 1.81 G (torchvision, the same layout as ours); ResNet50 3.8 G (He et al. 2016, Table 1, two figures),
 * because our Keras layout strides the first 1×1 conv of a block ("v1"), while torchvision's 4.09 G is "v1.5",
 * striding the 3×3. The 1000-way fc layer in both (< 0.1 %) is not built here.
 */
class FlopCountTest {

	private static long forwardFlops(Architecture arch) {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 224, 224, 3)));
			NetworkBuilder nb = new NetworkBuilder(tf, 0, false);
			ResNet.build(nb, x, arch);
			return nb.forwardFlopsPerImage();
		}
	}

	@Test
	void resnet18MatchesTorchvision() {
		assertEquals(2 * 1.81e9, forwardFlops(Architecture.RESNET18), 0.01 * 2 * 1.81e9);
	}

	@Test
	void resnet50MatchesTorchvision() {
		assertEquals(2 * 3.8e9, forwardFlops(Architecture.RESNET50), 0.02 * 2 * 3.8e9);
	}
}
