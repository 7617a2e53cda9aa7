package org.ssltem.nn;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Small conversions between Java arrays and TF tensors. */
public final class Tensors {

	private Tensors() {}

	/** A new tensor holding a copy of {@code values}. The caller closes it. */
	public static TFloat32 floats(Shape shape, float[] values) {
		if (shape.size() != values.length)
			throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
		return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
	}

	/** Overwrites an existing tensor's contents (reuses its native memory; no allocation per step). */
	public static void write(TFloat32 tensor, float[] values) {
		tensor.asRawTensor().data().asFloats().write(values);
	}

	/** Copies a tensor's contents into a new array. */
	public static float[] toArray(TFloat32 tensor) {
		float[] out = new float[(int) tensor.shape().size()];
		tensor.asRawTensor().data().asFloats().read(out);
		return out;
	}
}
