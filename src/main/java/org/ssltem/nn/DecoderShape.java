package org.ssltem.nn;

/**
 * The trained half of a segmenter: how wide its decoder is, and how many decoders are trained side by side on the
 * one frozen encoder and averaged ({@link TransferredUNet}).
 *
 * @param width   filters of the deepest decoder stage, halved at each stage up ({@link TransferredUNet#decoderFilters})
 * @param members decoders of an ensemble, each from its own initial weights; their probabilities are averaged
 */
public record DecoderShape(int width, int members) {

	/** More members than this cost time for no measured gain (docs/segmentation.md, "An ensemble of decoders"). */
	public static final int MAX_MEMBERS = 8;
	/** One decoder of the default width: what the Annotate-and-Segment window trains (train-segmenter's ensemble is an option). */
	public static final DecoderShape DEFAULT = new DecoderShape(TransferredUNet.DEFAULT_WIDTH, 1);

	public DecoderShape {
		TransferredUNet.checkWidth(width);
		if (members < 1 || members > MAX_MEMBERS)
			throw new IllegalArgumentException("an ensemble has 1 to " + MAX_MEMBERS + " decoders, got " + members);
	}

	/** One decoder {@code width} filters wide. */
	public static DecoderShape single(int width) {
		return new DecoderShape(width, 1);
	}

	/** For logs: "decoder 512 filters wide", with ", 3 of them averaged" for an ensemble. */
	public String describe() {
		return "decoder " + width + " filters wide" + (members > 1 ? ", an ensemble of " + members + " averaged" : "");
	}
}
