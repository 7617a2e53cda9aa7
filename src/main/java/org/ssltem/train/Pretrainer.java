package org.ssltem.train;

import org.ssltem.augment.SslAugmenter;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.FileDigest;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.RunLock;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.TrainingImages;
import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.PretrainingGraph;
import org.ssltem.nn.Tensors;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Self-supervised pretraining of an encoder (the paper's step 1): SimCLR or Barlow Twins, SGD with cosine
 * decay, checkpoints every {@code checkpoint_every} epochs and at the end, exact resume, progress and cancel.
 *
 * <p>The engine behind {@code ssl-tem pretrain} and the Fiji "Pretrain Encoder" command. It checks all input
 * before it writes anything, and it never leaves a half-written checkpoint or manifest.
 */
public final class Pretrainer {

	/** Writes a checkpoint folder; replaceable in tests to simulate a failing disk. */
	@FunctionalInterface
	interface CheckpointWriter {
		/** @return the size and SHA-256 of each file written */
		java.util.Map<String, FileDigest> write(PretrainingGraph graph, Path folder);
	}

	/** What a cancelled pretraining run keeps: the promise the faces show when the user stops it. */
	public static final String ON_CANCEL = "stopping after the current step; its checkpoint is kept and {{resume}} continues from it";

	/** Images used to calibrate batch-norm statistics before each checkpoint. */
	static final int CALIBRATION_IMAGES = 512;

	private final PretrainConfig config;
	private final ProgressListener listener;
	private final CancelToken cancel;
	CheckpointWriter checkpointWriter = (g, folder) -> Checkpoints.save(g.session, folder);
	/** The manifest as last written to disk (or as resumed from): the fallback the next manifest records. */
	private EncoderManifest lastCommitted;
	/** Sees each step's loss before it is checked; tests use it to simulate a diverged step. */
	java.util.function.UnaryOperator<Float> lossObserver = loss -> loss;
	/** Nanoseconds, for the time budget; tests give a clock that moves by a fixed amount. */
	java.util.function.LongSupplier clock = System::nanoTime;

	public Pretrainer(PretrainConfig config, ProgressListener listener, CancelToken cancel) {
		this.config = config;
		this.listener = listener == null ? ProgressListener.SILENT : listener;
		this.cancel = cancel == null ? new CancelToken() : cancel;
	}

	public static PretrainResult run(PretrainConfig config, ProgressListener listener, CancelToken cancel) {
		return new Pretrainer(config, listener, cancel).run();
	}

	/**
	 * Writes an encoder folder with the run's initial weights and no training at all, its batch-norm statistics
	 * calibrated on the images like a trained one's: the "random initialisation" baseline that shows what
	 * pretraining buys. {@code config.epochs} is ignored.
	 */
	public static PretrainResult untrained(PretrainConfig config, ProgressListener listener, CancelToken cancel) {
		Pretrainer p = new Pretrainer(config, listener, cancel);
		p.untrainedOnly = true;
		// called by label-efficiency for its random: baselines
		p.sizeOption = "{{random_size}}";
		p.tileOption = null;
		return p.run();
	}

	private boolean untrainedOnly;
	/** The options that set the input and tile sizes in the calling command, for messages (null: it has none). */
	private String sizeOption = "{{size}}", tileOption = "{{tile}}";
	/** With {@link #untrainedOnly}: restore these weights first (batch-norm recalibration of a trained encoder). */
	private Path weightsFrom;

	/**
	 * A copy of a trained encoder whose batch-norm statistics are measured on other images, such as the labelled
	 * dataset's (no labels are used). The weights are unchanged. An encoder pretrained on one kind of image
	 * normalises another kind with the wrong means and variances; the untrained baseline of the label-efficiency
	 * protocol is calibrated on the dataset too, so comparing like with like needs this.
	 */
	public static PretrainResult recalibrated(Path encoder, Path images, Path out, ProgressListener listener, CancelToken cancel) {
		EncoderManifest source = EncoderManifest.read(encoder);
		if (source.checkpoint == null || !Checkpoints.exists(source.checkpointFolder(encoder)))
			throw UserInputException.about(encoder, "has no checkpoint to take the weights from", "pretrain it first (or resume it until a checkpoint is written)");
		PretrainConfig c = source.config != null ? EncoderManifest.GSON.fromJson(source.config, PretrainConfig.class) : importedConfig(source);
		c.images = images.toString();
		c.out = out.toString();
		c.resume = false;
		c.maxImages = 0;
		c.tile = 0;
		c.epochs = Math.max(1, source.epochsCompleted);
		int n = ImageDataset.scan(images).size();
		c.batch = Math.max(2, Math.min(c.batch, n));
		Pretrainer p = new Pretrainer(c, listener, cancel);
		p.untrainedOnly = true;
		p.sizeOption = null;
		p.tileOption = null;
		p.weightsFrom = encoder.toAbsolutePath().normalize();
		return p.run();
	}

	/** An imported encoder has no pretraining settings: its architecture and input size, with the defaults for the rest. */
	private static PretrainConfig importedConfig(EncoderManifest source) {
		PretrainConfig c = new PretrainConfig();
		c.arch = source.architecture;
		c.size = source.inputSize;
		return c;
	}

	public PretrainResult run() {
		PretrainConfig.Checked c = config.check();
		Path images = Path.of(config.images).toAbsolutePath().normalize();
		Path out = Path.of(config.out).toAbsolutePath().normalize();
		config.images = images.toString();
		config.out = out.toString();
		// the folder is proved writable and locked before any image or model is loaded
		try (OutputFolder folder = OutputFolder.claim(out, "pretrain", "{{out}}")) {
			if (!folder.cleaned().isEmpty())
				listener.log("ssl-tem: removed " + folder.cleaned().size() + " unfinished temporary file(s) left by an interrupted run in " + out);
			return run(c, images, out, folder);
		}
	}

	private PretrainResult run(PretrainConfig.Checked c, Path images, Path out, OutputFolder folder) {
		long started = System.nanoTime(), budgetStarted = clock.getAsLong();
		EncoderManifest previous = checkOutputFolder(out, folder);
		ImageDataset dataset = ImageDataset.scan(images);
		if (config.maxImages > 0) dataset = dataset.firstN(config.maxImages);
		List<EncoderManifest.InputFile> inputs = hashInputs(dataset, images);
		if (previous != null && !previous.inputs.equals(inputs))
			throw UserInputException.about(images, "the images differ from those the run in " + out + " started with: " + inputDifference(previous.inputs, inputs),
				"resume with the same images, or start a new run in another {{out}} folder");

		List<GreyImage> pool = TrainingImages.load(dataset.files(), config.size, config.tile > 0 ? config.tile : null, sizeOption, tileOption, listener, cancel);
		if (pool.size() < config.batch)
			throw UserInputException.about(images, "{{batch}} " + config.batch + " is larger than the dataset (" + pool.size() + " training images)",
				"use {{batch}} " + Math.max(2, Integer.highestOneBit(pool.size())) + " or less, add images, or tile large images with {{tile}}");

		Device device = Device.choose(c.device());
		if (untrainedOnly)
			listener.log("ssl-tem: device " + device.description() + "; " + c.arch().key + " at " + config.size + " px, "
				+ (weightsFrom != null ? "weights of " + weightsFrom : "initial weights (no training)") + ", batch-norm statistics measured on "
				+ Math.min(pool.size(), CALIBRATION_IMAGES) + " images from " + images);
		else
			listener.log("ssl-tem: device " + device.description() + ", " + c.threads() + " threads; " + pool.size() + " training images from "
				+ dataset.size() + " files; " + c.arch().key + " at " + config.size + " px, " + c.method().key + " (" + c.variant().key + " loss)");

		EncoderManifest manifest = previous != null ? previous : newManifest(c, images, inputs, pool.size(), device);
		manifest.device = device.description();
		manifest.config = config.toJson();
		boolean createdOut = folder.created();
		lastCommitted = previous == null ? null : copyOf(previous);
		int stepsPerEpoch = pool.size() / config.batch;
		manifest.stepsPerEpoch = stepsPerEpoch;
		if (config.timeBudget > 0 && !untrainedOnly && device.kind() == Device.Kind.CPU)
			planWithinBudget(manifest.epochsCompleted, seconds(budgetStarted), DurationEstimate.secondsPerEpoch(config, pool.size(), c.threads()), "by the estimate");
		manifest.config = config.toJson();
		CosineDecay schedule = new CosineDecay(config.lr, (long) config.epochs * stepsPerEpoch);
		SslAugmenter augmenter = new SslAugmenter(config.size, c.crop(), SslAugmenter.PAPER_FLIP_PROBABILITY, SslAugmenter.PAPER_JITTER_PROBABILITY, config.jitter,
			config.jitter, c.quarterTurns());
		double wallBefore = manifest.wallTimeS;

		PretrainingGraph.Spec spec = new PretrainingGraph.Spec(c.arch(), config.size, c.projector(), c.method(), c.variant(),
			config.temperature, config.lambda, config.seed, c.optimizer());
		try (PretrainingGraph graph = PretrainingGraph.build(spec, device.sessionConfig(c.threads()));
			ViewBatches batches = new ViewBatches(pool, augmenter, config.seed, config.batch);
			// one input tensor for the whole run, refilled each step
			TFloat32 views = TFloat32.tensorOf(Shape.of(2L * config.batch, config.size, config.size, 1)))
		{
			graph.initialize();
			// room for this run's checkpoints (the last two are kept) before the first step, not at the first checkpoint
			OutputFolder.requireFreeSpace(out, 2 * Checkpoints.bytesOf(graph.variables) + (1 << 20), "two checkpoints", "{{out}}");
			if (previous != null) {
				Checkpoints.restore(graph.session, graph.graph, previous.checkpointFolder(out), graph.variables);
				listener.log("ssl-tem: resuming after epoch " + previous.epochsCompleted
					+ (previous.stepsCompletedInEpoch > 0 ? " step " + previous.stepsCompletedInEpoch : "") + " from " + previous.checkpoint);
			}
			if (weightsFrom != null) {
				EncoderManifest source = EncoderManifest.read(weightsFrom);
				source.verifyCheckpoint(weightsFrom);
				// an imported encoder brings no projector: the copy keeps its fresh one, which nothing downstream uses
				Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>(graph.modelVariables);
				if (source.imported != null) weights.keySet().removeIf(name -> name.startsWith("projector_"));
				Checkpoints.restore(graph.session, graph.graph, source.checkpointFolder(weightsFrom), weights);
				manifest.weightsFrom = weightsFrom.toString();
				manifest.weightsFromIdentity = org.ssltem.nn.EncoderIdentity.of(weightsFrom).sha256();
				manifest.inputNormalisation = source.inputNormalisation;
				manifest.imported = source.imported;
				manifest.epochsCompleted = source.epochsCompleted;
				manifest.lossPerEpoch = source.lossPerEpoch;
				listener.log("ssl-tem: weights from " + weightsFrom + ", batch-norm statistics from " + images);
			}
			if (untrainedOnly) {
				manifest.status = weightsFrom != null ? "bn_calibrated" : "untrained";
				saveCheckpoint(graph, pool, out, manifest, wallBefore, started, "epoch-0000");
				return result(out, manifest);
			}
			if (manifest.epochsCompleted >= config.epochs) {
				listener.log("ssl-tem: nothing to do, " + manifest.epochsCompleted + " epochs already completed (ask for more with {{epochs}})");
				manifest.status = "completed";
				return result(out, manifest);
			}

			long totalSteps = (long) config.epochs * stepsPerEpoch;
			int firstEpoch = manifest.epochsCompleted;
			for (int epoch = manifest.epochsCompleted; epoch < config.epochs; epoch++) {
				long epochStarted = clock.getAsLong();
				double lossSum = manifest.partialEpochLossSum;
				for (int step = manifest.stepsCompletedInEpoch; step < stepsPerEpoch; step++) {
					float lr = schedule.at(manifest.globalStep);
					batches.into(epoch, step, views);
					float loss = lossObserver.apply(graph.step(views, lr, manifest.globalStep + 1));
					if (!Float.isFinite(loss)) return stopOnNan(out, manifest, createdOut, epoch, step, loss);
					lossSum += loss;
					manifest.globalStep++;
					manifest.stepsCompletedInEpoch = step + 1;
					manifest.partialEpochLossSum = lossSum;
					listener.progress("pretrain", manifest.globalStep, totalSteps, String.format(Locale.ROOT,
						"epoch %d/%d step %d/%d loss %.4f lr %.4f", epoch + 1, config.epochs, step + 1, stepsPerEpoch, loss, lr));
					if (cancel.isCancelled() && !(step + 1 == stepsPerEpoch)) {
						manifest.status = "cancelled";
						saveCheckpoint(graph, pool, out, manifest, wallBefore, started, String.format(Locale.ROOT, "epoch-%04d-step-%04d", epoch, step + 1));
						listener.log("ssl-tem: cancelled; checkpoint kept at " + out.resolve(manifest.checkpoint));
						return result(out, manifest);
					}
				}
				manifest.lossPerEpoch.add(lossSum / stepsPerEpoch);
				manifest.epochsCompleted = epoch + 1;
				manifest.stepsCompletedInEpoch = 0;
				manifest.partialEpochLossSum = 0;
				if (config.timeBudget > 0 && epoch + 1 < config.epochs) {
					int before = config.epochs;
					// the first epoch measures this machine: plan again from it; later ones only guard the budget
					planWithinBudget(epoch + 1, seconds(budgetStarted), seconds(epochStarted), epoch == firstEpoch ? "by the first epoch's time" : "by the clock");
					if (config.epochs != before) {
						manifest.config = config.toJson();
						schedule = new CosineDecay(config.lr, (long) config.epochs * stepsPerEpoch);
						totalSteps = (long) config.epochs * stepsPerEpoch;
					}
				}
				boolean last = epoch + 1 == config.epochs;
				boolean cancelled = cancel.isCancelled();
				if (last || cancelled || (epoch + 1) % config.checkpointEvery == 0) {
					manifest.status = last ? "completed" : cancelled ? "cancelled" : "running";
					saveCheckpoint(graph, pool, out, manifest, wallBefore, started, String.format(Locale.ROOT, "epoch-%04d", epoch + 1));
				}
				listener.log(String.format(Locale.ROOT, "ssl-tem: epoch %d/%d mean loss %.5f", epoch + 1, config.epochs, lossSum / stepsPerEpoch));
				if (cancelled && !last) {
					listener.log("ssl-tem: cancelled; checkpoint kept at " + out.resolve(manifest.checkpoint));
					return result(out, manifest);
				}
			}
			return result(out, manifest);
		}
		catch (CancelToken.CancelledException e) {
			throw e;
		}
		catch (Exception e) {
			if (createdOut && manifest.checkpoint == null) AtomicFiles.deleteQuietly(out);
			if (e instanceof RuntimeException re) throw re;
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Cuts {@code config.epochs} so that the run ends within its time budget: {@code done} epochs are finished after
	 * {@code spentS} seconds and each further one takes {@code epochS}. At least one epoch more than {@code done} is
	 * kept, so a run always trains, and the epochs are never raised above what was asked.
	 */
	void planWithinBudget(int done, double spentS, double epochS, String how) {
		int fit = epochsWithin(config.timeBudget * 60, done, spentS, epochS);
		if (fit >= config.epochs) return;
		listener.log(String.format(Locale.ROOT, "ssl-tem: %d of %d {{epochs}} fit the {{time_budget}} of %s min %s (%.0f s per epoch)", fit, config.epochs,
			new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(config.timeBudget), how, epochS));
		config.epochs = fit;
	}

	/** The epochs, counting the {@code done} ones, that end within {@code budgetS} seconds; at least {@code done + 1}. */
	static int epochsWithin(double budgetS, int done, double spentS, double epochS) {
		double more = epochS > 0 ? Math.floor((budgetS - spentS) / epochS) : Integer.MAX_VALUE;
		return (int) Math.max(done + 1, Math.min(Integer.MAX_VALUE, done + more));
	}

	private double seconds(long since) {
		return (clock.getAsLong() - since) / 1e9;
	}

	/**
	 * A new run needs an empty or missing folder; a resume needs a manifest with an intact checkpoint (or an intact
	 * previous one) and the same settings. A folder whose only checkpoint never completed (the run was killed while
	 * writing it) holds nothing to resume, so the run starts fresh.
	 */
	private EncoderManifest checkOutputFolder(Path out, OutputFolder folder) {
		boolean hasManifest = Files.isRegularFile(EncoderManifest.fileIn(out));
		boolean hasFiles = !hasManifest && holdsFiles(out);
		if (!config.resume) {
			if (hasManifest)
				throw UserInputException.about(out, "already holds a pretraining run (manifest.json)",
					"pass {{resume}} to continue it, or choose an empty {{out}} folder");
			if (hasFiles)
				throw UserInputException.about(out, "is not empty and holds no SSL-TEM run", "choose an empty or new {{out}} folder; nothing was written");
			return null;
		}
		if (!hasManifest) {
			// a run killed while writing its first checkpoint leaves only that unfinished checkpoint: start it afresh
			if (folder.cleaned().isEmpty() || hasFiles)
				throw UserInputException.about(out, "nothing to resume: no manifest.json or checkpoint here",
					"run without {{resume}} to start a new run in this folder");
			listener.log("ssl-tem: nothing to resume in " + out + " (its only checkpoint was never completed); starting a new run");
			return null;
		}
		EncoderManifest onDisk = EncoderManifest.read(out);
		// refused before the checkpoint's digests are checked: there is nothing to resume even when it is intact
		if (onDisk.isBaselineCopy())
			throw UserInputException.about(out, "holds " + ("untrained".equals(onDisk.status) ? "an untrained encoder" : "a copy of an encoder with recalibrated batch-norm statistics")
				+ " (a label-efficiency baseline), which was never trained and has nothing to resume", "start a new run in an empty {{out}} folder");
		EncoderManifest m = intactCheckpointOf(out, onDisk);
		List<String> diffs = config.differencesFrom(m.config);
		if (!diffs.isEmpty())
			throw UserInputException.about(out, "holds a different run: " + String.join("; ", diffs),
				"resume with the same settings (only {{epochs}}, {{time_budget}}, {{checkpoint_every}}, {{device}} and {{threads}} may change), or choose another {{out}}");
		return m;
	}

	/** The manifest to resume from: the last one if its checkpoint is intact, else the previous one, with a message. */
	private EncoderManifest intactCheckpointOf(Path out, EncoderManifest m) {
		if (m.checkpoint == null)
			throw UserInputException.about(out, "nothing to resume: the manifest names no checkpoint", "start a new run in an empty {{out}} folder");
		Path last = m.checkpointFolder(out);
		if (Checkpoints.intact(last, m.checkpointFiles)) return m;
		String damage = Checkpoints.exists(last) ? FileDigest.damage(last, m.checkpointFiles) : "it is missing";
		EncoderManifest before = m.previous;
		if (before != null && before.checkpoint != null && Checkpoints.intact(before.checkpointFolder(out), before.checkpointFiles)) {
			listener.log("ssl-tem: the last checkpoint " + last + " is damaged (" + damage + "); resuming from the previous one, " + before.checkpoint
				+ " (" + before.epochsCompleted + " epochs)");
			before.previous = null;
			return before;
		}
		throw UserInputException.about(last, "the checkpoint is damaged (" + damage + ") and no intact earlier checkpoint is kept",
			"start a new run in an empty {{out}} folder (or restore this checkpoint from a backup)");
	}

	/** Whether {@code out} holds any file besides this run's lock (empty sub-folders do not count). */
	private static boolean holdsFiles(Path out) {
		try (var walk = Files.walk(out)) {
			return walk.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(RunLock.FILE));
		}
		catch (IOException e) {
			throw UserInputException.about(out, "cannot read the output folder (" + e.getMessage() + ")", "check its permissions");
		}
	}

	/** The first image that is new, missing or changed since the run started, by name. */
	static String inputDifference(List<EncoderManifest.InputFile> before, List<EncoderManifest.InputFile> now) {
		java.util.Map<String, String> was = new java.util.LinkedHashMap<>();
		for (EncoderManifest.InputFile f : before) was.put(f.file(), f.sha256());
		java.util.Map<String, String> is = new java.util.LinkedHashMap<>();
		for (EncoderManifest.InputFile f : now) is.put(f.file(), f.sha256());
		for (var e : is.entrySet()) {
			String old = was.get(e.getKey());
			if (old == null) return e.getKey() + " is new";
			if (!old.equals(e.getValue())) return e.getKey() + " has changed (its SHA-256 differs)";
		}
		for (String f : was.keySet())
			if (!is.containsKey(f)) return f + " is missing";
		return "the order of the images differs";
	}

	private static EncoderManifest copyOf(EncoderManifest m) {
		EncoderManifest c = EncoderManifest.GSON.fromJson(EncoderManifest.GSON.toJson(m), EncoderManifest.class);
		c.previous = null;
		return c;
	}

	private static List<EncoderManifest.InputFile> hashInputs(ImageDataset dataset, Path root) {
		List<EncoderManifest.InputFile> inputs = new ArrayList<>();
		for (Path f : dataset.files())
			inputs.add(new EncoderManifest.InputFile(root.relativize(f).toString().replace('\\', '/'), Hashing.sha256(f)));
		return inputs;
	}

	private EncoderManifest newManifest(PretrainConfig.Checked c, Path images, List<EncoderManifest.InputFile> inputs, int trainingImages, Device device) {
		EncoderManifest m = new EncoderManifest();
		m.status = "running";
		m.architecture = c.arch().key;
		m.inputSize = config.size;
		m.featureWidth = c.arch().featureWidth;
		m.seed = config.seed;
		m.inputsRoot = images.toString();
		m.inputs = inputs;
		m.trainingImages = trainingImages;
		m.versions.putAll(Versions.all(true));
		m.device = device.description();
		m.created = Instant.now().toString();
		return m;
	}

	/**
	 * Sets the batch-norm moving statistics to exact averages over (up to {@link #CALIBRATION_IMAGES}) whole
	 * training images at the input size, the distribution features are computed on. A short run's moving
	 * averages (momentum 0.99) would still lean on their initial values. Touches no weight, so training and
	 * exact resume are unaffected.
	 */
	private void calibrateBatchNorm(PretrainingGraph graph, List<GreyImage> pool) {
		int size = config.size;
		int n = Math.min(pool.size(), CALIBRATION_IMAGES);
		int batch = Math.max(2, Math.min(2 * config.batch, n));
		float[] pixels = new float[batch * size * size];
		int batches = n / batch;
		for (int b = 0; b < batches; b++) {
			for (int i = 0; i < batch; i++) {
				GreyImage img = pool.get(b * batch + i);
				GreyImage whole = img.width == size && img.height == size ? img : org.ssltem.data.Resize.bilinear(img, size, size);
				System.arraycopy(whole.pixels, 0, pixels, i * size * size, size * size);
			}
			try (TFloat32 x = Tensors.floats(Shape.of(batch, size, size, 1), pixels)) {
				graph.accumulateStatistics(x, b);
			}
			listener.progress("bn-stats", b + 1, batches, "batch-norm statistics " + (b + 1) + "/" + batches);
		}
	}

	/** Checkpoint first, then the manifest that points to it (the commit), then prune older checkpoints. */
	private void saveCheckpoint(PretrainingGraph graph, List<GreyImage> pool, Path out, EncoderManifest m, double wallBefore, long started, String name) {
		Path folder = out.resolve("checkpoints").resolve(name);
		calibrateBatchNorm(graph, pool);
		// an untrained or recalibrated copy is never trained on, so the optimizer's slots (two thirds of a checkpoint
		// with Adam) would only fill the disk: a label-efficiency run keeps one such copy per encoder
		m.checkpointFiles = untrainedOnly ? Checkpoints.saveVariables(graph.session, graph.graph, folder, graph.modelVariables)
			: checkpointWriter.write(graph, folder);
		m.checkpoint = out.relativize(folder).toString().replace('\\', '/');
		m.wallTimeS = wallBefore + (System.nanoTime() - started) / 1e9;
		m.updated = Instant.now().toString();
		// the previous checkpoint stays, named in the manifest, so a damaged last one still leaves a run to resume
		m.previous = lastCommitted != null && !m.checkpoint.equals(lastCommitted.checkpoint) ? lastCommitted : null;
		m.write(out);
		lastCommitted = copyOf(m);
		Checkpoints.pruneExcept(folder.getParent(), folder, m.previous == null ? null : m.previous.checkpointFolder(out));
	}

	private PretrainResult stopOnNan(Path out, EncoderManifest m, boolean createdOut, int epoch, int step, float loss) {
		String where = "epoch " + (epoch + 1) + ", step " + (step + 1);
		if (m.checkpoint == null) {
			if (createdOut) AtomicFiles.deleteQuietly(out);
			throw new TrainingDivergedException("the loss became " + loss + " at " + where + ", before any checkpoint was written; nothing was kept. "
				+ "Fix: lower {{lr}} (e.g. " + config.lr / 4 + ") or use a larger {{batch}}");
		}
		// the manifest on disk still names the last good checkpoint; only its status changes
		EncoderManifest onDisk = EncoderManifest.read(out);
		onDisk.status = "stopped_nan";
		onDisk.updated = Instant.now().toString();
		onDisk.write(out);
		throw new TrainingDivergedException("the loss became " + loss + " at " + where + "; training stopped and the last good checkpoint ("
			+ onDisk.checkpoint + ", " + onDisk.epochsCompleted + " epochs) is kept in " + out
			+ ". Fix: lower {{lr}} (e.g. " + config.lr / 4 + ") or use a larger {{batch}}, then {{resume}}");
	}

	private static PretrainResult result(Path out, EncoderManifest m) {
		return new PretrainResult(out, m.status, m.epochsCompleted, List.copyOf(m.lossPerEpoch), m.wallTimeS, m.device, m.trainingImages);
	}

	/** The loss became NaN or infinite; the last good checkpoint is kept. */
	public static final class TrainingDivergedException extends RuntimeException {
		public TrainingDivergedException(String message) {
			super(message);
		}
	}
}
