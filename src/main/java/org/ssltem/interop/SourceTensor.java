package org.ssltem.interop;

import java.util.Arrays;

/**
 * One tensor read from another framework's weight file, by its name there.
 *
 * @param values row-major values converted to float, or null for integer and boolean tensors (such as PyTorch's
 *               {@code num_batches_tracked}), which no encoder variable takes
 */
public record SourceTensor(String name, long[] shape, float[] values, String dtype) {

	public boolean floating() {
		return values != null;
	}

	public String shapeText() {
		return Arrays.toString(shape);
	}
}
