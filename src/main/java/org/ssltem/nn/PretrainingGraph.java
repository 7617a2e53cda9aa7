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
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-supervised training graph: both views of a batch go through one shared encoder and projector as
 * one batch of 2B images (so batch norm sees both views, as the PyTorch peer does), the SSL loss compares the
 * two halves, and one optimizer step ({@link WeightUpdates}) updates the trainable variables.
 *
 * <p>Input: a {@code [2B, S, S, 1]} float tensor in [0,1], view 1 of every image first, then view 2; the grey
 * channel is repeated to the three channels the encoder expects inside the graph (no triple copy in Java).
 *
 * <p>Every weight update waits for every gradient ({@code withControlDependencies}), so no update races a
 * gradient that still reads the old weight; a step is therefore deterministic on the CPU.
 */
public final class PretrainingGraph implements AutoCloseable {

	public final Graph graph;
	public final Session session;
	public final Placeholder<TFloat32> views;
	private final WeightUpdates optimizer;
	public final Operand<TFloat32> loss;
	public final Operand<TFloat32> features;
	public final List<Variable<TFloat32>> trainable;
	/** Every variable to checkpoint: the model's and the optimizer's slots. */
	public final Map<String, Variable<TFloat32>> variables;
	/** The encoder's and projector's variables alone (what another run's checkpoint must hold). */
	public final Map<String, Variable<TFloat32>> modelVariables;
	public final List<Operand<TFloat32>> gradients;
	/** Forward FLOPs of one image through encoder and projector (see NetworkBuilder#forwardFlopsPerImage). */
	public final long forwardFlopsPerImage;
	private final Op trainStep;
	private final Operand<TFloat32> statisticKeep;
	private final List<Op> statisticUpdates;

	public record Spec(Architecture architecture, int inputSize, int[] projector, SslLoss.Method method, SslLoss.Variant variant,
		double temperature, double lambda, long seed, WeightUpdates.Settings optimizer)
	{
		/** The paper's optimizer: plain SGD. */
		public Spec(Architecture architecture, int inputSize, int[] projector, SslLoss.Method method, SslLoss.Variant variant,
			double temperature, double lambda, long seed)
		{
			this(architecture, inputSize, projector, method, variant, temperature, lambda, seed, WeightUpdates.Settings.PAPER_SGD);
		}
	}

	private PretrainingGraph(Graph graph, Session session, Placeholder<TFloat32> views, WeightUpdates optimizer,
		Operand<TFloat32> loss, Operand<TFloat32> features, NetworkBuilder nb, List<Operand<TFloat32>> gradients, Op trainStep)
	{
		this.graph = graph;
		this.session = session;
		this.views = views;
		this.optimizer = optimizer;
		this.loss = loss;
		this.features = features;
		this.trainable = nb.trainableVariables();
		// the optimizer's slots are checkpointed and restored with the weights, so a resume is exact
		this.modelVariables = Collections.unmodifiableMap(new LinkedHashMap<>(nb.variables()));
		Map<String, Variable<TFloat32>> all = new LinkedHashMap<>(nb.variables());
		all.putAll(optimizer.slots);
		this.variables = Collections.unmodifiableMap(all);
		this.gradients = gradients;
		this.trainStep = trainStep;
		this.forwardFlopsPerImage = nb.forwardFlopsPerImage();
		this.statisticKeep = nb.statisticKeep();
		this.statisticUpdates = nb.statisticUpdates();
	}

	public static PretrainingGraph build(Spec spec, ConfigProto config) {
		NativeSetup.prepare();
		Architecture.checkInputSize(spec.inputSize());
		Graph g = new Graph();
		try {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> views = tf.withName("views").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, spec.inputSize(), spec.inputSize(), 1)));
			NetworkBuilder nb = new NetworkBuilder(tf, spec.seed(), true);
			ResNet.Encoder encoder = ResNet.build(nb, ResNet.greyToRgb(tf, views), spec.architecture());
			Operand<TFloat32> z = Projector.build(nb, encoder.features(), spec.projector());
			Split<TFloat32> halves = tf.split(tf.constant(0), z, 2L);
			Operand<TFloat32> loss = SslLoss.build(tf, spec.method(), spec.variant(), halves.output().get(0), halves.output().get(1),
				spec.temperature(), spec.lambda(), TFloat32.class);

			List<Variable<TFloat32>> trainable = nb.trainableVariables();
			Gradients grads = tf.gradients(loss, trainable);
			List<Operand<TFloat32>> gradients = new ArrayList<>();
			List<Op> gradientsReady = new ArrayList<>();
			for (int i = 0; i < trainable.size(); i++) {
				var id = tf.identity(grads.<TFloat32>dy(i));
				gradients.add(id);
				gradientsReady.add(id);
			}
			Ops afterGradients = tf.withControlDependencies(gradientsReady);
			WeightUpdates optimizer = WeightUpdates.build(tf, afterGradients, trainable, gradients, spec.optimizer());
			List<Op> updates = new ArrayList<>(nb.statisticUpdates());
			updates.addAll(optimizer.updates);
			Op step = tf.withControlDependencies(updates).withName("train_step").noOp();

			Session session = new Session(g, config);
			return new PretrainingGraph(g, session, views, optimizer, loss, encoder.features(), nb, gradients, step);
		}
		catch (RuntimeException e) {
			g.close();
			throw e;
		}
	}

	/** Runs the variable initialisers (fresh weights from the seed). */
	public void initialize() {
		session.initialize();
	}

	/**
	 * One optimizer step on a {@code [2B,S,S,1]} batch of views; {@code stepNumber} counts from 1 (Adam's bias
	 * correction). Returns the loss before the update.
	 */
	public float step(TFloat32 batchOfViews, float lr, long stepNumber) {
		List<TFloat32> scalars = new ArrayList<>();
		try {
			var runner = session.runner().feed(views, batchOfViews);
			optimizer.feed(runner, lr, stepNumber, scalars);
			try (Result r = runner.fetch(loss).addTarget(trainStep).run()) {
				return ((TFloat32) r.get(0)).getFloat();
			}
		}
		finally {
			scalars.forEach(TFloat32::close);
		}
	}

	/**
	 * Precise batch norm: replaces every moving mean and variance by the average of the batch statistics over
	 * the given batches of whole images (forward passes only; no weight changes). Call with batches 0, 1, 2, ...
	 */
	public void accumulateStatistics(TFloat32 images, int batchIndex) {
		try (TFloat32 keep = TFloat32.scalarOf(batchIndex / (batchIndex + 1f))) {
			var runner = session.runner().feed(views, images).feed(statisticKeep, keep);
			statisticUpdates.forEach(runner::addTarget);
			runner.run().close();
		}
	}

	/** The loss alone, without updating anything (batch norm still uses batch statistics). */
	public float evaluateLoss(TFloat32 batchOfViews) {
		try (Result r = session.runner().feed(views, batchOfViews).fetch(loss).run()) {
			return ((TFloat32) r.get(0)).getFloat();
		}
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
