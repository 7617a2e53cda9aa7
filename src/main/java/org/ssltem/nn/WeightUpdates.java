package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimizers, as graph ops that update variables from their gradients. Their slot variables (momentum, Adam's
 * moments) are graph variables named {@code <variable>.<slot>}, so checkpoints hold them and a resumed run continues
 * with the very same optimizer state.
 *
 * <ul>
 * <li>{@code sgd}: plain gradient descent (the paper), or heavy-ball momentum when {@code momentum > 0};</li>
 * <li>{@code adam}: Keras's Adam (β 0.9/0.999, ε 1e-7); its step does not depend on the loss's scale;</li>
 * <li>{@code lars}: SGD with momentum whose step per layer is scaled by η‖w‖/‖g‖ (You et al. 2017), the optimizer
 * Barlow Twins was published with. Like Adam it ignores the loss's scale, which matters for the paper's Barlow loss
 * (divided by the projector width, so plain SGD at LR 0.2 barely moves the weights).</li>
 * </ul>
 * Weight decay, when set, is added to the gradient of every weight of rank 2 or more (not to biases or batch-norm
 * scales, following Barlow Twins' code).
 */
public final class WeightUpdates {

	public enum Kind {
		SGD, ADAM, LARS;

		public static Kind parse(String s) {
			for (Kind k : values()) if (k.name().equalsIgnoreCase(s)) return k;
			throw UserInputException.option("unknown optimizer '" + s + "'", "use {{optimizer}} sgd, adam or lars");
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public record Settings(Kind kind, double momentum, double weightDecay) {
		public static final Settings PAPER_SGD = new Settings(Kind.SGD, 0, 0);

		public Settings {
			if (!(momentum >= 0 && momentum < 1)) throw UserInputException.option("{{momentum}} " + momentum + " must be in [0, 1)", "pass e.g. {{momentum}} 0.9");
			if (!(weightDecay >= 0)) throw UserInputException.option("{{weight_decay}} " + weightDecay + " must be zero or positive", "pass e.g. {{weight_decay}} 1.5e-6");
		}
	}

	public static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-7f;
	/** LARS trust coefficient (You et al.; Barlow Twins uses the same). */
	static final float LARS_ETA = 0.001f;

	/** The scalars each step feeds: learning rate, and for Adam β₁ᵗ and β₂ᵗ. */
	public final Placeholder<TFloat32> learningRate, beta1Power, beta2Power;
	/** The update ops, one per variable. */
	public final List<Op> updates;
	/** The slot variables by name, to restore with the model's own. */
	public final Map<String, Variable<TFloat32>> slots;

	private WeightUpdates(Placeholder<TFloat32> lr, Placeholder<TFloat32> b1, Placeholder<TFloat32> b2, List<Op> updates,
		Map<String, Variable<TFloat32>> slots)
	{
		this.learningRate = lr;
		this.beta1Power = b1;
		this.beta2Power = b2;
		this.updates = updates;
		this.slots = slots;
	}

	/**
	 * Builds the updates. {@code tf} creates placeholders and slots; {@code afterGradients} carries control
	 * dependencies on every gradient, so no variable changes before all gradients have read it.
	 */
	public static WeightUpdates build(Ops tf, Ops afterGradients, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
		Settings settings)
	{
		return build(tf, afterGradients, variables, gradients, settings, "");
	}

	/** As {@link #build(Ops, Ops, List, List, Settings)}, with {@code prefix} before the placeholders' names, for several optimizers in one graph. */
	public static WeightUpdates build(Ops tf, Ops afterGradients, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
		Settings settings, String prefix)
	{
		Placeholder<TFloat32> lr = tf.withName(prefix + "learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		Placeholder<TFloat32> b1 = null, b2 = null;
		if (settings.kind() == Kind.ADAM) {
			b1 = tf.withName(prefix + "beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			b2 = tf.withName(prefix + "beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		}
		Ops init = tf.withInitScope();
		Ops a = afterGradients;
		List<Op> updates = new ArrayList<>();
		Map<String, Variable<TFloat32>> slots = new LinkedHashMap<>();
		for (int i = 0; i < variables.size(); i++) {
			Variable<TFloat32> v = variables.get(i);
			String name = v.op().name();
			Operand<TFloat32> g = gradients.get(i);
			boolean isWeight = v.shape().numDimensions() >= 2;
			if (settings.weightDecay() > 0 && isWeight)
				g = a.math.add(g, a.math.mul(a.constant((float) settings.weightDecay()), v));
			switch (settings.kind()) {
				case SGD -> {
					if (settings.momentum() == 0) updates.add(a.train.applyGradientDescent(v, lr, g));
					else updates.add(a.train.applyMomentum(v, slot(tf, init, slots, v, name + ".momentum"), lr, g, a.constant((float) settings.momentum())));
				}
				case ADAM -> updates.add(a.train.applyAdam(v, slot(tf, init, slots, v, name + ".adam_m"), slot(tf, init, slots, v, name + ".adam_v"),
					b1, b2, lr, a.constant(BETA1), a.constant(BETA2), a.constant(EPSILON), g));
				case LARS -> {
					Operand<TFloat32> scaled = isWeight ? a.math.mul(g, trustRatio(a, v, g)) : g;
					updates.add(a.train.applyMomentum(v, slot(tf, init, slots, v, name + ".momentum"), lr, scaled, a.constant((float) settings.momentum())));
				}
			}
		}
		return new WeightUpdates(lr, b1, b2, updates, slots);
	}

	/** η‖w‖/‖g‖, or 1 when either norm is zero (a fresh zero layer, or no gradient). */
	private static Operand<TFloat32> trustRatio(Ops a, Variable<TFloat32> w, Operand<TFloat32> g) {
		Operand<TFloat32> wNorm = norm(a, w), gNorm = norm(a, g);
		Operand<TFloat32> zero = a.constant(0f), one = a.constant(1f);
		Operand<TFloat32> ratio = a.math.div(a.math.mul(a.constant(LARS_ETA), wNorm), a.math.maximum(gNorm, a.constant(1e-12f)));
		return a.select(a.math.logicalAnd(a.math.greater(wNorm, zero), a.math.greater(gNorm, zero)), ratio, one);
	}

	private static Operand<TFloat32> norm(Ops a, Operand<TFloat32> x) {
		int rank = x.shape().numDimensions();
		int[] axes = new int[rank];
		for (int i = 0; i < rank; i++) axes[i] = i;
		return a.math.sqrt(a.reduceSum(a.math.square(x), a.constant(axes)));
	}

	private static Variable<TFloat32> slot(Ops tf, Ops init, Map<String, Variable<TFloat32>> slots, Variable<TFloat32> v, String name) {
		Variable<TFloat32> s = tf.withName(name).variable(init.zeros(init.constant(v.shape().asArray()), TFloat32.class));
		slots.put(name, s);
		return s;
	}

	/** Feeds for one step: the learning rate, and Adam's bias corrections for step {@code t} (1-based). */
	public void feed(org.tensorflow.Session.Runner runner, float lr, long t, List<TFloat32> toClose) {
		TFloat32 rate = TFloat32.scalarOf(lr);
		toClose.add(rate);
		runner.feed(learningRate, rate);
		if (beta1Power != null) {
			TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(BETA1, t)), p2 = TFloat32.scalarOf((float) Math.pow(BETA2, t));
			toClose.add(p1);
			toClose.add(p2);
			runner.feed(beta1Power, p1).feed(beta2Power, p2);
		}
	}
}
