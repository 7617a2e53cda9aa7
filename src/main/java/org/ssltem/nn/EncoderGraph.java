package org.ssltem.nn;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder in inference mode (batch norm with moving statistics, no gradients, no projector): the graph
 * that turns a {@code [N,S,S,1]} batch of grey images into {@code [N, featureWidth]} features.
 */
public final class EncoderGraph implements AutoCloseable {

	public final Architecture architecture;
	public final int inputSize;
	/** Features per image: the architecture's width, or the sum of the pooled stages' widths. */
	public final int featureWidth;
	/** Forward FLOPs of one image (see NetworkBuilder#forwardFlopsPerImage). */
	public final long forwardFlopsPerImage;
	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> images;
	private final Operand<TFloat32> features;
	private final NetworkBuilder builder;

	private EncoderGraph(Architecture architecture, int inputSize, Graph graph, Session session, Placeholder<TFloat32> images,
		Operand<TFloat32> features, NetworkBuilder builder)
	{
		this.architecture = architecture;
		this.inputSize = inputSize;
		this.featureWidth = (int) features.shape().get(1);
		this.graph = graph;
		this.session = session;
		this.images = images;
		this.features = features;
		this.builder = builder;
		this.forwardFlopsPerImage = builder.forwardFlopsPerImage();
	}

	/** Builds the graph with freshly initialised weights (seeded); {@link #restore} replaces them. */
	public static EncoderGraph build(Architecture arch, int inputSize, long seed, ConfigProto config) {
		return build(arch, inputSize, seed, config, false);
	}

	/** As {@link #build(Architecture, int, long, ConfigProto, boolean, boolean)}, each image seen as it is. */
	public static EncoderGraph build(Architecture arch, int inputSize, long seed, ConfigProto config, boolean stages) {
		return build(arch, inputSize, seed, config, stages, false);
	}

	/** The orientations a square image can take: 4 rotations, each also mirrored. */
	public static final int ORIENTATIONS = 8;

	/**
	 * @param stages       false: the global average of the last stage (the paper's features); true: the global
	 *                     averages of stages conv3, conv4 and conv5 concatenated, so texture at finer scales reaches
	 *                     the probe too
	 * @param orientations true: each image's features are the mean of its {@link #ORIENTATIONS} rotations and mirror
	 *                     images. A micrograph has no up, so features that change when it is turned are noise to a
	 *                     classifier that has a handful of labels to learn from
	 */
	public static EncoderGraph build(Architecture arch, int inputSize, long seed, ConfigProto config, boolean stages, boolean orientations) {
		NativeSetup.prepare();
		Architecture.checkInputSize(inputSize);
		Graph g = new Graph();
		try {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1)));
			NetworkBuilder nb = new NetworkBuilder(tf, seed, false);
			ResNet.Encoder enc = ResNet.build(nb, ResNet.greyToRgb(tf, orientations ? allOrientations(tf, x) : x), arch);
			Operand<TFloat32> features = enc.features();
			if (stages) {
				java.util.List<Operand<TFloat32>> pooled = new java.util.ArrayList<>();
				for (int stage = 3; stage <= 5; stage++)
					pooled.add(tf.withName("stage" + stage + "_avg_pool").math.mean(enc.endpoint(arch.stageOutput(stage)), tf.constant(new int[] { 1, 2 })));
				features = tf.withName("stages_avg_pool").concat(pooled, tf.constant(1));
			}
			if (orientations) {
				// rows are [orientation][image]: average over the orientations
				long width = features.shape().get(1);
				features = tf.withName("orientations_mean").math.mean(tf.reshape(features, tf.constant(new long[] { ORIENTATIONS, -1, width })), tf.constant(0));
			}
			Session s = new Session(g, config);
			s.initialize();
			return new EncoderGraph(arch, inputSize, g, s, x, features, nb);
		}
		catch (RuntimeException e) {
			g.close();
			throw e;
		}
	}

	/**
	 * The batch {@code [N,S,S,1]} in all {@link #ORIENTATIONS} orientations, stacked orientation by orientation into
	 * {@code [8N,S,S,1]}: as it is, mirrored left-right, up-down and both (a half turn), and the same four of its
	 * transpose (which give the quarter turns).
	 */
	static Operand<TFloat32> allOrientations(Ops tf, Operand<TFloat32> x) {
		Operand<TFloat32> transposed = tf.linalg.transpose(x, tf.constant(new int[] { 0, 2, 1, 3 }));
		List<Operand<TFloat32>> views = new ArrayList<>();
		for (Operand<TFloat32> base : List.of(x, transposed)) {
			views.add(base);
			views.add(tf.reverse(base, tf.constant(new int[] { 2 })));
			views.add(tf.reverse(base, tf.constant(new int[] { 1 })));
			views.add(tf.reverse(base, tf.constant(new int[] { 1, 2 })));
		}
		return tf.withName("orientations").concat(views, tf.constant(0));
	}

	/** Loads the encoder's variables (a subset of a pretraining checkpoint) by name. */
	public void restore(Path checkpointFolder) {
		Checkpoints.restore(session, graph, checkpointFolder, builder.variables());
	}

	/** Replaces the batch-norm moving statistics with calibrated ones ({@link EncoderCalibration#measure}). */
	public void restoreStatistics(Path statisticsFolder) {
		Checkpoints.restore(session, graph, statisticsFolder, EncoderCalibration.movingStatistics(builder.variables()));
	}

	/** Every variable's shape, by name ({@code conv1_conv.kernel}, ...), in creation order. */
	public Map<String, Shape> variableShapes() {
		Map<String, Shape> out = new LinkedHashMap<>();
		builder.variables().forEach((name, v) -> out.put(name, v.shape()));
		return out;
	}

	/** Sets variables by name to row-major values of their shapes (weights brought in from elsewhere). */
	public void assign(Map<String, float[]> values) {
		Ops tf = Ops.create(graph).withSubScope("assign_" + Long.toHexString(System.nanoTime()));
		List<TFloat32> tensors = new ArrayList<>();
		try {
			var runner = session.runner();
			for (var e : values.entrySet()) {
				Variable<TFloat32> v = builder.variables().get(e.getKey());
				if (v == null) throw new IllegalArgumentException("no variable " + e.getKey() + " in this " + architecture.key + " encoder");
				Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
				TFloat32 t = Tensors.floats(v.shape(), e.getValue());
				tensors.add(t);
				runner.feed(p, t).addTarget(tf.assign(v, p));
			}
			runner.run().close();
		}
		finally {
			tensors.forEach(TFloat32::close);
		}
	}

	/** Current values of the named variables, row-major. */
	public Map<String, float[]> values(List<String> names) {
		var runner = session.runner();
		for (String n : names) runner.fetch(builder.variables().get(n));
		Map<String, float[]> out = new LinkedHashMap<>();
		try (Result r = runner.run()) {
			for (int i = 0; i < names.size(); i++) out.put(names.get(i), Tensors.toArray((TFloat32) r.get(i)));
		}
		return out;
	}

	/** Writes every variable; returns the size and SHA-256 of each file written, for the manifest. */
	public Map<String, org.ssltem.core.FileDigest> save(Path checkpointFolder) {
		return Checkpoints.save(session, checkpointFolder);
	}

	/** Features of a batch of {@code n} grey images of side {@link #inputSize}, row-major, values in [0,1]. */
	public float[] features(float[] batch, int n) {
		try (TFloat32 x = Tensors.floats(Shape.of(n, inputSize, inputSize, 1), batch); Result r = session.runner().feed(images, x).fetch(features).run()) {
			return Tensors.toArray((TFloat32) r.get(0));
		}
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
