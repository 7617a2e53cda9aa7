package org.ssltem.interop;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.tensorflow.ndarray.Shape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Names and shapes: torchvision names map onto SSL-TEM's Keras-style variables, and every misfit is named. */
class ResNetWeightMappingTest {

	static final Path FILE = Path.of("weights.pth");

	@Test
	void torchvisionNamesMapOntoKerasStyleVariables() {
		assertEquals("conv1_conv.kernel", ResNetWeightMapping.torchTarget("conv1.weight"));
		assertEquals("conv1_bn.moving_variance", ResNetWeightMapping.torchTarget("bn1.running_var"));
		assertEquals("conv2_block1_1_conv.kernel", ResNetWeightMapping.torchTarget("layer1.0.conv1.weight"));
		assertEquals("conv5_block3_3_bn.gamma", ResNetWeightMapping.torchTarget("layer4.2.bn3.weight"));
		assertEquals("conv3_block1_0_conv.kernel", ResNetWeightMapping.torchTarget("layer2.0.downsample.0.weight"));
		assertEquals("conv4_block1_0_bn.beta", ResNetWeightMapping.torchTarget("layer3.0.downsample.1.bias"));
		assertNull(ResNetWeightMapping.torchTarget("layer3.0.bn1.num_batches_tracked"));
		assertNull(ResNetWeightMapping.torchTarget("fc.weight"));
	}

	/** A torchvision resnet18 state dict with zero tensors of the right torchvision shapes, built from our own variables. */
	static Map<String, SourceTensor> torchState(Map<String, Shape> ours) {
		Map<String, SourceTensor> state = new LinkedHashMap<>();
		Map<String, String> back = new LinkedHashMap<>();
		for (String k : new String[] { "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var" }) back.put(ResNetWeightMapping.torchTarget(k), k);
		for (int l = 1; l <= 4; l++)
			for (int b = 0; b < 2; b++)
				for (String part : new String[] { "conv1", "conv2", "bn1", "bn2", "downsample.0", "downsample.1" })
					for (String f : part.contains("conv") || part.equals("downsample.0") ? new String[] { "weight" } : new String[] { "weight", "bias", "running_mean", "running_var" }) {
						String k = "layer" + l + "." + b + "." + part + "." + f;
						String target = ResNetWeightMapping.torchTarget(k);
						if (ours.containsKey(target)) back.put(target, k);
					}
		back.forEach((target, k) -> {
			long[] s = ours.get(target).asArray();
			long[] torch = s.length == 4 ? new long[] { s[3], s[2], s[0], s[1] } : s;
			long n = 1;
			for (long d : torch) n *= d;
			state.put(k, new SourceTensor(k, torch, new float[(int) n], "float32"));
		});
		return state;
	}

	@Test
	void everyMismatchIsNamedWithLayerExpectedAndFoundShape() {
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18_TORCHVISION, 32, 0, Device.choose(Device.Preference.CPU).sessionConfig(2))) {
			Map<String, Shape> shapes = g.variableShapes();
			Map<String, SourceTensor> state = torchState(shapes);
			var ok = ResNetWeightMapping.fromTorch(FILE, state, null, null);
			assertEquals(Architecture.RESNET18_TORCHVISION, ok.architecture());
			assertEquals(shapes.size() - 2, EncoderImport.checkedValues(FILE, ok.architecture(), shapes, ok).size(), "every variable but the input normalisation");

			state.put("layer1.0.conv2.weight", new SourceTensor("layer1.0.conv2.weight", new long[] { 32, 64, 3, 3 }, new float[32 * 64 * 9], "float32"));
			state.remove("layer4.1.bn2.running_mean");
			var bad = ResNetWeightMapping.fromTorch(FILE, state, null, null);
			UserInputException e = assertThrows(UserInputException.class, () -> EncoderImport.checkedValues(FILE, bad.architecture(), shapes, bad));
			String m = e.getMessage();
			assertTrue(m.contains("2 tensors do not fit"), m);
			assertTrue(m.contains("conv2_block1_2_conv: kernel expected [3, 3, 64, 64], found [3, 3, 64, 32] (after OIHW to HWIO) in layer1.0.conv2.weight"), m);
			assertTrue(m.contains("conv5_block2_2_bn: moving_mean [512] is missing"), m);
		}
	}

	@Test
	void unsupportedDepthsAndAmbiguousFilesAreRefusedWithTheFix() {
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18_TORCHVISION, 32, 0, Device.choose(Device.Preference.CPU).sessionConfig(2))) {
			Map<String, SourceTensor> state = torchState(g.variableShapes());
			Map<String, SourceTensor> deeper = new LinkedHashMap<>(state);
			deeper.put("layer3.2.conv1.weight", new SourceTensor("layer3.2.conv1.weight", new long[] { 256, 256, 3, 3 }, new float[256 * 256 * 9], "float32"));
			UserInputException depth = assertThrows(UserInputException.class, () -> ResNetWeightMapping.fromTorch(FILE, deeper, null, null));
			assertTrue(depth.getMessage().contains("2-2-3-2") && depth.getMessage().contains("ResNet50"), depth.getMessage());

			Map<String, SourceTensor> two = new LinkedHashMap<>();
			state.forEach((k, t) -> {
				two.put("student." + k, t);
				two.put("teacher." + k, t);
			});
			UserInputException ambiguous = assertThrows(UserInputException.class, () -> ResNetWeightMapping.fromTorch(FILE, two, null, null));
			assertTrue(ambiguous.getMessage().contains("student.") && ambiguous.getMessage().contains("--prefix"), ambiguous.getMessage());
			assertEquals("teacher.", ResNetWeightMapping.fromTorch(FILE, two, "teacher", null).keyPrefix());
		}
	}

	@Test
	void normalisationsParseAndBadOnesSayWhatToPass() {
		assertArrayEquals(new float[] { 0.58f, 0.58f, 0.58f }, org.ssltem.nn.InputNormalisation.parse("0.58/0.1").mean());
		assertArrayEquals(new float[] { 0.229f, 0.224f, 0.225f }, org.ssltem.nn.InputNormalisation.parse("0.485,0.456,0.406/0.229,0.224,0.225").std());
		assertEquals(103.939f / 255f, org.ssltem.nn.InputNormalisation.parse("caffe").mean()[0]);
		assertTrue(assertThrows(UserInputException.class, () -> org.ssltem.nn.InputNormalisation.parse("0.5/0")).getMessage().contains("positive"));
		assertTrue(assertThrows(UserInputException.class, () -> org.ssltem.nn.InputNormalisation.parse("zscore")).getMessage().contains("imagenet"));
	}
}
