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
