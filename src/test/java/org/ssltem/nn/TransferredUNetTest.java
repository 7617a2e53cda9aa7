package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferredUNetTest {

	@TempDir
	Path tmp;

	/** Fig. 10 of the paper for ResNet50: every decoder stage after its concatenation, and the output. */
	@Test
	void figure10ShapesForResNet50() {
		for (int size : new int[] { 224, 512, 1024 }) buildOnly(Architecture.RESNET50, size, size, 2, TransferredUNet.PAPER_WIDTH, net -> {
			assertShape(net.stages().get(0), size / 16, 1024 + 1024, size);
			assertShape(net.stages().get(1), size / 8, 512 + 512, size);
			assertShape(net.stages().get(2), size / 4, 256 + 256, size);
			assertShape(net.stages().get(3), size / 2, 128 + 64, size);
			assertShape(net.logits(), size, 1, size);
			assertShape(net.probabilities(), size, 1, size);
		});
	}

	@Test
	void resNet18CutAndMultiClassHead() {
		buildOnly(Architecture.RESNET18, 64, 96, 3, TransferredUNet.PAPER_WIDTH, net -> {
		assertArrayEquals(new long[] { -1, 4, 6, 1024 + 256 }, net.stages().get(0).shape().asArray());
		assertArrayEquals(new long[] { -1, 32, 48, 128 + 64 }, net.stages().get(3).shape().asArray());
		assertArrayEquals(new long[] { -1, 64, 96, 3 }, net.probabilities().shape().asArray());
		assertEquals(java.util.List.of("conv5_block2_out", "conv4_block2_out", "conv3_block2_out", "conv2_block2_out", "conv1_relu"),
			TransferredUNet.skipNames(Architecture.RESNET18));
		assertTrue(net.encoderVariables().contains("conv1_conv.kernel"));
		assertTrue(net.decoderVariables().contains("decoder_up1_deconv.kernel") && net.decoderVariables().contains("decoder_head.bias"));
		assertFalse(net.decoderVariables().stream().anyMatch(net.encoderVariables()::contains));
		});
	}

	/** The default decoder is half as wide at every stage; the skips and the head are the paper's. */
	@Test
	void defaultDecoderIsHalfAsWideAsThePapers() {
		assertArrayEquals(new int[] { 1024, 512, 256, 128 }, TransferredUNet.decoderFilters(TransferredUNet.PAPER_WIDTH));
		assertArrayEquals(new int[] { 512, 256, 128, 64 }, TransferredUNet.decoderFilters(TransferredUNet.DEFAULT_WIDTH));
		assertArrayEquals(new int[] { 256, 128, 64, 32 }, TransferredUNet.decoderFilters(256));
		buildOnly(Architecture.RESNET18, 224, 224, 2, TransferredUNet.DEFAULT_WIDTH, net -> {
			assertShape(net.stages().get(0), 14, 512 + 256, 224);
			assertShape(net.stages().get(1), 28, 256 + 128, 224);
			assertShape(net.stages().get(2), 56, 128 + 64, 224);
			assertShape(net.stages().get(3), 112, 64 + 64, 224);
			assertShape(net.probabilities(), 224, 1, 224);
		});
		for (int bad : new int[] { 0, 8, 100, 1020 })
			assertEquals("the decoder width must be a multiple of 8 and at least 16, got " + bad,
				org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TransferredUNet.decoderFilters(bad)).getMessage());
	}

	/** A few Adam steps change the decoder and leave every encoder variable (weights and BN statistics) bit-identical. */
	@Test
	void trainingChangesTheDecoderOnly() {
		int s = 64, n = 2;
		try (SegmenterGraph g = SegmenterGraph.build(Architecture.RESNET18, s, s, 2, TransferredUNet.DEFAULT_WIDTH, true, SegmentationLoss.Kind.DICE_CE, 7,
			Device.choose(Device.Preference.CPU).sessionConfig(2)))
		{
			g.initialize();
			Map<String, float[]> encoderBefore = g.values(g.encoderVariables);
			Map<String, float[]> decoderBefore = g.values(g.decoderVariables);
			SplittableRandom r = new SplittableRandom(3);
			float[] x = new float[n * s * s], t = new float[n * s * s];
			for (int i = 0; i < x.length; i++) {
				x[i] = (float) r.nextDouble();
				t[i] = x[i] > 0.6f ? 1f : 0f;
			}
			float first = 0, last = 0;
			for (int step = 0; step < 3; step++) {
				try (TFloat32 xi = Tensors.floats(Shape.of(n, s, s, 1), x); TFloat32 ti = Tensors.floats(Shape.of(n, s, s, 1), t)) {
					last = g.step(xi, ti, 1e-3f);
					if (step == 0) first = last;
				}
			}
			assertTrue(Float.isFinite(first) && Float.isFinite(last));
			Map<String, float[]> encoderAfter = g.values(g.encoderVariables);
			assertEquals(encoderBefore.keySet(), encoderAfter.keySet());
			assertTrue(encoderBefore.size() > 50, "resnet18 has many encoder variables: " + encoderBefore.size());
			for (String name : encoderBefore.keySet())
				assertArrayEquals(encoderBefore.get(name), encoderAfter.get(name), "encoder variable changed: " + name);
			Map<String, float[]> decoderAfter = g.values(g.decoderVariables);
			int changed = 0;
			for (String name : decoderBefore.keySet())
				if (!Arrays.equals(decoderBefore.get(name), decoderAfter.get(name))) changed++;
			// every kernel, gamma, beta and bias, and the decoder's moving statistics
			assertEquals(decoderBefore.size(), changed, "decoder variables changed");

			Path ckpt = tmp.resolve("decoder");
			g.saveDecoder(ckpt, false);
			try (SegmenterGraph inference = SegmenterGraph.build(Architecture.RESNET18, s, s, 2, TransferredUNet.DEFAULT_WIDTH, false, null, 99,
				Device.choose(Device.Preference.CPU).sessionConfig(2)))
			{
				inference.initialize();
				inference.restoreDecoder(ckpt, false);
				Map<String, float[]> restored = inference.values(inference.decoderVariables);
				for (String name : decoderAfter.keySet()) assertArrayEquals(decoderAfter.get(name), restored.get(name), name);
			}
		}
	}

	/** Builds the graph without a session (no weights are computed) and checks it while the graph is open. */
	private static void buildOnly(Architecture arch, int h, int w, int classes, int decoderWidth, java.util.function.Consumer<TransferredUNet.Network> check) {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, 1)));
			check.accept(TransferredUNet.build(new NetworkBuilder(tf, 1, false), ResNet.greyToRgb(tf, x), arch, classes, decoderWidth));
		}
	}

	private static void assertShape(Operand<TFloat32> o, int side, int channels, int input) {
		assertArrayEquals(new long[] { -1, side, side, channels }, o.shape().asArray(), "input " + input);
	}
}
