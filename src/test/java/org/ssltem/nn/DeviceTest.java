package org.ssltem.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This machine has no GPU: every preference must end on the CPU, saying why, and the CPU must work. */
class DeviceTest {

	@Test
	void gpuRequestFallsBackToTheCpuWithAReason() {
		Device d = Device.choose(Device.Preference.GPU);
		assertEquals(Device.Kind.CPU, d.kind());
		assertTrue(d.description().startsWith("CPU (GPU requested but no usable GPU: "), d.description());
		assertTrue(d.description().contains(Device.gpuBuildLoaded() ? "CUDA 12 device" : "CPU build"), d.description());
		// and the fallback config really runs a graph
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18, 32, 1, d.sessionConfig(2))) {
			assertEquals(2 * 512, g.features(new float[2 * 32 * 32], 2).length);
		}
	}

	/**
	 * Batch-1 graphs run without Grappler's remapper (its fused conv + inference batch norm is ~10× slower there), the
	 * others keep it, and the choice changes no result: the inference encoder's features with and without it agree.
	 */
	@Test
	void remapperOffForBatchOneGivesTheSameFeatures() {
		var config = Device.choose(Device.Preference.CPU).sessionConfig(2);
		var off = Device.withoutRemapper(config);
		assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.DEFAULT, config.getGraphOptions().getRewriteOptions().getRemapping());
		assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.OFF, off.getGraphOptions().getRewriteOptions().getRemapping());
		assertEquals(2, off.getIntraOpParallelismThreads());
		assertEquals(config.getDeviceCountMap(), off.getDeviceCountMap());
		float[] x = new float[64 * 64];
		java.util.SplittableRandom r = new java.util.SplittableRandom(5);
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
		float[] plain, fused;
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18, 64, 3, off)) {
			plain = g.features(x, 1);
		}
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18, 64, 3, config)) {
			fused = g.features(x, 1);
		}
		assertEquals(fused.length, plain.length);
		double scale = 0;
		for (float v : fused) scale = Math.max(scale, Math.abs(v));
		assertTrue(scale > 0, "features are all zero");
		for (int i = 0; i < fused.length; i++)
			assertEquals(fused[i], plain[i], 1e-4 * scale, "feature " + i);
	}

	@Test
	void cpuRequestNeedsNoProbe() {
		assertEquals("CPU (requested)", Device.choose(Device.Preference.CPU).description());
	}

	@Test
	void unknownPreferenceListsTheValidOnes() {
		var e = org.junit.jupiter.api.Assertions.assertThrows(org.ssltem.core.UserInputException.class, () -> Device.Preference.parse("tpu"));
		assertTrue(e.getMessage().contains("auto, cpu, gpu"), e.getMessage());
	}
}
