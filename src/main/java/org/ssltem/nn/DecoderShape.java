package org.ssltem.nn;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.List;

/**
 * The trained half of a segmenter: how its decoder is built, how wide it is, and how many decoders are trained side
 * by side on the one frozen encoder and averaged ({@link TransferredUNet}).
 *
 * @param width   filters of the deepest decoder stage, halved at each stage up ({@link TransferredUNet#decoderFilters})
 * @param members decoders of an ensemble, each from its own initial weights; their probabilities are averaged
 * @param stages  how each decoder stage is built
 */
public record DecoderShape(int width, int members, Stages stages) {

	/** How a decoder's stages are built. */
	public enum Stages {
		/** A 3×3 convolution, batch norm and ReLU after each skip is joined (docs/segmentation.md, "The decoder's stages"): the default. */
		REFINED("refined"),
		/** The paper's Fig. 10: each stage a transposed convolution joined to its skip, and a transposed convolution as the head. */
		PAPER("paper");

		public final String key;

		Stages(String key) {
			this.key = key;
		}

		/** The option values, as the CLI and the dialogs offer them. */
		public static List<String> keys() {
			return Arrays.stream(values()).map(s -> s.key).toList();
		}

		/** {@code key} as recorded or given; null or empty is the paper's, which every segmenter had before the choice was recorded. */
		public static Stages parse(String key) {
			if (key == null || key.isEmpty()) return PAPER;
			for (Stages s : values())
				if (s.key.equals(key)) return s;
			throw new IllegalArgumentException("unknown decoder '" + key + "'; valid values: " + String.join(", ", keys()));
		}
	}

	/** More members than this cost time for no measured gain (docs/segmentation.md, "An ensemble of decoders"). */
	public static final int MAX_MEMBERS = 8;
	/** One refined decoder of the default width: what train-segmenter trains by default. */
	public static final DecoderShape DEFAULT = new DecoderShape(TransferredUNet.DEFAULT_WIDTH, 1, Stages.REFINED);
	/**
	 * What the Annotate-and-Segment window's new segmenters have: the default width with the paper's stages, since the
	 * refined stages made a round's training 1.5 times as long (a later round over the 15 s it should take;
	 * docs/segmentation.md, "The decoder's stages").
	 */
	public static final DecoderShape WINDOW = new DecoderShape(TransferredUNet.DEFAULT_WIDTH, 1, Stages.PAPER);

	public DecoderShape {
		TransferredUNet.checkWidth(width);
		if (members < 1 || members > MAX_MEMBERS)
			throw new IllegalArgumentException("an ensemble has 1 to " + MAX_MEMBERS + " decoders, got " + members);
		if (stages == null) throw new IllegalArgumentException("the decoder's stages must be given");
	}

	/**
	 * The decoder the user's options ask for ({@code decoder_width}, {@code ensemble}, {@code decoder}), each checked
	 * with an error that names its option.
	 */
	public static DecoderShape fromOptions(int width, int members, String stages) {
		TransferredUNet.checkWidthOption(width);
		TransferredUNet.checkEnsembleOption(members);
		if (!Stages.keys().contains(stages))
			throw UserInputException.option("unknown {{decoder}} '" + stages + "'", "pass {{decoder}} " + String.join(" or {{decoder}} ", Stages.keys()));
		return new DecoderShape(width, members, Stages.parse(stages));
	}

	/** One refined decoder {@code width} filters wide. */
	public static DecoderShape single(int width) {
		return new DecoderShape(width, 1, Stages.REFINED);
	}

	/** For logs: "refined decoder 512 filters wide", with ", an ensemble of 3 averaged" for an ensemble. */
	public String describe() {
		return (stages == Stages.PAPER ? "the paper's decoder, " : "refined decoder ") + width + " filters wide"
			+ (members > 1 ? ", an ensemble of " + members + " averaged" : "");
	}
}
