package org.ssltem.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ResNet encoders in the Keras {@code ResNet50} layout (NHWC, explicit zero padding for conv1 and pool1,
 * stride on the first conv of each downsampling block), ending in global average pooling; or, for the
 * {@link Architecture#torchvision} variants, in torchvision's (stride on the 3x3 conv, which pads one pixel on every
 * side). Layer and variable names are the Keras ones in both.
 *
 * <p>The RGB input first goes through {@code input_normalisation} ({@code (x - mean) / std} per channel, identity
 * unless the checkpoint holds other values, as imported ImageNet-style weights do).
 *
 * <p>Convolutions carry no bias: each feeds a batch norm that removes it, so a bias would only ever get a
 * zero gradient. Batch norm epsilon is Keras' 1.001e-5 (PyTorch's 1e-5 for the torchvision variants).
 */
public final class ResNet {

	public static final float BN_EPSILON = 1.001e-5f;
	/** Name of the input normalisation layer; its variables are {@code input_normalisation.mean} and {@code .std}. */
	public static final String INPUT_NORMALISATION = "input_normalisation";

	private ResNet() {}

	/** The built encoder: pooled features and the named intermediate outputs (for U-Net skips). */
	public record Encoder(Architecture architecture, Operand<TFloat32> features, Map<String, Operand<TFloat32>> endpoints) {

		/** The output of a named layer, e.g. {@code conv1_relu} or {@code conv4_block6_out}. */
		public Operand<TFloat32> endpoint(String name) {
			Operand<TFloat32> o = endpoints.get(name);
			if (o == null) throw new IllegalArgumentException("no endpoint " + name + " in " + architecture.key + "; have " + endpoints.keySet());
			return o;
		}
	}

	/**
	 * @param images NHWC with 3 channels and static height and width that are multiples of 32
	 */
	public static Encoder build(NetworkBuilder nb, Operand<TFloat32> images, Architecture arch) {
		Ops tf = nb.tf();
		Map<String, Operand<TFloat32>> endpoints = new LinkedHashMap<>();

		Operand<TFloat32> x = nb.channelNormalisation(INPUT_NORMALISATION, images);
		x = tf.withName("conv1_pad").pad(x, tf.constant(new int[][] { { 0, 0 }, { 3, 3 }, { 3, 3 }, { 0, 0 } }), tf.constant(0f));
		x = nb.conv2d("conv1_conv", x, 7, 64, 2, "VALID");
		x = nb.batchNorm("conv1_bn", x, arch.bnEpsilon());
		x = nb.relu("conv1_relu", x);
		endpoints.put("conv1_relu", x);
		x = tf.withName("pool1_pad").pad(x, tf.constant(new int[][] { { 0, 0 }, { 1, 1 }, { 1, 1 }, { 0, 0 } }), tf.constant(0f));
		x = tf.withName("pool1_pool").nn.maxPool(x, tf.constant(new int[] { 1, 3, 3, 1 }), tf.constant(new int[] { 1, 2, 2, 1 }), "VALID");

		int[] widths = { 64, 128, 256, 512 };
		for (int s = 0; s < 4; s++) {
			int stage = s + 2;
			for (int b = 1; b <= arch.blocksPerStage[s]; b++) {
				String name = "conv" + stage + "_block" + b;
				int stride = (b == 1 && stage > 2) ? 2 : 1;
				x = arch.bottleneck ? bottleneckBlock(nb, arch, name, x, widths[s], stride, b == 1) : basicBlock(nb, arch, name, x, widths[s], stride);
				endpoints.put(name + "_out", x);
			}
		}
		Operand<TFloat32> pooled = tf.withName("avg_pool").math.mean(x, tf.constant(new int[] { 1, 2 }));
		return new Encoder(arch, pooled, Collections.unmodifiableMap(endpoints));
	}

	/**
	 * Keras' block1: 1x1 (stride) → 3x3 → 1x1 (4× filters), with a projection shortcut in the first block; torchvision's
	 * Bottleneck strides on the 3x3 instead.
	 */
	private static Operand<TFloat32> bottleneckBlock(NetworkBuilder nb, Architecture arch, String name, Operand<TFloat32> x, int filters, int stride,
		boolean projectShortcut)
	{
		float eps = arch.bnEpsilon();
		Operand<TFloat32> shortcut = x;
		if (projectShortcut) {
			shortcut = nb.conv2d(name + "_0_conv", x, 1, 4 * filters, stride, "VALID");
			shortcut = nb.batchNorm(name + "_0_bn", shortcut, eps);
		}
		Operand<TFloat32> y = nb.conv2d(name + "_1_conv", x, 1, filters, arch.torchvision ? 1 : stride, "VALID");
		y = nb.relu(name + "_1_relu", nb.batchNorm(name + "_1_bn", y, eps));
		y = conv3x3(nb, arch, name + "_2_conv", y, filters, arch.torchvision ? stride : 1);
		y = nb.relu(name + "_2_relu", nb.batchNorm(name + "_2_bn", y, eps));
		y = nb.conv2d(name + "_3_conv", y, 1, 4 * filters, 1, "VALID");
		y = nb.batchNorm(name + "_3_bn", y, eps);
		Operand<TFloat32> sum = nb.tf().withName(name + "_add").math.add(shortcut, y);
		return nb.relu(name + "_out", sum);
	}

	/** Basic block: 3x3 (stride) → 3x3, with a 1x1 projection shortcut when the shape changes. */
	private static Operand<TFloat32> basicBlock(NetworkBuilder nb, Architecture arch, String name, Operand<TFloat32> x, int filters, int stride) {
		float eps = arch.bnEpsilon();
		Operand<TFloat32> shortcut = x;
		if (stride != 1 || x.shape().get(3) != filters) {
			shortcut = nb.conv2d(name + "_0_conv", x, 1, filters, stride, "VALID");
			shortcut = nb.batchNorm(name + "_0_bn", shortcut, eps);
		}
		Operand<TFloat32> y = conv3x3(nb, arch, name + "_1_conv", x, filters, stride);
		y = nb.relu(name + "_1_relu", nb.batchNorm(name + "_1_bn", y, eps));
		y = conv3x3(nb, arch, name + "_2_conv", y, filters, 1);
		y = nb.batchNorm(name + "_2_bn", y, eps);
		Operand<TFloat32> sum = nb.tf().withName(name + "_add").math.add(shortcut, y);
		return nb.relu(name + "_out", sum);
	}

	/**
	 * A 3x3 convolution that keeps the size (divided by the stride). Keras pads SAME, which for stride 2 on an even size
	 * puts the one padding row below and right only; torchvision pads one pixel on every side.
	 */
	private static Operand<TFloat32> conv3x3(NetworkBuilder nb, Architecture arch, String name, Operand<TFloat32> x, int filters, int stride) {
		if (!arch.torchvision) return nb.conv2d(name, x, 3, filters, stride, "SAME");
		Operand<TFloat32> padded = nb.tf().withName(name + "_pad").pad(x, nb.tf().constant(new int[][] { { 0, 0 }, { 1, 1 }, { 1, 1 }, { 0, 0 } }),
			nb.tf().constant(0f));
		return nb.conv2d(name, padded, 3, filters, stride, "VALID");
	}

	/** Turns a single-channel NHWC batch into the three identical channels the encoder expects (as the paper). */
	public static Operand<TFloat32> greyToRgb(Ops tf, Operand<TFloat32> grey) {
		return tf.withName("grey_to_rgb").concat(Arrays.asList(grey, grey, grey), tf.constant(3));
	}
}
