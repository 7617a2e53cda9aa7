package org.ssltem.train;

import org.ssltem.augment.SegmentationAugment;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.Padding;
import org.ssltem.data.Resize;
import org.ssltem.data.SparseMasks;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.DecoderShape;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderCalibration;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.SegmentationLoss;
import org.ssltem.nn.SegmenterGraph;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.nn.Tensors;
import org.ssltem.nn.TransferredUNet;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the decoder of a {@link org.ssltem.nn.TransferredUNet} on few labelled images, the encoder frozen
 * (the paper's segmentation protocol): {@code labeled} image/mask pairs chosen by their coverage of the encoder's
 * feature space or at random ({@link LabelChoice}), flips and 90° rotations applied to image and mask together, loss 1 − soft Dice (or Dice + cross-entropy), Adam at 1e-3, the
 * paper's epochs for the label count unless given. After the last epoch the decoder's batch-norm statistics are set
 * to their exact average over the training images, then the decoder and {@code segmenter.json} are written, with
 * the training pixel scale that {@code segment} resamples its inputs to.
 * Everything is checked before training starts; a cancelled run writes nothing.
 */
public final class SegmenterTrainer {

	private SegmenterTrainer() {}

	public record Result(Path out, int labeled, int epochs, List<Double> lossPerEpoch, double wallTimeS, String device) {}

	/**
	 * A labelled example at training size ({@code width × height}): grey pixels, class indices, and the labelled pixels
	 * when the mask is sparse (else null).
	 */
	record Example(String key, int width, int height, float[] image, int[] classes, int[] labelled) {

		static Example of(String key, int width, int height, float[] image, int[] classes) {
			int n = 0;
			for (int v : classes) if (v != MaskRule.UNLABELLED) n++;
			if (n == classes.length) return new Example(key, width, height, image, classes, null);
			int[] at = new int[n];
			for (int i = 0, k = 0; i < classes.length; i++) if (classes[i] != MaskRule.UNLABELLED) at[k++] = i;
			return new Example(key, width, height, image, classes, at);
		}
	}

	/** What a cancelled run keeps: the promise the faces show when the user stops it. */
	public static final String ON_CANCEL = "stopping after the current step; a segmenter is written only when training ends, so nothing is kept";

	/** The smallest side of a labelled image: the encoder halves it five times. */
	static final int MIN_SIDE = 32;

	public static Result run(SegmenterConfig c, ProgressListener listener, CancelToken cancel) {
		if (c.out == null) throw UserInputException.option("{{out}} is missing", "give a new or empty folder for the segmenter");
		// proved writable and locked before the encoder is loaded; removed again if the run writes nothing
		try (OutputFolder folder = OutputFolder.claim(Path.of(c.out), "train-segmenter", "{{out}}")) {
			if (!folder.isEmpty())
				throw UserInputException.about(folder.path(), "is not empty", "give {{out}} a new or empty folder (a segmenter is never written over another)");
			return train(c, folder.path(), listener, cancel);
		}
	}

	private static Result train(SegmenterConfig c, Path out, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		// ---- check everything first -------------------------------------------------------------------------
		Path encoderDir = Path.of(c.encoder);
		EncoderManifest em = EncoderManifest.read(encoderDir);
		em.verifyCheckpoint(encoderDir);
		String unfinished = em.unfinishedWarning(encoderDir);
		if (unfinished != null) log.log("train-segmenter: " + unfinished);
		String encoderHash = SegmenterManifest.encoderHash(encoderDir);
		Architecture arch = em.architecture();
		if (c.size != null && c.size != 0) Architecture.checkInputSize(c.size);
		if (c.labeled < 1) throw UserInputException.option("{{labeled}} must be at least 1, got " + c.labeled, "pass e.g. {{labeled}} 8");
		if (c.batch < 1) throw UserInputException.option("{{batch}} must be at least 1, got " + c.batch, "pass e.g. {{batch}} 8");
		if (c.epochs < 0) throw UserInputException.option("{{epochs}} must be 0 (the paper's schedule) or positive, got " + c.epochs, "pass e.g. {{epochs}} 60");
		if (!(c.lr > 0)) throw UserInputException.option("{{lr}} must be positive, got " + c.lr, "pass {{lr}} 0.001");
		if (c.crop != 0) {
			if (c.crop < 0 || c.crop % 32 != 0)
				throw UserInputException.option("{{crop}} must be 0 (whole images) or a positive multiple of 32, got " + c.crop, "pass e.g. {{crop}} 512");
			if (c.size != null && c.size > 0 && c.crop > c.size)
				throw UserInputException.option("{{crop}} " + c.crop + " is larger than {{size}} " + c.size, "pass {{crop}} " + c.size + " or less");
		}
		SegmentationLoss.Kind lossKind = SegmentationLoss.Kind.parse(c.loss);
		if (c.classes != null && c.classes > 2 && c.foreground != null)
			throw UserInputException.option("{{classes}} " + c.classes + " asks for a " + c.classes + "-class segmenter, {{foreground}} " + c.foreground
				+ " for a binary one (class " + c.foreground + " against all others)", "give only {{classes}} (multi-class) or only {{foreground}} (binary)");
		boolean multiClass = c.multiClass();
		MaskRule rule = c.maskRule();
		int classes = multiClass ? c.classes : 2;
		MatchedFiles.Labelled found = MatchedFiles.matchLabelled(Path.of(c.images), "{{images}}", Path.of(c.masks), "{{masks}}");
		List<MatchedFiles.Pair> pairs = found.pairs();
		if (c.labeled > pairs.size())
			throw UserInputException.option("{{labeled}} " + c.labeled + " is more than the " + pairs.size() + " image/mask pairs", "pass {{labeled}} " + pairs.size() + " or fewer");
		LabelChoice.Method method = LabelChoice.Method.parse(c.choose);
		TrainingSize.Choice sizeChoice = c.size == null ? TrainingSize.choose(pairs, rule, multiClass, cancel) : null;
		if (sizeChoice != null) log.log("train-segmenter: " + sizeChoice.logLine());
		int size = sizeChoice != null ? sizeChoice.size() : c.size;
		int epochs = c.epochs > 0 ? c.epochs : SegmenterConfig.paperEpochs(c.labeled);
		SegmenterManifest warm = c.warmStart == null || c.warmStart.isBlank() ? null : SegmenterManifest.read(Path.of(c.warmStart));
		if (warm != null && (!warm.architecture.equals(arch.key) || warm.classes != (multiClass ? c.classes : 2) || !encoderHash.equals(warm.encoderSha256)))
			throw UserInputException.about(Path.of(c.warmStart), "was trained " + (encoderHash.equals(warm.encoderSha256) ? "" : "on another encoder, ") + "for "
				+ warm.classes + " classes with a " + warm.architecture + " encoder; this training has " + (multiClass ? c.classes : 2) + " classes and a "
				+ arch.key + " encoder", "warm-start from a segmenter of the same encoder and classes, or leave {{warm_start}} empty");
		if (warm != null) // its decoder is where training starts: a damaged one is named now, not met as a TensorFlow error
			Checkpoints.verify(Path.of(c.warmStart).resolve(SegmenterManifest.DECODER), warm.decoderFiles, "warm-start from another segmenter, or leave {{warm_start}} empty");
		// a warm start continues its segmenter's decoder, so it keeps that decoder's stages, width and members; others given are refused
		DecoderShape asked = decoderShape(c);
		DecoderShape decoder = warm != null ? warm.decoder() : asked;
		if (warm != null && !c.decoder.equals(SegmenterConfig.DEFAULT_DECODER) && asked.stages() != decoder.stages())
			throw UserInputException.about(Path.of(c.warmStart), "has " + decoder.describe() + "; {{decoder}} asks for " + c.decoder,
				"leave {{decoder}} at its default (a warm start keeps its segmenter's decoder), or leave {{warm_start}} empty");
		if (warm != null && c.decoderWidth != TransferredUNet.DEFAULT_WIDTH && c.decoderWidth != decoder.width())
			throw UserInputException.about(Path.of(c.warmStart), "has a decoder " + decoder.width() + " filters wide; {{decoder_width}} asks for " + c.decoderWidth,
				"leave {{decoder_width}} at its default (a warm start keeps its segmenter's width), or leave {{warm_start}} empty");
		if (warm != null && c.ensemble != SegmenterConfig.DEFAULT_ENSEMBLE && c.ensemble != decoder.members())
			throw UserInputException.about(Path.of(c.warmStart), "has " + decoder.members() + " decoder" + (decoder.members() == 1 ? "" : "s") + "; {{ensemble}} asks for " + c.ensemble,
				"leave {{ensemble}} at its default (a warm start keeps its segmenter's decoders), or leave {{warm_start}} empty");

		Device device = Device.choose(Device.Preference.parse(c.device));
		int threads = c.threads > 0 ? c.threads : Device.defaultThreads();
		boolean choosing = c.labeled < pairs.size();
		boolean byCoverage = choosing && method == LabelChoice.Method.COVERAGE;

		// ---- the pool at training size, read once when the calibration or the choice of frames needs all of it --------
		int[] side = trainingSide(size, pairs.get(0).first());
		if (c.crop > Math.min(side[0], side[1]))
			throw UserInputException.option("{{crop}} " + c.crop + " is larger than the training images (" + side[0] + "x" + side[1] + ")",
				"pass {{crop}} " + Math.min(side[0], side[1]) / 32 * 32 + " or less");
		List<float[]> pool = null;
		if (c.calibrateBn || (byCoverage && size > 0)) {
			pool = new ArrayList<>();
			for (MatchedFiles.Pair p : pairs) {
				if (cancel != null) cancel.throwIfCancelled();
				pool.add(atTrainingSize(readImage(p.first()), size, side[0], side[1], p.first()));
			}
		}

		// ---- the encoder's batch-norm statistics, measured on all images at the training size (no masks) -----------
		Path statistics = null;
		int calibrationImages = 0;
		List<MatchedFiles.Pair> chosen;
		try {
			if (c.calibrateBn) {
				List<float[]> calibration = new ArrayList<>(pool);
				for (Path image : found.unlabelled()) { // images without labels still tell the encoder what the data look like
					if (cancel != null) cancel.throwIfCancelled();
					calibration.add(atTrainingSize(readImage(image), size, side[0], side[1], image));
				}
				calibrationImages = calibration.size();
				log.log("train-segmenter: measuring the encoder's batch-norm statistics on " + calibrationImages + " images at " + side[0] + "x" + side[1]
					+ " (weights unchanged)");
				statistics = EncoderCalibration.temporaryFolder();
				EncoderCalibration.measure(arch, side[1], side[0], em.checkpointFolder(encoderDir), calibration, Math.max(1, c.batch / 4), statistics,
					device.sessionConfig(threads), log, cancel);
			}
			if (!choosing) chosen = pairs;
			else if (byCoverage) {
				int featureSide = size > 0 ? size : FEATURE_SIDE;
				List<float[]> inputs = size > 0 ? pool : new ArrayList<>();
				if (size == 0)
					for (MatchedFiles.Pair p : pairs) inputs.add(Resize.bilinear(readImage(p.first()), featureSide, featureSide).pixels);
				log.log("train-segmenter: choosing " + c.labeled + " of " + pairs.size() + " images to label by their coverage of the encoder's feature space at "
					+ featureSide + "x" + featureSide);
				float[][] features = features(arch, em.checkpointFolder(encoderDir), statistics, inputs, featureSide, c.seed, device.sessionConfig(threads), cancel);
				chosen = LabelChoice.coverage(pairs, features, c.labeled, c.seed);
			}
			else chosen = LabelChoice.random(pairs, c.labeled, c.seed);
			if (choosing) log.log("train-segmenter: images to label chosen by " + method + " among " + pairs.size() + ", " + LabelChoice.describe(chosen));
		}
		catch (RuntimeException e) {
			EncoderCalibration.deleteTemporary(statistics); // a cancelled or failed run leaves nothing behind
			throw e;
		}

		// ---- load --------------------------------------------------------------------------------------------
		List<Example> examples = new ArrayList<>();
		long labelledPixels = 0, labelledAtTrainingSize = 0;
		String padded = null;
		boolean foregroundSeen = false;
		double[] scalesX = new double[chosen.size()], scalesY = new double[chosen.size()];
		java.util.Map<String, Integer> poolIndex = new java.util.HashMap<>();
		for (int i = 0; i < pairs.size(); i++) poolIndex.put(pairs.get(i).key(), i);
		try {
			for (MatchedFiles.Pair p : chosen) {
				GreyImage img = readImage(p.first());
				// sparse: unlabelled pixels stay MaskRule.UNLABELLED through resizing, padding, cropping and flips, and are left out of the loss
				int[] cls = SparseMasks.read(p.second(), img.width, img.height, rule);
				if (c.foreground != null) for (int v : cls) foregroundSeen |= v == c.foreground;
				if (!multiClass) for (int i = 0; i < cls.length; i++)
					if (cls[i] != MaskRule.UNLABELLED) cls[i] = (rule.foreground() == null ? cls[i] != 0 : cls[i] == rule.foreground()) ? 1 : 0;
				for (int v : cls) if (v != MaskRule.UNLABELLED) labelledPixels++;
				float[] px = pool != null ? pool.get(poolIndex.get(p.key())) : atTrainingSize(img, size, side[0], side[1], p.first());
				if (size > 0) cls = Resize.nearest(cls, img.width, img.height, side[0], side[1]);
				else {
					if (side[0] != img.width || side[1] != img.height) padded = img.width + "x" + img.height + " -> " + side[0] + "x" + side[1];
					cls = Padding.classes(cls, img.width, img.height, side[0], side[1]);
				}
				// the sparse fraction is of the training-size pixels: a dense mask resized up stays dense
				for (int v : cls) if (v != MaskRule.UNLABELLED) labelledAtTrainingSize++;
				scalesX[examples.size()] = size > 0 ? side[0] / (double) img.width : 1;
				scalesY[examples.size()] = size > 0 ? side[1] / (double) img.height : 1;
				examples.add(Example.of(p.key(), side[0], side[1], px, cls));
			}
		}
		catch (RuntimeException e) {
			EncoderCalibration.deleteTemporary(statistics);
			throw e;
		}
		pool = null; // the examples keep what training needs
		if (c.foreground != null && !foregroundSeen) {
			EncoderCalibration.deleteTemporary(statistics);
			throw UserInputException.option("{{foreground}} " + c.foreground + ": no pixel has this value in the " + chosen.size() + " mask(s) checked ("
				+ names(chosen) + "), so every target would be background", "pass the value your masks use for the foreground (see the masks' pixel values)");
		}
		if (labelledPixels == 0) {
			EncoderCalibration.deleteTemporary(statistics);
			throw UserInputException.option("the " + examples.size() + " masks chosen have no labelled pixel (every pixel is 255, unlabelled)",
				"label some pixels of each class, or choose other masks");
		}
		if (padded != null)
			log.log("train-segmenter: images are not a multiple of 32; padded " + padded + " (edge pixels repeated, the padding labelled background, or unlabelled where the masks are sparse)");
		double scaleX = median(scalesX), scaleY = median(scalesY);
		if (spread(scalesX) > 0.01 || spread(scalesY) > 0.01)
			log.log(String.format(Locale.ROOT, "train-segmenter: the labelled images have different sizes, so resizing them to %dx%d scaled them by"
				+ " %.3f-%.3f; segment will resample images by the median, %.4f x %.4f", side[0], side[1], min(scalesX), max(scalesX), scaleX, scaleY));
		int w = side[0], h = side[1];
		boolean cropping = c.crop > 0 && (c.crop < w || c.crop < h);
		int cw = cropping ? c.crop : w, ch = cropping ? c.crop : h;
		int batch = Math.min(c.batch, examples.size());
		log.log("train-segmenter: " + examples.size() + " labelled images " + w + "x" + h
			+ (labelledAtTrainingSize < (long) examples.size() * w * h ? String.format(Locale.ROOT, " (sparse: %.1f%% of their pixels labelled)", 100.0 * labelledAtTrainingSize / ((long) examples.size() * w * h)) : "") + (cropping ? " (random " + cw + "x" + ch + " crops)" : "")
			+ ", " + (multiClass ? classes + " classes" : "binary, " + rule.describe()) + ", " + epochs + " epochs, batch " + batch + ", " + arch.key
			+ " encoder, " + decoder.describe() + (warm != null && !decoder.equals(asked) ? " (the warm start's)" : "")
			+ ", " + device.description());

		// ---- train -------------------------------------------------------------------------------------------
		List<Double> lossPerEpoch = new ArrayList<>();
		java.util.Map<String, org.ssltem.core.FileDigest> decoderFiles;
		// building the graph and its first step take a while: say so, instead of leaving the last stage's "done" showing
		log.progress("train-segmenter", 0, (long) ((examples.size() + batch - 1) / batch) * epochs * decoder.members(), "building the network");
		// batch 1: the remapper's fused conv + batch norm would run the frozen encoder ~10x slower (Device#withoutRemapper)
		try (SegmenterGraph g = SegmenterGraph.build(arch, ch, cw, classes, decoder, true, lossKind, c.seed,
			batch == 1 ? Device.withoutRemapper(device.sessionConfig(threads)) : device.sessionConfig(threads)))
		{
			g.initialize();
			g.restoreEncoder(em.checkpointFolder(encoderDir));
			if (statistics != null) g.restoreEncoderStatistics(statistics);
			if (warm != null) g.restoreDecoder(Path.of(c.warmStart).resolve(SegmenterManifest.DECODER), false);
			lossPerEpoch.addAll(epochs(g, examples, cw, ch, batch, epochs, c.lr, c.seed, log, cancel));
			preciseBatchNorm(g, examples, cw, ch, batch, cancel);
			// ---- write -------------------------------------------------------------------------------------------
			if (cancel != null) cancel.throwIfCancelled();
			decoderFiles = g.saveDecoder(out.resolve(SegmenterManifest.DECODER), statistics != null);
		}
		finally {
			EncoderCalibration.deleteTemporary(statistics);
		}
		SegmenterManifest m = manifest(encoderDir, encoderHash, arch, classes, device);
		m.foreground = multiClass ? null : c.foreground;
		m.size = size;
		m.decoderWidth = decoder.width();
		m.ensemble = decoder.members();
		m.decoder = decoder.stages().key;
		if (sizeChoice != null) {
			m.sizeChoice = sizeChoice.reason();
			m.structureWidthPx = Double.isNaN(sizeChoice.width()) ? null : sizeChoice.width();
		}
		m.loss = lossKind.key;
		m.lr = c.lr;
		m.batch = batch;
		m.epochs = epochs;
		m.seed = c.seed;
		m.labeled = examples.size();
		m.labeledFiles = examples.stream().map(Example::key).toList();
		m.lossPerEpoch = lossPerEpoch;
		m.padded = padded;
		m.encoderBnCalibrated = statistics != null;
		m.calibrationImages = calibrationImages;
		m.crop = cropping ? c.crop : 0;
		m.decoderFiles = decoderFiles;
		m.labelChoice = choosing ? method.key : "all";
		m.scaleX = scaleX;
		m.scaleY = scaleY;
		m.wallTimeS = (System.nanoTime() - t0) / 1e9;
		m.write(out);
		return new Result(out, examples.size(), epochs, lossPerEpoch, m.wallTimeS, device.description());
	}

	/**
	 * Trains the decoder for {@code epochs} epochs of {@code batch} examples, one {@code cw × ch} window of each (around a
	 * random labelled pixel when the mask is sparse, anywhere otherwise; the whole image when it is that size), flipped
	 * and turned at random; returns the mean loss of each epoch (over the members of an ensemble, which train one after
	 * the other, each on its own draw of batches: {@link #memberSeed}). Stops between steps when cancelled.
	 */
	static List<Double> epochs(SegmenterGraph g, List<Example> examples, int cw, int ch, int batch, int epochs, double lr, long seed, ProgressListener log,
		CancelToken cancel)
	{
		int members = g.decoder.members();
		int stepsPerEpoch = (examples.size() + batch - 1) / batch;
		long[] done = { 0 };
		double[] sums = new double[epochs];
		for (int member = 0; member < members; member++) {
			List<Double> memberLoss = memberEpochs(g, member, examples, cw, ch, batch, epochs, lr, memberSeed(seed, member), log, cancel, done,
				(long) stepsPerEpoch * epochs * members);
			for (int e = 0; e < epochs; e++) sums[e] += memberLoss.get(e);
		}
		List<Double> lossPerEpoch = new ArrayList<>();
		for (double sum : sums) lossPerEpoch.add(sum / members);
		return lossPerEpoch;
	}

	/** The decoder {@code c} asks for, its options checked (a warm start's decoder is read from its segmenter instead). */
	public static DecoderShape decoderShape(SegmenterConfig c) {
		return DecoderShape.fromOptions(c.decoderWidth, c.ensemble, c.decoder);
	}

	/**
	 * The seed of an ensemble's member's batches: the given seed for the first member (so one decoder trains as it
	 * always has), and another for each further one. A member's own draw of augmented batches is what makes the
	 * members differ; different initial weights alone left them too alike (docs/segmentation.md, "An ensemble of decoders").
	 */
	static long memberSeed(long seed, int member) {
		return member == 0 ? seed : new SplittableRandom(seed).split().nextLong() + member;
	}

	private static List<Double> memberEpochs(SegmenterGraph g, int member, List<Example> examples, int cw, int ch, int batch, int epochs, double lr, long seed,
		ProgressListener log, CancelToken cancel, long[] done, long totalSteps)
	{
		int channels = g.classes == 2 ? 1 : g.classes;
		int area = cw * ch;
		float[] xb = new float[batch * area], tb = new float[batch * area * channels];
		float[] imgCrop = new float[area], imgAug = new float[area];
		int[] clsCrop = new int[area], clsAug = new int[area];
		int stepsPerEpoch = (examples.size() + batch - 1) / batch;
		int members = g.decoder.members();
		String which = members == 1 ? "" : String.format(Locale.ROOT, "decoder %d/%d, ", member + 1, members);
		List<Double> lossPerEpoch = new ArrayList<>();
		for (int epoch = 0; epoch < epochs; epoch++) {
			SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch);
			int[] order = LabelChoice.permutation(examples.size(), r);
			double sum = 0;
			for (int s = 0; s < stepsPerEpoch; s++) {
				if (cancel != null) cancel.throwIfCancelled();
				int n = Math.min(batch, examples.size() - s * batch);
				java.util.Arrays.fill(tb, 0f);
				for (int i = 0; i < n; i++) {
					Example e = examples.get(order[s * batch + i]);
					int w = e.width(), h = e.height();
					float[] img = e.image();
					int[] cls = e.classes();
					if (cw < w || ch < h) {
						int x0 = r.nextInt(w - cw + 1), y0 = r.nextInt(h - ch + 1);
						if (e.labelled() != null && e.labelled().length > 0) { // sparse: a window around a random labelled pixel
							int at = e.labelled()[r.nextInt(e.labelled().length)];
							x0 = Math.max(0, Math.min(w - cw, at % w - cw / 4 - r.nextInt(cw / 2 + 1)));
							y0 = Math.max(0, Math.min(h - ch, at / w - ch / 4 - r.nextInt(ch / 2 + 1)));
						}
						SegmentationAugment.crop(img, w, x0, y0, cw, ch, imgCrop);
						SegmentationAugment.crop(cls, w, x0, y0, cw, ch, clsCrop);
						img = imgCrop;
						cls = clsCrop;
					}
					int turns = cw == ch ? r.nextInt(4) : 2 * r.nextInt(2);
					int[] map = SegmentationAugment.mapping(cw, ch, r.nextBoolean(), turns);
					SegmentationAugment.apply(img, imgAug, map);
					SegmentationAugment.apply(cls, clsAug, map);
					System.arraycopy(imgAug, 0, xb, i * area, area);
					for (int p = 0; p < area; p++) {
						if (channels == 1) tb[i * area + p] = clsAug[p]; // −1: unlabelled (SegmentationLoss)
						else if (clsAug[p] >= 0) tb[(i * area + p) * channels + clsAug[p]] = 1f; // all zero: unlabelled
					}
				}
				float loss;
				try (TFloat32 x = Tensors.floats(Shape.of(n, ch, cw, 1), n == batch ? xb : java.util.Arrays.copyOf(xb, n * area));
					TFloat32 t = Tensors.floats(Shape.of(n, ch, cw, channels), n == batch ? tb : java.util.Arrays.copyOf(tb, n * area * channels)))
				{
					loss = g.step(member, x, t, (float) lr);
				}
				if (!Float.isFinite(loss))
					throw new Pretrainer.TrainingDivergedException("the segmentation loss became " + loss + " in epoch " + (epoch + 1) + "; nothing was written");
				sum += loss;
				done[0]++;
				log.progress("train-segmenter", done[0], totalSteps, String.format(Locale.ROOT, "%sepoch %d/%d loss %.4f", which, epoch + 1, epochs, loss));
			}
			lossPerEpoch.add(sum / stepsPerEpoch);
		}
		return lossPerEpoch;
	}

	/**
	 * Precise batch norm for the decoder: its statistics averaged over the un-augmented training images, cut into a grid
	 * of {@code cw × ch} windows. Stops between batches when cancelled.
	 */
	static void preciseBatchNorm(SegmenterGraph g, List<Example> examples, int cw, int ch, int batch, CancelToken cancel) {
		int area = cw * ch;
		List<float[]> windows = new ArrayList<>();
		for (Example e : examples)
			for (int y0 : SegmentationAugment.gridStarts(e.height(), ch))
				for (int x0 : SegmentationAugment.gridStarts(e.width(), cw)) {
					float[] win = new float[area];
					SegmentationAugment.crop(e.image(), e.width(), x0, y0, cw, ch, win);
					windows.add(win);
				}
		for (int s = 0, b = 0; s < windows.size(); s += batch, b++) {
			if (cancel != null) cancel.throwIfCancelled();
			int n = Math.min(batch, windows.size() - s);
			float[] xs = new float[n * area];
			for (int i = 0; i < n; i++) System.arraycopy(windows.get(s + i), 0, xs, i * area, area);
			try (TFloat32 x = Tensors.floats(Shape.of(n, ch, cw, 1), xs)) {
				g.accumulateStatistics(x, b);
			}
		}
	}

	/** The fields every segmenter records about where it comes from: encoder, architecture, classes, versions, device, date. */
	static SegmenterManifest manifest(Path encoderDir, String encoderHash, Architecture arch, int classes, Device device) {
		SegmenterManifest m = new SegmenterManifest();
		m.encoder = encoderDir.toAbsolutePath().normalize().toString();
		m.encoderSha256 = encoderHash;
		m.architecture = arch.key;
		m.classes = classes;
		m.versions.putAll(Versions.all(true));
		m.device = device.description();
		m.created = Instant.now().toString();
		return m;
	}

	/**
	 * An image as training sees it: resized to {@code size × size}, or with {@code size} 0 padded (edge pixels
	 * repeated) to {@code w × h}, the side rounded up to a multiple of 32.
	 */
	private static float[] atTrainingSize(GreyImage img, int size, int w, int h, Path file) {
		if (size > 0) return Resize.bilinear(img, size, size).pixels;
		if (roundUp32(img.width) != w || roundUp32(img.height) != h)
			throw UserInputException.about(file, "is " + img.width + "×" + img.height + ", unlike the first labelled image (" + w + "×" + h
				+ " after padding), so they cannot share a batch", "pass {{size}} N to resize every image to N×N");
		return Padding.replicate(img.pixels, img.width, img.height, w, h);
	}

	/** Side of the square images the coverage choice reads when training at native size ({@code --size 0}). */
	static final int FEATURE_SIDE = 224;

	/** An image to train on, at least {@link #MIN_SIDE} px on each side. */
	private static GreyImage readImage(Path file) {
		GreyImage img = ImageFiles.readGrey(file);
		if (img.width < MIN_SIDE || img.height < MIN_SIDE)
			throw UserInputException.about(file, "is " + img.width + "×" + img.height + " px, too small to train on (at least " + MIN_SIDE
				+ " px on each side)", "remove it and its mask from the folders");
		return img;
	}

	/** The training side {@code [w, h]}: {@code size × size}, or the first image's size rounded up to a multiple of 32. */
	private static int[] trainingSide(int size, Path first) {
		if (size > 0) return new int[] { size, size };
		GreyImage img = readImage(first);
		return new int[] { roundUp32(img.width), roundUp32(img.height) };
	}

	/** Pooled encoder features of square images (the calibrated statistics when measured), one row per image. */
	private static float[][] features(Architecture arch, Path checkpoint, Path statistics, List<float[]> images, int side, long seed,
		org.tensorflow.proto.ConfigProto config, CancelToken cancel)
	{
		float[][] out = new float[images.size()][];
		int batch = 4, area = side * side, width = arch.featureWidth;
		try (EncoderGraph g = EncoderGraph.build(arch, side, seed, config)) {
			g.restore(checkpoint);
			if (statistics != null) g.restoreStatistics(statistics);
			for (int s = 0; s < images.size(); s += batch) {
				if (cancel != null) cancel.throwIfCancelled();
				int n = Math.min(batch, images.size() - s);
				float[] x = new float[n * area];
				for (int i = 0; i < n; i++) System.arraycopy(images.get(s + i), 0, x, i * area, area);
				float[] f = g.features(x, n);
				for (int i = 0; i < n; i++) out[s + i] = java.util.Arrays.copyOfRange(f, i * width, (i + 1) * width);
			}
		}
		return out;
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		java.util.Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static double min(double[] v) {
		return java.util.Arrays.stream(v).min().orElse(Double.NaN);
	}

	private static double max(double[] v) {
		return java.util.Arrays.stream(v).max().orElse(Double.NaN);
	}

	/** Relative spread (max − min) / median. */
	private static double spread(double[] v) {
		return (max(v) - min(v)) / median(v);
	}

	static int roundUp32(int v) {
		return (v + 31) / 32 * 32;
	}

	/** The masks' file names, the first few, for a message. */
	private static String names(List<MatchedFiles.Pair> pairs) {
		List<String> n = pairs.stream().map(p -> p.second().getFileName().toString()).toList();
		return n.size() <= 5 ? String.join(", ", n) : String.join(", ", n.subList(0, 5)) + ", …";
	}
}
