package org.ssltem.train;

import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.PretrainingGraph;
import org.ssltem.nn.Tensors;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper for other packages: an encoder folder's model variables, read back through its own graph. */
public final class PretrainerTestAccess {

	private PretrainerTestAccess() {}

	/** The encoder's and projector's variables of an encoder folder's checkpoint. */
	public static Map<String, float[]> weights(Path encoderDir) {
		EncoderManifest m = EncoderManifest.read(encoderDir);
		PretrainConfig c = EncoderManifest.GSON.fromJson(m.config, PretrainConfig.class);
		PretrainConfig.Checked k = c.check();
		PretrainingGraph.Spec spec = new PretrainingGraph.Spec(k.arch(), c.size, k.projector(), k.method(), k.variant(), c.temperature, c.lambda, c.seed,
			k.optimizer());
		return variables(m.checkpointFolder(encoderDir), spec, false);
	}

	/** The variables of a checkpoint, read back through a graph of {@code spec}; with the optimizer's slots or without. */
	public static Map<String, float[]> variables(Path checkpoint, PretrainingGraph.Spec spec, boolean withSlots) {
		try (PretrainingGraph g = PretrainingGraph.build(spec, Device.choose(Device.Preference.CPU).sessionConfig(2))) {
			g.initialize();
			var wanted = withSlots ? g.variables : g.modelVariables;
			Checkpoints.restore(g.session, g.graph, checkpoint, wanted);
			Map<String, float[]> out = new LinkedHashMap<>();
			var runner = g.session.runner();
			wanted.values().forEach(runner::fetch);
			try (Result r = runner.run()) {
				int i = 0;
				for (String name : wanted.keySet()) out.put(name, Tensors.toArray((TFloat32) r.get(i++)));
			}
			return out;
		}
	}
}
