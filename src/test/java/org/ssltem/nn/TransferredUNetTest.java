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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferredUNetTest {

	private static final DecoderShape PAPER = new DecoderShape(TransferredUNet.PAPER_WIDTH, 1, DecoderShape.Stages.PAPER);

	@TempDir
	Path tmp;

	/** Fig. 10 of the paper for ResNet50: every decoder stage after its concatenation, and the output. */
	@Test
	void figure10ShapesForResNet50() {
		for (int size : new int[] { 224, 512, 1024 }) buildOnly(Architecture.RESNET50, size, size, 2, PAPER, net -> {
			assertShape(net.first().stages().get(0), size / 16, 1024 + 1024, size);
			assertShape(net.first().stages().get(1), size / 8, 512 + 512, size);
			assertShape(net.first().stages().get(2), size / 4, 256 + 256, size);
			assertShape(net.first().stages().get(3), size / 2, 128 + 64, size);
			assertShape(net.first().logits(), size, 1, size);
			assertShape(net.probabilities(), size, 1, size);
		});
	}

	@Test
	void resNet18CutAndMultiClassHead() {
		buildOnly(Architecture.RESNET18, 64, 96, 3, PAPER, net -> {
		assertArrayEquals(new long[] { -1, 4, 6, 1024 + 256 }, net.first().stages().get(0).shape().asArray());
		assertArrayEquals(new long[] { -1, 32, 48, 128 + 64 }, net.first().stages().get(3).shape().asArray());
		assertArrayEquals(new long[] { -1, 64, 96, 3 }, net.probabilities().shape().asArray());
		assertEquals(java.util.List.of("conv5_block2_out", "conv4_block2_out", "conv3_block2_out", "conv2_block2_out", "conv1_relu"),
			TransferredUNet.skipNames(Architecture.RESNET18));
		assertTrue(net.encoderVariables().contains("conv1_conv.kernel"));
		assertTrue(net.decoderVariables().contains("decoder_up1_deconv.kernel") && net.decoderVariables().contains("decoder_head.bias"));
		assertFalse(net.decoderVariables().stream().anyMatch(net.encoderVariables()::contains));
		});
	}

	/** The default width is half the paper's at every stage; the skips are the paper's. */
	@Test
	void defaultDecoderIsHalfAsWideAsThePapers() {
		assertArrayEquals(new int[] { 1024, 512, 256, 128 }, TransferredUNet.decoderFilters(TransferredUNet.PAPER_WIDTH));
		assertArrayEquals(new int[] { 512, 256, 128, 64 }, TransferredUNet.decoderFilters(TransferredUNet.DEFAULT_WIDTH));
		assertArrayEquals(new int[] { 256, 128, 64, 32 }, TransferredUNet.decoderFilters(256));
		buildOnly(Architecture.RESNET18, 224, 224, 2, new DecoderShape(TransferredUNet.DEFAULT_WIDTH, 1, DecoderShape.Stages.PAPER), net -> {
			assertShape(net.first().stages().get(0), 14, 512 + 256, 224);
			assertShape(net.first().stages().get(1), 28, 256 + 128, 224);
			assertShape(net.first().stages().get(2), 56, 128 + 64, 224);
			assertShape(net.first().stages().get(3), 112, 64 + 64, 224);
			assertShape(net.probabilities(), 224, 1, 224);
		});
		buildOnly(Architecture.RESNET18, 224, 224, 2, DecoderShape.DEFAULT, net -> {
			assertShape(net.first().stages().get(0), 14, 512, 224);
			assertShape(net.first().stages().get(3), 112, 64, 224);
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
		try (SegmenterGraph g = SegmenterGraph.build(Architecture.RESNET18, s, s, 2, DecoderShape.DEFAULT, true, SegmentationLoss.Kind.DICE_CE, 7,
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
			try (SegmenterGraph inference = SegmenterGraph.build(Architecture.RESNET18, s, s, 2, DecoderShape.DEFAULT, false, null, 99,
				Device.choose(Device.Preference.CPU).sessionConfig(2)))
			{
				inference.initialize();
				inference.restoreDecoder(ckpt, false);
				Map<String, float[]> restored = inference.values(inference.decoderVariables);
				for (String name : decoderAfter.keySet()) assertArrayEquals(decoderAfter.get(name), restored.get(name), name);
			}
		}
	}

	/**
	 * An ensemble's members have their own variables and initial weights, its output is the mean of theirs, and a
	 * member's step trains that member alone; a single decoder has no member variables beyond the first's names.
	 */
	@Test
	void anEnsembleAveragesMembersThatStartApartAndAllTrain() {
		int s = 64, n = 2;
		try (SegmenterGraph g = SegmenterGraph.build(Architecture.RESNET18, s, s, 2, new DecoderShape(32, 2, DecoderShape.Stages.REFINED), true, SegmentationLoss.Kind.DICE_CE, 7,
			Device.choose(Device.Preference.CPU).sessionConfig(2)))
		{
			assertEquals(2, g.network.members().size());
			assertTrue(g.decoderVariables.containsKey("decoder_up1_deconv.kernel") && g.decoderVariables.containsKey("decoder2_up1_deconv.kernel")
				&& g.decoderVariables.containsKey("decoder2_head.bias"), g.decoderVariables.keySet().toString());
			g.initialize();
			Map<String, float[]> before = g.values(g.decoderVariables);
			assertFalse(Arrays.equals(before.get("decoder_up1_deconv.kernel"), before.get("decoder2_up1_deconv.kernel")),
				"the members start from the same weights");

			SplittableRandom r = new SplittableRandom(3);
			float[] x = new float[n * s * s], t = new float[n * s * s];
			for (int i = 0; i < x.length; i++) {
				x[i] = (float) r.nextDouble();
				t[i] = x[i] > 0.6f ? 1f : 0f;
			}
			try (TFloat32 xi = Tensors.floats(Shape.of(n, s, s, 1), x);
				org.tensorflow.Result out = g.session.runner().feed(g.input(), xi).fetch(g.network.probabilities())
					.fetch(g.network.members().get(0).probabilities()).fetch(g.network.members().get(1).probabilities()).run())
			{
				float[] mean = Tensors.toArray((TFloat32) out.get(0)), a = Tensors.toArray((TFloat32) out.get(1)), b = Tensors.toArray((TFloat32) out.get(2));
				double apart = 0;
				for (int i = 0; i < mean.length; i++) {
					assertEquals((a[i] + b[i]) / 2, mean[i], 1e-6, "pixel " + i);
					apart = Math.max(apart, Math.abs(a[i] - b[i]));
				}
				assertTrue(apart > 1e-3, "the members predict alike: " + apart);
			}
			try (TFloat32 xi = Tensors.floats(Shape.of(n, s, s, 1), x); TFloat32 ti = Tensors.floats(Shape.of(n, s, s, 1), t)) {
				assertThrows(IllegalStateException.class, () -> g.step(xi, ti, 1e-3f), "an ensemble steps one member at a time");
				assertTrue(Float.isFinite(g.step(1, xi, ti, 1e-3f)));
				Map<String, float[]> afterSecond = g.values(g.decoderVariables);
				for (String name : before.keySet())
					assertEquals(name.startsWith("decoder2_"), !Arrays.equals(before.get(name), afterSecond.get(name)),
						name + ": the second member's step changes the second member's variables and nothing else");
				assertTrue(Float.isFinite(g.step(0, xi, ti, 1e-3f)));
			}
			Map<String, float[]> after = g.values(g.decoderVariables);
			for (String name : List.of("decoder_up1_deconv.kernel", "decoder_head.bias", "decoder2_up1_deconv.kernel", "decoder2_head.bias"))
				assertFalse(Arrays.equals(before.get(name), after.get(name)), name + " did not train");
		}
		buildOnly(Architecture.RESNET18, 64, 64, 2, DecoderShape.DEFAULT, net -> {
			assertEquals(1, net.members().size());
			assertSame(net.first().probabilities(), net.probabilities());
			assertFalse(net.decoderVariables().stream().anyMatch(v -> v.startsWith("decoder2")));
		});
		assertThrows(IllegalArgumentException.class, () -> new DecoderShape(512, 0, DecoderShape.Stages.REFINED));
		assertThrows(IllegalArgumentException.class, () -> new DecoderShape(512, DecoderShape.MAX_MEMBERS + 1, DecoderShape.Stages.REFINED));
	}

	/**
	 * The refined decoder (the default) has a 3×3 convolution, batch norm and ReLU after each joined skip, keeping the
	 * stage's filters, and the paper's head; the paper's decoder has no such convolution.
	 */
	@Test
	void theRefinedDecoderConvolvesEachJoinedSkip() {
		buildOnly(Architecture.RESNET18, 64, 96, 3, DecoderShape.DEFAULT, net -> {
			for (int stage = 1; stage <= TransferredUNet.STAGES; stage++)
				for (String v : List.of("_conv.kernel", "_conv_bn.gamma", "_conv_bn.moving_mean"))
					assertTrue(net.decoderVariables().contains("decoder_up" + stage + v), "decoder_up" + stage + v + " in " + net.decoderVariables());
			assertTrue(net.decoderVariables().contains("decoder_head.kernel") && net.decoderVariables().contains("decoder_head.bias"));
			assertArrayEquals(new long[] { -1, 64, 96, 3 }, net.probabilities().shape().asArray());
		});
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 64, 64, 1)));
			TransferredUNet.build(new NetworkBuilder(tf, 1, false), ResNet.greyToRgb(tf, x), Architecture.RESNET18, 2, DecoderShape.DEFAULT);
			// the last stage's convolution reads the 64 filters of its transposed convolution and the 64 of conv1_relu
			assertArrayEquals(new long[] { 3, 3, 64 + 64, 64 }, g.operation("decoder_up4_conv.kernel").output(0).shape().asArray());
		}
		buildOnly(Architecture.RESNET18, 64, 64, 2, PAPER, net ->
			assertFalse(net.decoderVariables().stream().anyMatch(v -> v.contains("_conv.")), net.decoderVariables().toString()));
		assertEquals(DecoderShape.Stages.PAPER, DecoderShape.Stages.parse(null), "segmenters written before the choice have the paper's decoder");
		assertEquals(DecoderShape.Stages.REFINED, DecoderShape.Stages.parse("refined"));
		assertThrows(IllegalArgumentException.class, () -> DecoderShape.Stages.parse("deep"));
	}

	/** Builds the graph without a session (no weights are computed) and checks it while the graph is open. */
	private static void buildOnly(Architecture arch, int h, int w, int classes, DecoderShape decoder, java.util.function.Consumer<TransferredUNet.Network> check) {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, 1)));
			check.accept(TransferredUNet.build(new NetworkBuilder(tf, 1, false), ResNet.greyToRgb(tf, x), arch, classes, decoder));
		}
	}

	private static void assertShape(Operand<TFloat32> o, int side, int channels, int input) {
		assertArrayEquals(new long[] { -1, side, side, channels }, o.shape().asArray(), "input " + input);
	}
}
