package org.ssltem.train;

import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.MaskRule;
import org.ssltem.data.Padding;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.DecoderShape;
import org.ssltem.nn.Device;
import org.ssltem.nn.LoadedEncoder;
import org.ssltem.nn.SegmentationLoss;
import org.ssltem.nn.SegmenterGraph;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.nn.TransferredUNet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The annotate window's segmenter, trained round after round on labels held in memory, with its training graph kept
 * loaded between rounds (encoder restored once, decoder and Adam state carried from round to round), so a round costs
 * its training steps and the decoder's batch-norm pass, not the building of a graph. Its predictions run on
 * {@link org.ssltem.infer.LoadedSegmenters}, kept loaded the same way.
 * <p>
 * Each round trains the decoder of a {@link org.ssltem.nn.TransferredUNet} on {@code window × window} windows around
 * the labelled pixels (batch 1, Dice + cross-entropy, unlabelled pixels out of the loss), exactly as
 * {@code train-segmenter --size 0 --crop window --batch 1 --no-calibrate_bn} does on the same images and masks (a
 * later round as with {@code --warm_start previous --lr 0.0003}, keeping Adam's state), and writes an ordinary
 * segmenter folder that {@code segment} and the Fiji commands can use.
 * The graph is rebuilt only when the window size changes.
 */
public final class InteractiveTrainer implements AutoCloseable {

	/** One labelled image: grey pixels and, per pixel, a class index or {@link MaskRule#UNLABELLED}. */
	public record Example(String name, GreyImage image, int[] classes) {

		public Example {
			if (classes.length != image.width * image.height)
				throw new IllegalArgumentException(classes.length + " labels for an image of " + image.width + "x" + image.height);
		}
	}

	/** A finished round: the segmenter folder it wrote, its images, epochs, loss per epoch and wall time in s. */
	public record Round(Path out, int images, int epochs, List<Double> lossPerEpoch, double seconds, String device) {}

	/** Adam's learning rate of a first round, as {@code train-segmenter}'s default. */
	static final double LR = 1e-3;
	/**
	 * Adam's learning rate of a round that continues a segmenter. With the first round's rate, four correcting strokes
	 * and 15 steps lowered the Dice of {@code bench interactive}'s frame from 0.90-0.92 to 0.56-0.86 on four stroke
	 * seeds (without the strokes it held); at 3e-4 it stayed at 0.88-0.92 and the strokes still lifted a weak first
	 * round (0.74-0.80 to 0.87-0.89), which 1e-4 did less (docs/annotate-and-segment.md, "Later rounds").
	 */
	static final double LATER_LR = 3e-4;
	static final SegmentationLoss.Kind LOSS = SegmentationLoss.Kind.DICE_CE;

	private final LoadedEncoder encoder;
	private final Architecture arch;
	private final int classes;

	private SegmenterGraph training;
	/** The segmenter whose decoder the training graph holds: null for fresh weights. */
	private Path trainingHolds;
	private boolean trainingUnknown;
	private int rounds;

	/** @param classes classes including background (2 = binary) */
	public InteractiveTrainer(LoadedEncoder encoder, int classes) {
		if (classes < 2) throw new IllegalArgumentException("classes must be at least 2 (background and one more), got " + classes);
		this.encoder = encoder;
		this.arch = encoder.architecture();
		this.classes = classes;
	}

	/**
	 * Trains one round on {@code examples} for about {@code steps} steps (whole epochs of one window per image), starting
	 * from the decoder of {@code previous} (null: fresh weights), and writes the segmenter to {@code out} (new or empty).
	 * When stopped or failed, nothing is written and the next round starts again from {@code previous}.
	 *
	 * @param window the side of the training windows in px (a multiple of 32); smaller when an image is smaller
	 * @param seed   chooses the windows, their flips and turns
	 */
	public synchronized Round train(List<Example> examples, int window, int steps, long seed, Path previous, Path out, ProgressListener listener,
		CancelToken cancel)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		if (examples.isEmpty()) throw UserInputException.option("no image is labelled", "label a few pixels of each class");
		if (window < 32 || window % 32 != 0)
			throw UserInputException.option("the training window must be a positive multiple of 32 px, got " + window, "use e.g. 256");
		if (steps < 1) throw UserInputException.option("training steps must be at least 1, got " + steps, "use e.g. 30");
		List<SegmenterTrainer.Example> padded = new ArrayList<>();
		int side = Integer.MAX_VALUE;
		long labelled = 0;
		for (Example e : examples) {
			GreyImage img = e.image();
			if (img.width < SegmenterTrainer.MIN_SIDE || img.height < SegmenterTrainer.MIN_SIDE)
				throw UserInputException.option(e.name() + " is " + img.width + "x" + img.height + " px, too small to train on (at least "
					+ SegmenterTrainer.MIN_SIDE + " px on each side)", "label a larger image");
			int w = SegmenterTrainer.roundUp32(img.width), h = SegmenterTrainer.roundUp32(img.height);
			int[] cls = e.classes().clone();
			for (int i = 0; i < cls.length; i++) {
				int v = cls[i];
				if (v == MaskRule.UNLABELLED) continue;
				if (v < 0 || v >= classes) throw new IllegalArgumentException("class " + v + " of " + e.name() + " is not one of the " + classes + " classes");
				labelled++;
			}
			// as train-segmenter at native size: edge pixels repeated, the padding unlabelled (strokes are sparse)
			padded.add(SegmenterTrainer.Example.of(e.name(), w, h, Padding.replicate(img.pixels, img.width, img.height, w, h),
				Padding.classes(cls, img.width, img.height, w, h)));
			side = Math.min(side, Math.min(img.width, img.height));
		}
		if (labelled == 0) throw UserInputException.option("the labelled images have no labelled pixel", "paint a few strokes of each class");
		int crop = Math.max(32, Math.min(window, side / 32 * 32));
		int epochs = Math.max(1, steps / padded.size());
		try (OutputFolder folder = OutputFolder.claim(out, "train-segmenter", "{{out}}")) {
			if (!folder.isEmpty())
				throw UserInputException.about(folder.path(), "is not empty", "give a new or empty folder (a segmenter is never written over another)");
			log.progress("train-segmenter", 0, (long) epochs * padded.size(), training == null || training.width != crop ? "building the network" : "starting");
			prepareTraining(crop, previous, seed, log, cancel);
			trainingUnknown = true; // until the round ends: a stopped round leaves the decoder half-trained
			log.log(String.format(Locale.ROOT, "train-segmenter: %d labelled images (%d px labelled), %d epochs of %dx%d windows, %s", padded.size(), labelled,
				epochs, crop, crop, previous == null ? "fresh decoder" : "continuing from the previous round"));
			double lr = previous == null ? LR : LATER_LR;
			List<Double> loss = SegmenterTrainer.epochs(training, padded, crop, crop, 1, epochs, lr, seed, log, cancel);
			SegmenterTrainer.preciseBatchNorm(training, padded, crop, crop, 1, cancel);
			if (cancel != null) cancel.throwIfCancelled();
			Map<String, org.ssltem.core.FileDigest> decoderFiles = training.saveDecoder(folder.path().resolve(SegmenterManifest.DECODER), false);
			SegmenterManifest m = SegmenterTrainer.manifest(encoder.folder(), encoder.hash(), arch, classes, encoder.device());
			m.size = 0;
			m.decoderWidth = training.decoder.width();
			m.ensemble = training.decoder.members();
			m.decoder = training.decoder.stages().key;
			m.loss = LOSS.key;
			m.lr = lr;
			m.batch = 1;
			m.epochs = epochs;
			m.seed = seed;
			m.labeled = padded.size();
			m.labeledFiles = padded.stream().map(SegmenterTrainer.Example::key).toList();
			m.lossPerEpoch = loss;
			m.crop = crop;
			m.decoderFiles = decoderFiles;
			m.labelChoice = "all";
			m.scaleX = 1;
			m.scaleY = 1;
			m.wallTimeS = (System.nanoTime() - t0) / 1e9;
			m.write(folder.path());
			trainingHolds = folder.path();
			trainingUnknown = false;
			rounds++;
			return new Round(folder.path(), padded.size(), epochs, loss, m.wallTimeS, encoder.device().description());
		}
	}

	/** The training graph for {@code crop}-px windows, holding the decoder of {@code previous} (fresh weights from {@code seed} for null). */
	private void prepareTraining(int crop, Path previous, long seed, ProgressListener log, CancelToken cancel) {
		// continuing keeps the previous decoder's stages, width and members (segmenters of an older build have the paper's
		// width); a fresh one is the window's quick decoder
		SegmenterManifest continued = previous == null ? null : SegmenterManifest.read(previous);
		DecoderShape decoder = continued == null ? DecoderShape.WINDOW : continued.decoder();
		if (training != null && (training.width != crop || !training.decoder.equals(decoder))) {
			training.close();
			training = null;
		}
		boolean fresh = training == null;
		if (fresh || previous == null && (trainingUnknown || trainingHolds != null)) {
			if (training != null) training.close();
			training = null;
			log.log("train-segmenter: building the training network for " + crop + "x" + crop + " windows (once while the window size stays)");
			// batch 1: the remapper's fused conv + batch norm would run the frozen encoder ~10x slower (Device#withoutRemapper)
			SegmenterGraph g = SegmenterGraph.build(arch, crop, crop, classes, decoder, true, LOSS, seed, Device.withoutRemapper(encoder.device().sessionConfig(encoder.threads())));
			try {
				g.initialize();
				if (cancel != null) cancel.throwIfCancelled();
				g.restoreEncoder(encoder.checkpoint());
			}
			catch (RuntimeException e) {
				g.close();
				throw e;
			}
			training = g;
			trainingHolds = null;
			trainingUnknown = false;
		}
		if (previous != null && (trainingUnknown || !previous.equals(trainingHolds))) {
			SegmenterManifest.readMatching(previous, arch.key, classes, encoder.hash());
			training.restoreDecoder(previous.resolve(SegmenterManifest.DECODER), false);
			trainingHolds = previous;
			trainingUnknown = false;
		}
	}

	/**
	 * Builds the training graph for windows of {@code window} px on images whose smaller side is {@code side} px now,
	 * e.g. while the user paints, so the first round does not wait for it. Does nothing when it is built already.
	 */
	public synchronized void warmUp(int window, int side, ProgressListener log, CancelToken cancel) {
		int crop = Math.max(32, Math.min(window, side / 32 * 32));
		if (training == null || training.width != crop) prepareTraining(crop, null, 0, log == null ? ProgressListener.SILENT : log, cancel);
	}

	/** Rounds finished by this trainer. */
	public synchronized int rounds() {
		return rounds;
	}

	/** Closes the training network; waits for a round in progress to end (stop it first). */
	@Override
	public synchronized void close() {
		if (training != null) training.close();
		training = null;
	}
}
