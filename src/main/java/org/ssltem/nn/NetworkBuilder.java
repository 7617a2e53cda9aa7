package org.ssltem.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds layers into a TF graph and keeps track of their variables: which are trainable, which are batch-norm
 * moving statistics, and the ops that update those statistics in training mode.
 *
 * <p>Variable names are the Keras ones with '.' instead of '/' (TF Java's optimizers reject '/'), e.g.
 * {@code conv2_block1_1_conv.kernel}, so weights can later be mapped from Keras files.
 *
 * <p>Initial values come from stateless random ops seeded by (seed, variable index): He-normal (truncated,
 * Keras' he_normal) for kernels, ones/zeros for batch norm. That is reproducible and fast; the framework's
 * initializers take ~14 s on ResNet50.
 */
public final class NetworkBuilder {

	/** Keras' BatchNormalization default momentum. */
	public static final float BN_MOMENTUM = 0.99f;

	private final Ops tf;
	private final Ops init;
	private final long seed;
	private final boolean training;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
	private final List<Variable<TFloat32>> trainable = new ArrayList<>();
	private final List<Op> statisticUpdates = new ArrayList<>();
	private boolean frozen;
	/** Variables left out of the seed index (the input normalisation), so that they do not change any other initial value. */
	private int unseeded;
	private Operand<TFloat32> statisticKeep;
	private long forwardFlopsPerImage;

	/**
	 * @param training batch norm uses batch statistics and records moving-statistic updates when true; it uses
	 *                 the moving statistics when false (inference)
	 */
	public NetworkBuilder(Ops tf, long seed, boolean training) {
		this.tf = tf;
		this.init = tf.withInitScope();
		this.seed = seed;
		this.training = training;
	}

	public Ops tf() {
		return tf;
	}

	public boolean training() {
		return training;
	}

	/**
	 * Variables created while frozen are not trainable (a transferred encoder under a new head). Batch norm
	 * in a frozen part always runs in inference mode.
	 */
	public void setFrozen(boolean frozen) {
		this.frozen = frozen;
	}

	/** All variables by name, in creation order. */
	public Map<String, Variable<TFloat32>> variables() {
		return Collections.unmodifiableMap(variables);
	}

	public List<Variable<TFloat32>> trainableVariables() {
		return Collections.unmodifiableList(trainable);
	}

	/**
	 * Multiply-add FLOPs (2 per MAC) of one image's forward pass through the convolutions and dense layers built
	 * so far: the count benchmarks use for FLOP utilisation. A training step costs about 3× (forward, gradient
	 * of the input, gradient of the weights).
	 */
	public long forwardFlopsPerImage() {
		return forwardFlopsPerImage;
	}

	/** Moving mean/variance updates of every batch-norm layer built in training mode. */
	public List<Op> statisticUpdates() {
		return Collections.unmodifiableList(statisticUpdates);
	}

	/**
	 * How much of the old moving statistics an update keeps: 0.99 (Keras) unless fed otherwise. Feeding k/(k+1)
	 * for the k-th of a series of batches makes the moving statistics the exact average over those batches
	 * ("precise BN"), which is how a short pretraining run still gets usable inference statistics.
	 */
	public Operand<TFloat32> statisticKeep() {
		if (statisticKeep == null)
			statisticKeep = tf.withName("bn_statistic_keep").placeholderWithDefault(tf.constant(BN_MOMENTUM), Shape.scalar());
		return statisticKeep;
	}

	// ---- layers --------------------------------------------------------------------------------------------

	/** 2-D convolution, NHWC, He-normal kernel, no bias (every conv here feeds a batch norm). */
	public Operand<TFloat32> conv2d(String name, Operand<TFloat32> x, int kernel, int filters, int stride, String padding) {
		long inChannels = x.shape().get(3);
		if (inChannels < 0) throw new IllegalStateException(name + ": input channel count must be known");
		Variable<TFloat32> w = heNormal(name + ".kernel", Shape.of(kernel, kernel, inChannels, filters), kernel * kernel * inChannels, true);
		Operand<TFloat32> y = tf.withName(name).nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), padding);
		Shape out = y.shape();
		if (out.get(1) > 0 && out.get(2) > 0) forwardFlopsPerImage += 2L * out.get(1) * out.get(2) * kernel * kernel * inChannels * filters;
		return y;
	}

	/**
	 * Batch normalisation over the last axis. In training mode it normalises with batch statistics and records
	 * updates of the moving statistics (momentum 0.99, as Keras); otherwise it uses the moving statistics.
	 */
	public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, float epsilon) {
		boolean wasFrozen = frozen;
		long channels = x.shape().get(x.shape().numDimensions() - 1);
		Variable<TFloat32> gamma = constantVariable(name + ".gamma", channels, 1f, !frozen);
		Variable<TFloat32> beta = constantVariable(name + ".beta", channels, 0f, !frozen);
		Variable<TFloat32> movingMean = constantVariable(name + ".moving_mean", channels, 0f, false);
		Variable<TFloat32> movingVariance = constantVariable(name + ".moving_variance", channels, 1f, false);

		boolean rank2 = x.shape().numDimensions() == 2;
		Operand<TFloat32> x4 = rank2 ? tf.reshape(x, tf.constant(new long[] { -1, 1, 1, channels })) : x;
		boolean batchStatistics = training && !wasFrozen;
		FusedBatchNorm<TFloat32, TFloat32> bn;
		if (batchStatistics) {
			bn = tf.withName(name).nn.fusedBatchNorm(x4, gamma, beta, tf.constant(new float[0]), tf.constant(new float[0]),
				FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(true));
			Operand<TFloat32> keep = statisticKeep();
			Operand<TFloat32> take = tf.math.sub(tf.constant(1f), keep);
			statisticUpdates.add(tf.assign(movingMean, tf.math.add(tf.math.mul(movingMean, keep), tf.math.mul(bn.batchMean(), take))));
			statisticUpdates.add(tf.assign(movingVariance, tf.math.add(tf.math.mul(movingVariance, keep), tf.math.mul(bn.batchVariance(), take))));
		}
		else {
			bn = tf.withName(name).nn.fusedBatchNorm(x4, gamma, beta, movingMean, movingVariance,
				FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(false));
		}
		return rank2 ? tf.reshape(bn.y(), tf.constant(new long[] { -1, channels })) : bn.y();
	}

	/** Fully connected layer with He-normal weights and, optionally, a zero-initialised bias. */
	public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int units, boolean bias) {
		long in = x.shape().get(1);
		Variable<TFloat32> w = heNormal(name + ".kernel", Shape.of(in, units), in, true);
		forwardFlopsPerImage += 2L * in * units;
		Operand<TFloat32> y = tf.withName(bias ? name + "_matmul" : name).linalg.matMul(x, w, MatMul.transposeA(false));
		if (!bias) return y;
		Variable<TFloat32> b = constantVariable(name + ".bias", units, 0f, !frozen);
		return tf.withName(name).nn.biasAdd(y, b);
	}

	/**
	 * Transposed 2-D convolution ("deconvolution"), NHWC, SAME padding: the output is {@code stride} times the input's
	 * height and width. He-normal kernel of shape [k, k, filters, in] with Keras' fan-in for Conv2DTranspose
	 * (k·k·filters); no bias unless asked (a batch norm follows in the decoder). The input's channels must be static;
	 * the batch may be dynamic, and so may height and width (the output size is then computed in the graph, as for a
	 * network exported to run on images of any size).
	 */
	public Operand<TFloat32> conv2dTranspose(String name, Operand<TFloat32> x, int kernel, int filters, int stride, boolean bias) {
		Shape in = x.shape();
		long h = in.get(1), w = in.get(2), c = in.get(3);
		if (c < 0) throw new IllegalStateException(name + ": input channels must be known, got " + in);
		Variable<TFloat32> k = heNormal(name + ".kernel", Shape.of(kernel, kernel, filters, c), (long) kernel * kernel * filters, true);
		Operand<org.tensorflow.types.TInt32> batch = tf.gather(tf.shape(x), tf.constant(new int[] { 0 }), tf.constant(0));
		Operand<org.tensorflow.types.TInt32> outSize = h >= 0 && w >= 0
			? tf.concat(Arrays.asList(batch, tf.constant(new int[] { (int) (h * stride), (int) (w * stride), filters })), tf.constant(0))
			: tf.concat(Arrays.asList(batch, tf.math.mul(tf.gather(tf.shape(x), tf.constant(new int[] { 1, 2 }), tf.constant(0)), tf.constant(stride)),
				tf.constant(new int[] { filters })), tf.constant(0));
		Operand<TFloat32> y = tf.withName(bias ? name + "_deconv" : name).nn.conv2dBackpropInput(outSize, k, x,
			Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
		if (!bias) return y;
		Variable<TFloat32> b = constantVariable(name + ".bias", filters, 0f, !frozen);
		return tf.withName(name).nn.biasAdd(y, b);
	}

	/**
	 * {@code (x - mean) / std} over the last axis, with {@code name.mean} and {@code name.std} as non-trainable variables
	 * (0 and 1 until restored): the input normalisation that imported weights expect travels with their checkpoint.
	 */
	public Operand<TFloat32> channelNormalisation(String name, Operand<TFloat32> x) {
		long channels = x.shape().get(x.shape().numDimensions() - 1);
		Variable<TFloat32> mean = constantVariable(name + ".mean", channels, 0f, false);
		Variable<TFloat32> std = constantVariable(name + ".std", channels, 1f, false);
		unseeded += 2; // a seed gives the same initial weights as before the normalisation existed
		return tf.withName(name).math.div(tf.math.sub(x, mean), std);
	}

	public Operand<TFloat32> relu(String name, Operand<TFloat32> x) {
		return tf.withName(name).nn.relu(x);
	}

	// ---- variables -------------------------------------------------------------------------------------------

	private Variable<TFloat32> heNormal(String name, Shape shape, long fanIn, boolean trainableIfNotFrozen) {
		// Keras he_normal: truncated normal with stddev sqrt(2/fan_in) / 0.8796 (the truncation's std correction).
		float std = (float) (Math.sqrt(2.0 / fanIn) / 0.87962566103423978);
		Operand<TInt64> seedPair = init.constant(new long[] { seed, variables.size() - unseeded + 1L });
		Operand<TFloat32> value = init.math.mul(init.random.statelessTruncatedNormal(init.constant(shape.asArray()), seedPair), init.constant(std));
		return register(name, tf.withName(name).variable(value), trainableIfNotFrozen && !frozen);
	}

	private Variable<TFloat32> constantVariable(String name, long length, float value, boolean isTrainable) {
		Operand<TFloat32> v = init.fill(init.constant(new long[] { length }), init.constant(value));
		return register(name, tf.withName(name).variable(v), isTrainable);
	}

	private Variable<TFloat32> register(String name, Variable<TFloat32> v, boolean isTrainable) {
		if (name.contains("/")) throw new IllegalArgumentException("variable names must not contain '/': " + name);
		if (variables.put(name, v) != null) throw new IllegalStateException("duplicate variable " + name);
		if (isTrainable) trainable.add(v);
		return v;
	}
}
