package org.ssltem.train;

import org.ssltem.data.MaskRule;
import org.ssltem.nn.TransferredUNet;

/**
 * Options of {@code train-segmenter}; field names in snake_case are the CLI flags and macro keys.
 * {@code epochs = 0} follows the paper's schedule for the number of labelled images ({@link #paperEpochs}).
 */
public final class SegmenterConfig {

	public String encoder;
	public String images;
	public String masks;
	/** The foreground class of a binary task; null = every non-zero class (or, with classes &gt; 2, a multi-class task). */
	public Integer foreground;
	/** Classes including background for a multi-class task; null = binary. */
	public Integer classes;
	/**
	 * Training side in px (a multiple of 32): images are resized to size × size; 0 = native size, padded to a multiple of
	 * 32; null = chosen from the labelled structures' width ({@link TrainingSize}: 224, or larger for thin structures).
	 */
	public Integer size;
	public int labeled = 8;
	/**
	 * How {@code labeled} images are chosen when the pool holds more: {@code coverage} (k-medoids in the encoder's
	 * feature space, {@link LabelChoice}) or {@code random} (seeded by {@code seed}).
	 */
	public String choose = LabelChoice.Method.COVERAGE.key;
	public int epochs = 0;
	public int batch = 8;
	public double lr = 1e-3;
	/**
	 * {@code dice_ce} (soft Dice plus pixel cross-entropy) by default: on held-out HRTEM frames it lifted every choice of
	 * labelled frames, most of all the weakest (docs/segmentation.md); {@code dice} is the paper's.
	 */
	public String loss = "dice_ce";
	/**
	 * Train on random {@code crop × crop} windows of the (resized or native) images instead of whole images; 0 = whole
	 * images. A multiple of 32, at most the image side. Lets a large input size train at the cost (and memory) of a
	 * small one; one crop per labelled image per epoch.
	 */
	public int crop = 0;
	/**
	 * Filters of the decoder's deepest stage, halved at each stage up; {@link TransferredUNet#PAPER_WIDTH} is the
	 * paper's U-Net. The default, half of it, trained in about a third of the time and scored as well on the HRTEM
	 * frames, the ISBI membranes and the demo's images (docs/segmentation.md, "Decoder width").
	 */
	public int decoderWidth = TransferredUNet.DEFAULT_WIDTH;
	/** Decoders trained side by side from their own initial weights, their probabilities averaged (docs/segmentation.md, "An ensemble of decoders"). */
	public static final int DEFAULT_ENSEMBLE = 1;
	public int ensemble = DEFAULT_ENSEMBLE;
	/**
	 * How the decoder's stages are built: "refined" (a 3×3 convolution after each joined skip) or "paper" (Fig. 10).
	 * docs/segmentation.md, "The decoder's stages".
	 */
	public static final String DEFAULT_DECODER = "refined";
	public String decoder = DEFAULT_DECODER;
	/**
	 * Re-measure the frozen encoder's batch-norm statistics on every image in {@code images} (no masks used) at the
	 * training size before training (AdaBN); the weights stay as pretrained. Stored with the decoder. On by default:
	 * on held-out HRTEM frames it raised the median Dice from 0.749 to 0.812 at 224 px and from 0.780 to 0.837 at
	 * 512 px (docs/results.md).
	 */
	public boolean calibrateBn = true;
	/**
	 * A segmenter folder (from the same encoder and classes) whose decoder training starts from instead of fresh
	 * weights: a few more steps refine it, as the annotate window does after each round of strokes. Null = fresh.
	 */
	public String warmStart;
	public long seed = 0;
	public String out;
	public String device = "auto";
	public int threads = 0;

	/** A multi-class (softmax) task: more than two classes and no foreground class picked out of them. */
	public boolean multiClass() {
		return classes != null && classes > 2 && foreground == null;
	}

	/** How mask values become classes for these settings (any value up to 255 when the classes are not given). */
	public MaskRule maskRule() {
		return new MaskRule(classes == null ? 256 : classes, foreground);
	}

	/** The paper's epochs for 1, 2, 4, 8, 16, 32 and 80 labelled images. */
	static final int[] PAPER_LABELED = { 1, 2, 4, 8, 16, 32, 80 };
	static final int[] PAPER_EPOCHS = { 120, 120, 120, 60, 40, 30, 20 };

	/** The paper's schedule; between its counts, the entry of the largest count not above {@code labeled}. */
	public static int paperEpochs(int labeled) {
		int e = PAPER_EPOCHS[0];
		for (int i = 0; i < PAPER_LABELED.length; i++)
			if (labeled >= PAPER_LABELED[i]) e = PAPER_EPOCHS[i];
		return e;
	}
}
