package org.ssltem.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The input normalisation travels with the weights, and checkpoints written before it existed still restore. */
class InputNormalisationTest {

	@TempDir
	Path tmp;

	@Test
	void checkpointsWithoutTheNormalisationRestoreWithTheIdentity() {
		var cpu = Device.choose(Device.Preference.CPU).sessionConfig(2);
		float[] batch = new float[2 * 32 * 32];
		SplittableRandom r = new SplittableRandom(2);
		for (int i = 0; i < batch.length; i++) batch[i] = (float) r.nextDouble();
		Path old = tmp.resolve("old");
		float[] before;
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18, 32, 4, cpu)) {
			before = g.features(batch, 2);
			// an older checkpoint: every variable but the normalisation
			Map<String, float[]> values = g.values(g.variableShapes().keySet().stream().filter(n -> !n.startsWith("input_normalisation.")).toList());
			assertEquals(g.variableShapes().size() - 2, values.size());
			saveSubset(g, old, values.keySet().stream().toList());
		}
		try (EncoderGraph other = EncoderGraph.build(Architecture.RESNET18, 32, 5, cpu)) {
			other.assign(Map.of("input_normalisation.mean", new float[] { 9, 9, 9 }));
			other.restore(old);
			assertArrayEquals(new float[] { 9, 9, 9 }, other.values(List.of("input_normalisation.mean")).get("input_normalisation.mean"),
				"a checkpoint without the normalisation leaves it as it is (identity in a fresh graph)");
			other.assign(Map.of("input_normalisation.mean", new float[] { 0, 0, 0 }));
			assertArrayEquals(before, other.features(batch, 2), 0f, "identity normalisation computes what the encoder computed before");
		}
	}

	@Test
	void theNormalisationIsAppliedPerChannelAndSavedWithTheWeights() {
		var cpu = Device.choose(Device.Preference.CPU).sessionConfig(2);
		float[] grey = new float[32 * 32], shifted = new float[32 * 32];
		SplittableRandom r = new SplittableRandom(3);
		for (int i = 0; i < grey.length; i++) {
			grey[i] = (float) r.nextDouble();
			shifted[i] = (grey[i] - 0.25f) / 0.5f;
		}
		Path ckpt = tmp.resolve("normalised");
		float[] normalised;
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18_TORCHVISION, 32, 6, cpu)) {
			float[] plain = g.features(shifted, 1);
			g.assign(Map.of("input_normalisation.mean", new float[] { 0.25f, 0.25f, 0.25f }, "input_normalisation.std", new float[] { 0.5f, 0.5f, 0.5f }));
			normalised = g.features(grey, 1);
			assertArrayEquals(plain, normalised, 1e-5f, "(x - 0.25) / 0.5 inside the graph equals feeding the normalised image");
			g.save(ckpt);
		}
		try (EncoderGraph g = EncoderGraph.build(Architecture.RESNET18_TORCHVISION, 32, 7, cpu)) {
			g.restore(ckpt);
			assertArrayEquals(normalised, g.features(grey, 1), 0f);
		}
	}

	private static void saveSubset(EncoderGraph g, Path folder, List<String> names) {
		// a fresh graph holding only those variables, as an older SSL-TEM wrote them
		Map<String, float[]> values = g.values(names);
		try (Graph graph = new Graph()) {
			var tf = org.tensorflow.op.Ops.create(graph);
			Map<String, org.tensorflow.op.core.Variable<org.tensorflow.types.TFloat32>> vars = new LinkedHashMap<>();
			Map<String, org.tensorflow.ndarray.Shape> shapes = g.variableShapes();
			for (String n : names)
				vars.put(n, tf.withName(n).variable(tf.constant(shapes.get(n), org.tensorflow.ndarray.buffer.DataBuffers.of(values.get(n), true, false))));
			try (Session s = new Session(graph)) {
				s.initialize();
				Checkpoints.saveVariables(s, graph, folder, vars);
			}
		}
	}
}
