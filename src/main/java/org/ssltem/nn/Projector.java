package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;

/**
 * The paper's projection head: Dense 128 → ReLU → BN, Dense 64 → ReLU → BN, Dense 1024 → BN (BN epsilon
 * 1e-3), with sizes configurable. The last dense layer has no bias: the batch norm after it would cancel it.
 */
public final class Projector {

	public static final float BN_EPSILON = 1e-3f;
	public static final int[] PAPER_SIZES = { 128, 64, 1024 };

	private Projector() {}

	public static Operand<TFloat32> build(NetworkBuilder nb, Operand<TFloat32> features, int[] sizes) {
		checkSizes(sizes);
		Operand<TFloat32> x = features;
		for (int i = 0; i < sizes.length; i++) {
			String name = "projector_dense_" + (i + 1);
			boolean last = i == sizes.length - 1;
			x = nb.dense(name, x, sizes[i], !last);
			if (!last) x = nb.relu("projector_relu_" + (i + 1), x);
			x = nb.batchNorm("projector_bn_" + (i + 1), x, BN_EPSILON);
		}
		return x;
	}

	/** Parses "128,64,1024". */
	public static int[] parseSizes(String s) {
		try {
			int[] sizes = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
			checkSizes(sizes);
			return sizes;
		}
		catch (NumberFormatException e) {
			throw UserInputException.option("projector sizes '" + s + "' are not a comma-separated list of whole numbers",
				"pass e.g. {{projector}} 128,64,1024");
		}
	}

	private static void checkSizes(int[] sizes) {
		if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(v -> v <= 0))
			throw UserInputException.option("projector sizes " + Arrays.toString(sizes) + " must be one or more positive numbers",
				"pass e.g. {{projector}} 128,64,1024");
	}
}
