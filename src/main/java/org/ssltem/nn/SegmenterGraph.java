package org.ssltem.nn;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link TransferredUNet} in a session, for training or for inference.
 *
 * <p>Input {@code [N,H,W,1]} grey images in [0,1] (repeated to three channels inside the graph). In training mode
 * the graph also takes {@code targets} ({@code [N,H,W,1]} 0/1, or one-hot {@code [N,H,W,C]}) and one Adam step
 * (Keras's Adam from {@link WeightUpdates}, slots {@code <variable>.adam_m} and {@code .adam_v}) updates the decoder only:
 * gradients are taken over the decoder's variables alone, and every update waits for every gradient. The encoder
 * runs in inference mode with its moving statistics, so nothing of it changes.
 */
public final class SegmenterGraph implements AutoCloseable {

	public final Architecture architecture;
	public final int height, width, classes;
	/** The decoder's width and members ({@link TransferredUNet}). */
	public final DecoderShape decoder;
	public final boolean training;
	public final Graph graph;
	public final Session session;
	public final TransferredUNet.Network network;
	public final Map<String, Variable<TFloat32>> encoderVariables;
	public final Map<String, Variable<TFloat32>> decoderVariables;
	private final Placeholder<TFloat32> images;
	private final Placeholder<TFloat32> targets;
	/** Each member's loss, Adam and step (empty for inference graphs). */
	private final List<MemberTraining> memberTraining;
	private final NetworkBuilder builder;

	/** One decoder's training: its loss, Adam on its variables alone, the step op, and the steps taken. */
	private static final class MemberTraining {
		final Operand<TFloat32> loss;
		final WeightUpdates optimizer;
		final Op step;
		long steps;

		MemberTraining(Operand<TFloat32> loss, WeightUpdates optimizer, Op step) {
			this.loss = loss;
			this.optimizer = optimizer;
			this.step = step;
		}
	}

	private SegmenterGraph(Architecture architecture, int height, int width, int classes, DecoderShape decoder, boolean training, Graph graph, Session session,
		TransferredUNet.Network network, NetworkBuilder nb, Placeholder<TFloat32> images, Placeholder<TFloat32> targets, List<MemberTraining> memberTraining)
	{
		this.architecture = architecture;
		this.height = height;
		this.width = width;
		this.classes = classes;
		this.decoder = decoder;
		this.training = training;
		this.graph = graph;
		this.session = session;
		this.network = network;
		this.builder = nb;
		this.encoderVariables = TransferredUNet.subset(nb, network.encoderVariables());
		this.decoderVariables = TransferredUNet.subset(nb, network.decoderVariables());
		this.images = images;
		this.targets = targets;
		this.memberTraining = memberTraining;
	}

	/** Height and width of an inference graph that takes images of any size (multiples of 32), as exported. */
	public static final int ANY_SIZE = -1;

	/**
	 * @param height, width multiples of 32, or both {@link #ANY_SIZE} for an inference graph
	 * @param decoder       the decoder's width and members, as the segmenter's manifest records
	 * @param lossKind      ignored when {@code training} is false
	 * @param config        session options; an inference graph runs them without Grappler's remapper, because it
	 *                      predicts one tile at a time (see {@link Device#withoutRemapper})
	 */
	public static SegmenterGraph build(Architecture arch, int height, int width, int classes, DecoderShape decoder, boolean training, SegmentationLoss.Kind lossKind,
		long seed, ConfigProto config)
	{
		NativeSetup.prepare();
		if (training || height != ANY_SIZE || width != ANY_SIZE) {
			Architecture.checkInputSize(height);
			Architecture.checkInputSize(width);
		}
		Graph g = new Graph();
		try {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, 1)));
			NetworkBuilder nb = new NetworkBuilder(tf, seed, training);
			TransferredUNet.Network net = TransferredUNet.build(nb, ResNet.greyToRgb(tf, x), arch, classes, decoder);
			Placeholder<TFloat32> t = null;
			List<MemberTraining> memberTraining = new ArrayList<>();
			if (training) {
				int channels = classes == 2 ? 1 : classes;
				t = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, channels)));
				List<Variable<TFloat32>> trainable = nb.trainableVariables();
				for (Variable<TFloat32> v : trainable)
					if (!isDecoder(net, nb, v)) throw new IllegalStateException("an encoder variable is trainable: " + v.op().name());
				// each member of an ensemble has its own loss, Adam and step, so it trains as if alone, on batches of its own
				for (TransferredUNet.Member m : net.members()) {
					Operand<TFloat32> loss = SegmentationLoss.build(tf, lossKind, m.logits(), m.probabilities(), t);
					List<Variable<TFloat32>> own = new ArrayList<>();
					for (var e : nb.variables().entrySet())
						if (e.getKey().startsWith(m.prefix() + "_") && trainable.contains(e.getValue())) own.add(e.getValue());
					Gradients grads = tf.gradients(loss, own);
					List<Operand<TFloat32>> gradients = new ArrayList<>();
					for (int i = 0; i < own.size(); i++) gradients.add(tf.identity(grads.<TFloat32>dy(i)));
					Ops afterGradients = tf.withControlDependencies(new ArrayList<>(gradients));
					boolean first = memberTraining.isEmpty(); // the first member keeps the single decoder's op names
					WeightUpdates optimizer = WeightUpdates.build(tf, afterGradients, own, gradients, new WeightUpdates.Settings(WeightUpdates.Kind.ADAM, 0, 0),
						first ? "" : m.prefix() + "_");
					List<Op> updates = new ArrayList<>(m.statisticUpdates());
					updates.addAll(optimizer.updates);
					Op step = tf.withControlDependencies(updates).withName(first ? "train_step" : m.prefix() + "_train_step").noOp();
					memberTraining.add(new MemberTraining(loss, optimizer, step));
				}
			}
			// inference runs one tile at a time (batch 1), where the remapper's fused conv + batch norm is ~10x slower
			Session session = new Session(g, training ? config : Device.withoutRemapper(config));
			return new SegmenterGraph(arch, height, width, classes, decoder, training, g, session, net, nb, x, t, List.copyOf(memberTraining));
		}
		catch (RuntimeException e) {
			g.close();
			throw e;
		}
	}

	private static boolean isDecoder(TransferredUNet.Network net, NetworkBuilder nb, Variable<TFloat32> v) {
		for (var e : nb.variables().entrySet())
			if (e.getValue() == v) return net.decoderVariables().contains(e.getKey());
		return false;
	}

	/** The input placeholder {@code [N,H,W,1]} (grey values in [0,1]); the output is {@code network.probabilities()}. */
	public Placeholder<TFloat32> input() {
		return images;
	}

	/** Fresh seeded weights for everything (then restore the encoder, and the decoder when predicting). */
	public void initialize() {
		session.initialize();
	}

	/** Loads the encoder's weights by name from a pretraining checkpoint folder. */
	public void restoreEncoder(Path checkpointFolder) {
		Checkpoints.restore(session, graph, checkpointFolder, encoderVariables);
	}

	/**
	 * Loads the decoder by name, and with {@code encoderStatistics} also the encoder's batch-norm statistics that
	 * were calibrated on the training images ({@link EncoderCalibration}) and saved beside the decoder.
	 */
	public void restoreDecoder(Path checkpointFolder, boolean encoderStatistics) {
		Checkpoints.restore(session, graph, checkpointFolder, encoderStatistics ? decoderAndEncoderStatistics() : decoderVariables);
	}

	/** Replaces the encoder's batch-norm moving statistics by those {@link EncoderCalibration#measure} wrote. */
	public void restoreEncoderStatistics(Path statisticsFolder) {
		Checkpoints.restore(session, graph, statisticsFolder, EncoderCalibration.movingStatistics(encoderVariables));
	}

	/** Saves the decoder, and with {@code encoderStatistics} the encoder's (calibrated) batch-norm statistics too. */
	public Map<String, org.ssltem.core.FileDigest> saveDecoder(Path checkpointFolder, boolean encoderStatistics) {
		return Checkpoints.saveVariables(session, graph, checkpointFolder, encoderStatistics ? decoderAndEncoderStatistics() : decoderVariables);
	}

	private Map<String, Variable<TFloat32>> decoderAndEncoderStatistics() {
		Map<String, Variable<TFloat32>> all = new java.util.LinkedHashMap<>(decoderVariables);
		all.putAll(EncoderCalibration.movingStatistics(encoderVariables));
		return all;
	}

	/** One Adam step of a single decoder on a batch; returns the loss before the update. */
	public float step(TFloat32 batchImages, TFloat32 batchTargets, float lr) {
		if (decoder.members() != 1) throw new IllegalStateException("an ensemble trains one member at a time: step(member, ...)");
		return step(0, batchImages, batchTargets, lr);
	}

	/** One Adam step of the ensemble's {@code member} (0-based) on a batch, the others untouched; returns its loss before the update. */
	public float step(int member, TFloat32 batchImages, TFloat32 batchTargets, float lr) {
		if (!training) throw new IllegalStateException("built for inference");
		MemberTraining m = memberTraining.get(member);
		m.steps++;
		List<TFloat32> scalars = new ArrayList<>();
		try {
			var runner = session.runner().feed(images, batchImages).feed(targets, batchTargets);
			m.optimizer.feed(runner, lr, m.steps, scalars);
			try (Result r = runner.fetch(m.loss).addTarget(m.step).run()) {
				return ((TFloat32) r.get(0)).getFloat();
			}
		}
		finally {
			scalars.forEach(TFloat32::close);
		}
	}

	/**
	 * Precise batch norm for the decoder: replaces its moving statistics by the average of the batch statistics over
	 * the given batches (call with batch 0, 1, 2, …). Forward passes only.
	 */
	public void accumulateStatistics(TFloat32 batchImages, int batchIndex) {
		if (!training) throw new IllegalStateException("built for inference");
		try (TFloat32 keep = TFloat32.scalarOf(batchIndex / (batchIndex + 1f))) {
			var runner = session.runner().feed(images, batchImages).feed(builder.statisticKeep(), keep);
			builder.statisticUpdates().forEach(runner::addTarget);
			runner.run().close();
		}
	}

	/** Probabilities {@code [n,H,W,1 or C]} for {@code n} images {@code [n,H,W]} row-major. */
	public float[] predict(float[] batch, int n) {
		return predict(batch, n, height, width);
	}

	/** As {@link #predict(float[], int)} for images of {@code h × w} (multiples of 32), which an {@link #ANY_SIZE} graph takes. */
	public float[] predict(float[] batch, int n, int h, int w) {
		try (TFloat32 x = Tensors.floats(Shape.of(n, h, w, 1), batch);
			Result r = session.runner().feed(images, x).fetch(network.probabilities()).run())
		{
			return Tensors.toArray((TFloat32) r.get(0));
		}
	}

	/** Current values of named variables (for checks). */
	public Map<String, float[]> values(Map<String, Variable<TFloat32>> variables) {
		Map<String, float[]> out = new java.util.LinkedHashMap<>();
		var runner = session.runner();
		List<String> names = new ArrayList<>(variables.keySet());
		for (String n : names) runner.fetch(variables.get(n));
		try (Result r = runner.run()) {
			for (int i = 0; i < names.size(); i++) out.put(names.get(i), Tensors.toArray((TFloat32) r.get(i)));
		}
		return out;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
