package org.ssltem.interop;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.ssltem.core.UserInputException;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the weight tensors of a Keras 2 HDF5 file (pure Java, jhdf): {@code save_weights} files, whose root group has
 * one group per layer, and, for a model nested as a layer (the paper's notebooks wrap {@code resnet50} under a
 * projection head), that layer's group holding one group per inner layer; {@code model.save} files keep the same under
 * {@code model_weights}. A dataset {@code .../conv1_conv/kernel:0} is returned as {@code conv1_conv.kernel}, SSL-TEM's
 * variable naming of the same Keras layer; its full HDF5 path stays in {@link SourceTensor#name()}.
 */
public final class KerasWeightReader {

	private static final byte[] HDF5_SIGNATURE = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

	private KerasWeightReader() {}

	/** True when {@code file} starts with the HDF5 signature. */
	public static boolean isHdf5(Path file) {
		try (var in = Files.newInputStream(file)) {
			return java.util.Arrays.equals(in.readNBytes(8), HDF5_SIGNATURE);
		}
		catch (java.io.IOException e) {
			return false;
		}
	}

	/**
	 * Tensors by {@code layer.weight} name. Two datasets that would get the same name (two encoders in one file) are
	 * refused, naming both paths.
	 */
	public static Map<String, SourceTensor> read(Path file) {
		if (!isHdf5(file))
			throw UserInputException.about(file, "is not an HDF5 file", "pass a Keras .h5 weights file (model.save_weights('f.h5') or model.save('f.h5'))");
		try (HdfFile hdf = new HdfFile(file)) {
			Node modelWeights = hdf.getChildren().get("model_weights");
			Group root = modelWeights instanceof Group g ? g : hdf;
			Map<String, SourceTensor> out = new LinkedHashMap<>();
			collect(root, out, file);
			if (out.isEmpty())
				throw UserInputException.about(file, "holds no Keras layer weights (no datasets named like conv1_conv/kernel:0)",
					"Keras 3 '.weights.h5' files name weights by position, not by layer: save with Keras 2 (tf.keras, TF 2.15 or older) or pass the Keras Applications file");
			return out;
		}
	}

	private static void collect(Group group, Map<String, SourceTensor> out, Path file) {
		for (Node child : group.getChildren().values()) {
			if (child instanceof Group g) collect(g, out, file);
			else if (child instanceof Dataset d && d.getDimensions().length > 0) {
				String weight = child.getName().endsWith(":0") ? child.getName().substring(0, child.getName().length() - 2) : child.getName();
				String key = group.getName() + "." + weight;
				SourceTensor t = new SourceTensor(child.getPath(), longs(d.getDimensions()), floats(d, file), d.getJavaType().getSimpleName());
				SourceTensor before = out.put(key, t);
				if (before != null)
					throw UserInputException.about(file, "holds two tensors for " + key + " (" + before.name() + " and " + t.name() + "), so it is ambiguous which encoder to take",
						"save the encoder alone (encoder.save_weights('encoder.h5'))");
			}
		}
	}

	private static float[] floats(Dataset d, Path file) {
		Object flat = d.getDataFlat();
		int n = Array.getLength(flat);
		float[] out = new float[n];
		if (flat instanceof float[] f) return f;
		if (flat instanceof double[] a) {
			for (int i = 0; i < n; i++) out[i] = (float) a[i];
			return out;
		}
		throw UserInputException.about(file, "dataset " + d.getPath() + " holds " + d.getJavaType().getSimpleName() + " values, not floating point",
			"export the weights as float32");
	}

	private static long[] longs(int[] dims) {
		long[] out = new long[dims.length];
		for (int i = 0; i < dims.length; i++) out[i] = dims[i];
		return out;
	}
}
