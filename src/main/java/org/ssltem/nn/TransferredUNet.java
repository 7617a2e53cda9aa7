package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's segmentation network (Lu et al. 2022, Fig. 10): a U-Net whose down path is the pretrained ResNet
 * encoder, frozen, and whose up path is trained from few labels.
 *
 * <p>Skips come from the encoder at {@code conv1_relu} (H/2) and the ends of stages 2, 3 and 4 (H/4, H/8, H/16;
 * for ResNet50 {@code conv2_block3_out}, {@code conv3_block4_out}, {@code conv4_block6_out}); the bottleneck is the
 * end of stage 5 (H/32, {@code conv5_block3_out}). Each decoder stage is a transposed convolution 4×4, stride 2,
 * He-normal, no bias, then batch norm and ReLU, concatenated with its skip. The paper's stages have 1024, 512, 256
 * and 128 filters ({@link #PAPER_WIDTH}); the default has half as many at every stage ({@link #DEFAULT_WIDTH}), which
 * trains in about a third of the time, segments faster, and scored as well on the data sets of docs/segmentation.md
 * ("Decoder width").
 * The head is a transposed convolution 4×4, stride 2, with bias, back to the input size: 1 channel and a sigmoid
 * for a binary task, C channels and a softmax otherwise.
 *
 * <p>That is the paper's decoder ({@link DecoderShape.Stages#PAPER}). The default, refined decoder
 * ({@link DecoderShape.Stages#REFINED}) adds a 3×3 convolution (He-normal, no bias), batch norm and ReLU after each
 * joined skip, as the original U-Net has, keeping the stage's filters. On the HRTEM frames and the demo's images of
 * docs/segmentation.md ("The decoder's stages") it raised the median Dice on every run measured, for about 1.5 times
 * the training time.
 *
 * <p>An ensemble ({@link DecoderShape#members} &gt; 1) builds several such decoders on the one encoder, each from its
 * own initial weights, and averages their probabilities; each member is trained on its own loss and its own
 * sequence of augmented batches ({@link SegmenterGraph#step(int, TFloat32, TFloat32, float)}).
 *
 * <p>Encoder variables keep their pretraining names (so they restore from the encoder's checkpoint by name) and
 * are not trainable; decoder variables are named {@code decoder_up1_*} … {@code decoder_head}, and those of an
 * ensemble's further members {@code decoder2_up1_*} … {@code decoder2_head}, and so on.
 */
public final class TransferredUNet {

	/** Filters of the paper's deepest decoder stage (Fig. 10: 1024, 512, 256, 128 from the bottleneck up). */
	public static final int PAPER_WIDTH = 1024;
	/** Filters of the default decoder's deepest stage (512, 256, 128, 64 from the bottleneck up). */
	public static final int DEFAULT_WIDTH = 512;
	/** Decoder stages: each halves the filters of the one below. */
	public static final int STAGES = 4;
	public static final int KERNEL = 4;
	public static final float BN_EPSILON = 1e-3f;

	/**
	 * @param members       each decoder of the ensemble (one without an ensemble)
	 * @param probabilities the members' probabilities averaged (the one member's without an ensemble)
	 */
	public record Network(Architecture architecture, int classes, List<Member> members, Operand<TFloat32> probabilities,
		Set<String> encoderVariables, Set<String> decoderVariables) {

		/** The first decoder (the only one without an ensemble). */
		public Member first() {
			return members.get(0);
		}
	}

	/**
	 * One decoder.
	 *
	 * @param logits        [N,H,W,1] (binary) or [N,H,W,C]
	 * @param probabilities sigmoid or softmax of the logits, same shape
	 * @param stages        decoder outputs after each concatenation, from the bottleneck up (H/16 … H/2)
	 * @param prefix        what its variables' names begin with, before "_" ({@link #memberPrefix})
	 * @param statisticUpdates its batch-norm moving-statistic updates (training graphs only)
	 */
	public record Member(Operand<TFloat32> logits, Operand<TFloat32> probabilities, List<Operand<TFloat32>> stages, String prefix,
		List<org.tensorflow.op.Op> statisticUpdates) {}

	/** "decoder" for an ensemble's first member (and a single decoder), "decoder2", "decoder3", … for the others. */
	public static String memberPrefix(int member) {
		return member == 0 ? "decoder" : "decoder" + (member + 1);
	}

	private TransferredUNet() {}

	/** Encoder layer names that feed the decoder, from the bottleneck up: stage 5, 4, 3, 2 outputs and conv1_relu. */
	public static List<String> skipNames(Architecture arch) {
		return List.of(arch.stageOutput(5), arch.stageOutput(4), arch.stageOutput(3), arch.stageOutput(2), "conv1_relu");
	}

	/** Filters of each decoder stage from the bottleneck up, for a decoder {@code width} filters wide at its deepest stage. */
	public static int[] decoderFilters(int width) {
		checkWidth(width);
		int[] filters = new int[STAGES];
		for (int i = 0; i < STAGES; i++) filters[i] = width >> i;
		return filters;
	}

	/** Throws unless {@code width} halves into whole filters at every stage (a multiple of 8, at least 16). */
	public static void checkWidth(int width) {
		if (!isValidWidth(width)) throw new IllegalArgumentException("the decoder width must be a multiple of 8 and at least 16, got " + width);
	}

	/** As {@link #checkWidth}, for a width the user gave as {@code decoder_width}: the error names the option and the fix. */
	public static void checkWidthOption(int width) {
		if (!isValidWidth(width))
			throw UserInputException.option("{{decoder_width}} must be a multiple of 8 and at least 16, got " + width,
				"pass {{decoder_width}} " + DEFAULT_WIDTH + " (the default) or " + PAPER_WIDTH + " (the paper's)");
	}

	/** Throws unless {@code members}, as the user gave it as {@code ensemble}, is 1 to {@link DecoderShape#MAX_MEMBERS}; the error names the option. */
	public static void checkEnsembleOption(int members) {
		if (members < 1 || members > DecoderShape.MAX_MEMBERS)
			throw UserInputException.option("{{ensemble}} must be 1 to " + DecoderShape.MAX_MEMBERS + ", got " + members,
				"pass {{ensemble}} 1 (one decoder) or 3 (three averaged)");
	}

	private static boolean isValidWidth(int width) {
		return width >= 16 && width % (1 << (STAGES - 1)) == 0;
	}

	/**
	 * @param images  [N,H,W,3]: H and W multiples of 32, or both unknown (-1) for a graph that takes any such size
	 * @param classes 2 for a binary task (one sigmoid channel), else the number of classes (softmax)
	 * @param decoder its width and members
	 */
	public static Network build(NetworkBuilder nb, Operand<TFloat32> images, Architecture arch, int classes, DecoderShape decoder) {
		if (classes < 2) throw new IllegalArgumentException("classes must be at least 2 (background included), got " + classes);
		int[] filters = decoderFilters(decoder.width());
		long h = images.shape().get(1), w = images.shape().get(2);
		boolean anySize = h < 0 && w < 0;
		if (!anySize && (h < 32 || w < 32 || h % 32 != 0 || w % 32 != 0))
			throw new IllegalArgumentException("U-Net input must be a multiple of 32 on both sides, got " + images.shape());
		Ops tf = nb.tf();
		Set<String> before = Set.copyOf(nb.variables().keySet());
		nb.setFrozen(true);
		ResNet.Encoder encoder = ResNet.build(nb, images, arch);
		nb.setFrozen(false);
		Set<String> encoderVars = difference(nb.variables().keySet(), before);

		List<String> skips = skipNames(arch);
		boolean refined = decoder.stages() == DecoderShape.Stages.REFINED;
		List<Member> members = new ArrayList<>();
		for (int m = 0; m < decoder.members(); m++) {
			// the first member keeps the single decoder's names, so segmenters written before ensembles existed restore
			String prefix = memberPrefix(m);
			int updatesBefore = nb.statisticUpdates().size();
			Operand<TFloat32> x = encoder.endpoint(skips.get(0));
			List<Operand<TFloat32>> stages = new ArrayList<>();
			for (int i = 0; i < filters.length; i++) {
				String name = prefix + "_up" + (i + 1);
				x = nb.conv2dTranspose(name + "_deconv", x, KERNEL, filters[i], 2, false);
				x = nb.batchNorm(name + "_bn", x, BN_EPSILON);
				x = nb.relu(name + "_relu", x);
				x = tf.withName(name + "_concat").concat(Arrays.asList(x, encoder.endpoint(skips.get(i + 1))), tf.constant(3));
				// the paper's stage only joins the skip; a convolution lets the decoder combine what the two carry
				if (refined) x = convBnRelu(nb, name + "_conv", x, filters[i]);
				stages.add(x);
			}
			int channels = classes == 2 ? 1 : classes;
			Operand<TFloat32> logits = nb.conv2dTranspose(prefix + "_head", x, KERNEL, channels, 2, true);
			// a single decoder's output keeps the name "probabilities" that exported models and earlier graphs have
			String output = decoder.members() == 1 ? "probabilities" : prefix + "_probabilities";
			Operand<TFloat32> probabilities = classes == 2 ? tf.withName(output).math.sigmoid(logits) : tf.withName(output).nn.softmax(logits);
			members.add(new Member(logits, probabilities, Collections.unmodifiableList(stages), prefix,
				List.copyOf(nb.statisticUpdates().subList(updatesBefore, nb.statisticUpdates().size()))));
		}
		Operand<TFloat32> probabilities = members.get(0).probabilities();
		if (members.size() > 1) {
			Operand<TFloat32> sum = probabilities;
			for (int m = 1; m < members.size(); m++) sum = tf.math.add(sum, members.get(m).probabilities());
			probabilities = tf.withName("probabilities").math.div(sum, tf.constant((float) members.size()));
		}
		Set<String> decoderVars = difference(nb.variables().keySet(), before);
		decoderVars.removeAll(encoderVars);
		return new Network(arch, classes, List.copyOf(members), probabilities, Collections.unmodifiableSet(encoderVars),
			Collections.unmodifiableSet(decoderVars));
	}

	/** A 3×3 convolution, batch norm and ReLU, keeping the resolution. */
	private static Operand<TFloat32> convBnRelu(NetworkBuilder nb, String name, Operand<TFloat32> x, int filters) {
		x = nb.conv2d(name, x, 3, filters, 1, "SAME");
		x = nb.batchNorm(name + "_bn", x, BN_EPSILON);
		return nb.relu(name + "_relu", x);
	}

	private static Set<String> difference(Set<String> all, Set<String> minus) {
		Set<String> out = new java.util.LinkedHashSet<>(all);
		out.removeAll(minus);
		return out;
	}

	/** The named subset of a builder's variables, in creation order. */
	public static Map<String, org.tensorflow.op.core.Variable<TFloat32>> subset(NetworkBuilder nb, Set<String> names) {
		Map<String, org.tensorflow.op.core.Variable<TFloat32>> out = new LinkedHashMap<>();
		nb.variables().forEach((k, v) -> {
			if (names.contains(k)) out.put(k, v);
		});
		return out;
	}
}
