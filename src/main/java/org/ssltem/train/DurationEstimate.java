package org.ssltem.train;

import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.DecoderShape;
import org.ssltem.nn.TransferredUNet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How long pretraining or segmenter training will take, from its parameters, before it starts: training steps × images per step × the
 * seconds one image takes at that size for that architecture on the CPU, from measured throughput (a step's cost grows
 * with the pixels of its images). The faces show it and ask before a long run; it is an estimate for an otherwise idle
 * machine, and the first epoch's ETA replaces it.
 */
public final class DurationEstimate {

	private DurationEstimate() {}

	/**
	 * A pretraining step's throughput measured on an otherwise idle 2-core machine (docs/performance.md,
	 * {@code bench/compare-peer.sh 3 2 10}, 2026-11-21; {@code --pipeline full}): images per second at a size.
	 */
	record Measured(int size, double imagesPerSecond, int threads) {}

	static final Measured RESNET18 = new Measured(96, 50.82, 2), RESNET50 = new Measured(224, 4.64, 2);

	/**
	 * Segmenter training steps (frozen resnet18 encoder, decoder trained, batch 1) measured on the otherwise idle
	 * 2-core AMD EPYC with {@code bench interactive}, 2026-11-30: 30 steps of one 256 px window took 10.0 s with a
	 * decoder of the paper's stages 512 filters wide (the window's) and 24.15 s with the paper's (1024), the median of
	 * two runs each (docs/annotate-and-segment.md).
	 */
	static final Measured SEGMENTER_RESNET18 = new Measured(256, 30 / 10.0, 2), SEGMENTER_RESNET18_PAPER_WIDTH = new Measured(256, 30 / 24.15, 2);

	/**
	 * A refined decoder's training step against one of the paper's stages, both 512 filters wide: {@code bench
	 * interactive}'s 45 steps (30 + 15) of a 256 px window (on a build whose window trained the refined stages), three
	 * runs of each in turn on the idle 2-core AMD EPYC with AVX-512, 2026-12-01, took a median of 30.4 s against
	 * 20.6 s (1.34-1.52 pair by pair; docs/segmentation.md, "The decoder's stages").
	 */
	static final double REFINED_STEP_RATIO = 30.4 / 20.6;

	/** The estimate in seconds and a sentence for the user that says what it rests on. */
	public record Estimate(double seconds, String text) {}

	/** Seconds of one training image at {@code size} px for {@code arch}, with {@code threads} CPU threads. */
	static double secondsPerImage(Architecture arch, int size, int threads) {
		return secondsPerImage(measured(arch), size, threads);
	}

	/** A measured rate scaled to {@code size} px by pixels and to {@code threads} threads. */
	private static double secondsPerImage(Measured m, int size, int threads) {
		double pixels = (double) size * size / ((double) m.size() * m.size());
		return pixels / m.imagesPerSecond() * m.threads() / Math.max(1, threads);
	}

	static Measured measured(Architecture arch) {
		return arch.bottleneck ? RESNET50 : RESNET18;
	}

	/**
	 * Pretraining of {@code trainingImages} images (after tiling and {@code max_images}) for {@code c.epochs} epochs of
	 * {@code c.batch}; {@code c} with its preset applied.
	 */
	public static Estimate pretrain(PretrainConfig c, int trainingImages, int threads) {
		Architecture arch = Architecture.parse(c.arch);
		double perEpoch = secondsPerEpoch(c, trainingImages, threads);
		int epochs = c.timeBudget > 0 ? Math.min(c.epochs, Pretrainer.epochsWithin(c.timeBudget * 60, 0, 0, perEpoch)) : c.epochs;
		double seconds = epochs * perEpoch;
		Measured m = measured(arch);
		String budget = epochs < c.epochs ? String.format(Locale.ROOT, " (%d of %d fit the time budget)", epochs, c.epochs) : "";
		return new Estimate(seconds, String.format(Locale.ROOT, "pretraining will take about %s on %d CPU threads: %d epochs%s x %d steps of %d images at %d px"
			+ " (%s: %.1f images/s at %d px on 2 idle cores, scaled by pixels and threads; a busy machine takes longer)", duration(seconds), threads, epochs,
			budget, trainingImages / Math.max(1, c.batch), c.batch, c.size, arch.key, m.imagesPerSecond(), m.size()));
	}

	/** One pretraining epoch: its whole steps of {@code c.batch} images at {@code c.size} px. */
	public static double secondsPerEpoch(PretrainConfig c, int trainingImages, int threads) {
		long steps = trainingImages / Math.max(1, c.batch);
		return steps * c.batch * secondsPerImage(Architecture.parse(c.arch), c.size, threads);
	}

	/**
	 * Segmenter training on {@code images} labelled images of {@code side} × {@code side} px (the training size, crop or
	 * padded native size) for {@code epochs} epochs: one pass of every image per epoch. A resnet50 encoder is scaled
	 * from the resnet18 measurement by the two architectures' measured pretraining cost per pixel.
	 */
	public static Estimate trainSegmenter(Architecture arch, int images, int epochs, int side, DecoderShape decoder, int threads) {
		Measured m = SEGMENTER_RESNET18;
		double perImage = secondsPerImage(m, side, threads) * decoderFactor(decoder);
		if (arch.bottleneck) perImage *= secondsPerImage(arch, side, threads) / secondsPerImage(Architecture.RESNET18, side, threads);
		double seconds = (double) epochs * images * perImage;
		String width = decoder.equals(DecoderShape.WINDOW) ? "" : "; " + decoder.describe() + ", scaled from one decoder of the paper's stages "
			+ TransferredUNet.DEFAULT_WIDTH + " wide";
		return new Estimate(seconds, String.format(Locale.ROOT, "training will take about %s on %d CPU threads: %d epochs x %d images at %d px (resnet18"
			+ " encoder: %.1f images/s at %d px on 2 idle cores%s%s, scaled by pixels and threads; a busy machine takes longer)", duration(seconds), threads,
			epochs, images, side, m.imagesPerSecond(), m.size(), arch.bottleneck ? "; resnet50 scaled by its pretraining cost" : "", width));
	}

	/**
	 * Training with {@code decoder} against one decoder of the paper's stages and the default width. One decoder's step
	 * is a fixed part (the encoder's forward pass and the step's overhead) plus the decoder's, which grows with the
	 * square of its width (each stage's filters times the filters it reads); both parts fitted to the two measured
	 * widths, so exact at each of them. A refined decoder's step is {@link #REFINED_STEP_RATIO} times as long. The
	 * members of an ensemble train one after the other, each with its own encoder pass, so each adds a whole step.
	 */
	static double decoderFactor(DecoderShape decoder) {
		int width = decoder.width();
		double atDefault = 1 / SEGMENTER_RESNET18.imagesPerSecond(), atPaper = 1 / SEGMENTER_RESNET18_PAPER_WIDTH.imagesPerSecond();
		double perSquare = (atPaper - atDefault) / ((double) TransferredUNet.PAPER_WIDTH * TransferredUNet.PAPER_WIDTH
			- (double) TransferredUNet.DEFAULT_WIDTH * TransferredUNet.DEFAULT_WIDTH);
		double fixed = atDefault - perSquare * TransferredUNet.DEFAULT_WIDTH * TransferredUNet.DEFAULT_WIDTH;
		double stages = decoder.stages() == DecoderShape.Stages.REFINED ? REFINED_STEP_RATIO : 1;
		return decoder.members() * stages * (fixed + perSquare * width * (double) width) / atDefault;
	}

	/**
	 * The images pretraining will see in {@code files}: one per file, or with {@code tile} the tiles of each file
	 * (counted from the first file's size), at most {@code maxImages} files when positive.
	 */
	public static int trainingImages(List<Path> files, int maxImages, int tile) {
		int n = maxImages > 0 ? Math.min(maxImages, files.size()) : files.size();
		if (tile <= 0 || n == 0) return n;
		GreyImage first = ImageFiles.readGrey(files.get(0));
		if (first.width < tile || first.height < tile) return n;
		return n * org.ssltem.data.Tiler.origins(first.width, tile, tile).length * org.ssltem.data.Tiler.origins(first.height, tile, tile).length;
	}

	/** "45 s", "12 min", "3.5 h". */
	static String duration(double seconds) {
		if (seconds < 90) return Math.max(1, Math.round(seconds)) + " s";
		if (seconds < 90 * 60) return Math.round(seconds / 60) + " min";
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
