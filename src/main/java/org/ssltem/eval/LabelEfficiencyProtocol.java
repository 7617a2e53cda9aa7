package org.ssltem.eval;

import org.ssltem.api.ParameterText;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureView;
import org.ssltem.infer.LinearProbe;
import org.ssltem.infer.TextureFeatures;
import org.ssltem.report.BoxStats;
import org.ssltem.report.ConfusionMatrix;
import org.ssltem.report.NotchedBoxPlot;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.Splits;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The paper's label-efficiency protocol (Fig. 2C): how test accuracy grows with the number of labelled images per
 * class, for one or more frozen encoders.
 *
 * <p>For each split seed s: a stratified 80/20 train/test split of the labelled dataset ({@link Splits#stratified},
 * seed s). For each label count k: k images per class drawn from the training part ({@link Splits#drawPerClass}, seed
 * s, so the k images are a subset of the 2k ones), a {@link LinearClassifier} trained on their features (with its own
 * quarter held out for validation when there are enough, see there), and scored on the whole test part. A label count
 * larger than what a class has in its training part is capped to what it has, with a warning.
 *
 * <p>An encoder is a folder from {@code pretrain}, or {@code random:resnet50} / {@code random:resnet18}: the same
 * architecture untrained ({@link Pretrainer#untrained}: initial weights, batch-norm statistics calibrated on this
 * dataset's images, no labels used), written once to {@code OUT/encoders/} and reused by later runs; or
 * {@code baseline:texture}, the classical {@link TextureFeatures} (no network).
 *
 * <p>Encoder features are taken as the {@link FeatureView} says (by default at {@link FeatureView#DEFAULT_SIZE} px,
 * whatever size the encoder was pretrained at), and the classifier is {@link LinearClassifier}'s default probe
 * (standardised L2 logistic regression) unless the paper's is asked for. With {@code splitBySample}, the 80/20
 * split keeps the images of one sample ({@link Splits#sampleName}) on one side.
 *
 * <p>Features come from the {@link FeatureCache}; the classifiers are trained in parallel on all cores.
 *
 * <p>Writes to {@code OUT}: {@code results.csv} (one row per classifier), {@code summary.json} (per encoder and label
 * count: n, median, quartiles, notch), {@code protocol.json} (settings, encoders, warnings),
 * {@code boxplot.png}/{@code .svg} and {@code confusion/<encoder>-k<k>.csv}/{@code .png} (test predictions summed over
 * all splits).
 */
public final class LabelEfficiencyProtocol {

	public static final String RANDOM_PREFIX = "random:";

	/** Settings; {@link #check} validates them with messages naming the option. */
	public static final class Config {
		public List<String> encoders = new ArrayList<>();
		public Path dataset;
		public int[] labels = { 1, 2, 4, 8, 16, 32, 80 };
		public int splitSeeds = 100;
		public Path out;
		public double testFraction = 0.2;
		public int maxEpochs = 500;
		/** Standardise features before each classifier (not the paper's; see {@link LinearClassifier}). */
		public boolean standardize;
		/** Refit on all labelled images for the early-stopped epoch count (see {@link LinearClassifier}); false = the paper. */
		public boolean refit = true;
		/**
		 * Measure every pretrained encoder's batch-norm statistics on the dataset's images (no labels), as the
		 * random: baselines' are, so both kinds normalise the dataset the same way (see {@link Pretrainer#recalibrated}).
		 */
		public boolean calibrateBn;
		/** Input size of random: encoders; 0 = that of the first pretrained encoder given, else 224. */
		public int randomSize;
		/** How encoder features are taken (size, stages, orientations); not used by baseline:texture. */
		public FeatureView view = FeatureView.DEFAULT;
		/** The default logistic probe or the paper's Adam with early stopping. */
		public LinearClassifier.Probe probe = LinearClassifier.Probe.LOGISTIC;
		/** Split train/test by sample (file-name prefix, see {@link Splits#sampleName}) instead of by image. */
		public boolean splitBySample;
		/** Group per image when splitting by sample; set by {@link #run} from the file names. */
		int[] sampleGroups;
		public boolean overwrite;
		/** 0 = all cores. */
		public int threads;

		/** {@code "1,2,4"} (the CLI's --labels and the macro's labels=) as label counts. */
		public static int[] parseLabels(String text) {
			try {
				return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
			}
			catch (NumberFormatException e) {
				throw UserInputException.option("{{labels}} " + text + " is not a list of whole numbers", "pass e.g. {{labels}} 1,2,4,8,16,32,80");
			}
		}

		void check() {
			if (encoders.isEmpty()) throw UserInputException.option("no encoder given", "pass {{encoder}} DIR (or random:resnet18)");
			if (dataset == null) throw UserInputException.option("no dataset given", "pass {{dataset}} DIR");
			if (out == null) throw UserInputException.option("no output folder given", "pass {{out}} DIR");
			if (randomSize != 0) Architecture.checkInputSize(randomSize, "{{random_size}}");
			for (String e : encoders)
				if (e.startsWith(RANDOM_PREFIX)) Architecture.parse(e.substring(RANDOM_PREFIX.length()), "{{encoder}} " + RANDOM_PREFIX);
			checkClassifierSettings();
		}

		/** The settings the classifier stage uses ({@link #classifiers}). */
		void checkClassifierSettings() {
			if (labels.length == 0) throw UserInputException.option("no label counts given", "pass e.g. {{labels}} 1,2,4,8,16,32,80");
			for (int k : labels)
				if (k < 1) throw UserInputException.option("{{labels}} " + k + ": label counts must be at least 1", "pass e.g. {{labels}} 1,2,4,8,16,32,80");
			if (Arrays.stream(labels).distinct().count() != labels.length)
				throw UserInputException.option("{{labels}} lists a count twice", "list each count once");
			if (splitSeeds < 1) throw UserInputException.option("{{split_seeds}} " + splitSeeds + " must be at least 1", "pass e.g. {{split_seeds}} 100");
			if (!(testFraction > 0 && testFraction < 1)) throw UserInputException.option("{{test_fraction}} must be between 0 and 1", "pass 0.2 (the paper's 80/20)");
			if (maxEpochs < 1) throw UserInputException.option("{{max_epochs}} must be at least 1", "pass e.g. {{max_epochs}} 500");
			if (threads < 0) throw UserInputException.option("{{threads}} must be 0 (all cores) or more", "pass e.g. {{threads}} 2");
		}
	}

	/** One classifier's outcome. */
	public record Row(String encoder, int splitSeed, int labelsPerClass, int labelledImages, int trainingImages, int validationImages,
		boolean validated, int epochs, int bestEpoch, int testImages, double testAccuracy) implements java.io.Serializable {}

	/** One box of the plot, the shape of summary.json's entries. */
	public record Summary(String encoder, int labelsPerClass, int n, double median, double q1, double q3, double notchLow, double notchHigh) {}

	public record Report(Path out, List<Row> rows, List<Summary> summary, List<String> warnings, double classifierSeconds, double seconds) {}

	private LabelEfficiencyProtocol() {}

	public static Report run(Config config, ProgressListener listener, CancelToken cancel) {
		return run(config, listener, cancel, null);
	}

	/**
	 * @param units where the encoders' features and the classifiers run (one unit each, e.g. Spark tasks); null for this
	 *              JVM: features one encoder after another, classifiers on a pool of {@code config.threads}
	 */
	public static Report run(Config config, ProgressListener listener, CancelToken cancel, StudyUnits units) {
		config.check();
		// one run per folder: another would write the same results.csv
		try (OutputFolder folder = OutputFolder.claim(config.out, "label-efficiency", "{{out}}")) {
			return runClaimed(config, listener, cancel, units);
		}
	}

	private static Report runClaimed(Config config, ProgressListener listener, CancelToken cancel, StudyUnits units) {
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		config.check();
		Path out = config.out.toAbsolutePath().normalize();
		Path resultsCsv = out.resolve("results.csv");
		if (Files.exists(out) && !Files.isDirectory(out)) throw UserInputException.about(out, "is a file, not a folder", "choose a folder for {{out}}");
		if (Files.exists(resultsCsv) && !config.overwrite)
			throw UserInputException.about(out, "already holds label-efficiency results (results.csv)",
				"choose another {{out}} folder, or pass {{overwrite}} to replace them (cached random encoders are kept)");
		ImageDataset dataset = LinearProbe.labelledDataset(config.dataset);
		int[] classOf = dataset.classIndices();
		List<String> classes = dataset.classNames();
		List<String> warnings = new ArrayList<>();
		String duplicates = duplicateWarning(dataset);
		if (duplicates != null) {
			warnings.add(duplicates);
			log.log("ssl-tem: warning: " + duplicates);
		}

		// encoders: names and folders (random ones are written once under OUT/encoders/)
		List<String> names = new ArrayList<>();
		List<Path> folders = new ArrayList<>();
		int randomSize = config.randomSize;
		if (randomSize == 0)
			randomSize = config.encoders.stream().filter(e -> !e.startsWith(RANDOM_PREFIX) && !TextureFeatures.isName(e)).findFirst()
				.map(e -> EncoderManifest.read(Path.of(e)).inputSize).orElse(224);
		for (String e : config.encoders) {
			String spec = e.trim();
			if (TextureFeatures.isName(spec)) {
				names.add(TextureFeatures.NAME);
				folders.add(null);
				continue;
			}
			Path folder = spec.startsWith(RANDOM_PREFIX) ? randomEncoder(spec, dataset, out, randomSize, log, cancel) : Path.of(spec).toAbsolutePath().normalize();
			// named as the user gave it; a batch-norm calibrated copy is a setting of the run (protocol.json), not another encoder
			String name = spec.startsWith(RANDOM_PREFIX) ? spec : folder.getFileName().toString();
			if (config.calibrateBn && !spec.startsWith(RANDOM_PREFIX)) folder = calibratedEncoder(folder, dataset, out, log, cancel);
			while (names.contains(name)) name = name + "'";
			names.add(name);
			folders.add(folder);
		}
		List<float[][]> features = new ArrayList<>();
		FeatureView view = config.view;
		if (units == null) {
			for (int e = 0; e < folders.size(); e++) {
				if (folders.get(e) == null) {
					log.log("ssl-tem: " + names.get(e) + ": 37 classical texture numbers per image at native size");
					features.add(TextureFeatures.of(dataset.files(), log, cancel));
					continue;
				}
				log.log("ssl-tem: encoder " + names.get(e) + " (" + folders.get(e) + "), features at "
					+ view.describe(EncoderManifest.read(folders.get(e)).inputSize));
				features.add(FeatureCache.features(folders.get(e), view, dataset.files(), log, cancel).features());
			}
		}
		else {
			// serializable pieces, so each encoder's features are one task (null: the texture baseline)
			String[] encoderFolders = folders.stream().map(p -> p == null ? null : p.toString()).toArray(String[]::new);
			String[] files = dataset.files().stream().map(Path::toString).toArray(String[]::new);
			features.addAll(units.map("features", encoderFolders.length, e -> {
				List<Path> images = java.util.Arrays.stream(files).map(Path::of).toList();
				return encoderFolders[e] == null ? TextureFeatures.of(images, null, null)
					: FeatureCache.features(Path.of(encoderFolders[e]), view, images, null, null).features();
			}));
		}
		config.sampleGroups = null;
		if (config.splitBySample) {
			Map<String, Integer> ids = new LinkedHashMap<>();
			config.sampleGroups = dataset.files().stream()
				.mapToInt(f -> ids.computeIfAbsent(Splits.sampleName(f.getFileName().toString()), k -> ids.size())).toArray();
			log.log("ssl-tem: splitting by sample: " + ids.size() + " samples from the file names (" + String.join(", ", ids.keySet().stream().limit(6).toList())
				+ (ids.size() > 6 ? ", …" : "") + ")");
			for (int cl = 0; cl < classes.size(); cl++) {
				final int cc = cl;
				long samples = IntStream.range(0, classOf.length).filter(i -> classOf[i] == cc).map(i -> config.sampleGroups[i]).distinct().count();
				if (samples < 2) {
					String w = "class '" + classes.get(cl) + "' has images of only one sample, so with {{split_by_sample}} none of them can be tested "
						+ "(name images SAMPLE_N.png, e.g. PPC9_03_24.png, or split by image)";
					warnings.add(w);
					log.log("ssl-tem: warning: " + w);
				}
			}
		}

		Classifiers c = classifiers(names, features, classOf, classes, config, log, cancel, units);
		warnings.addAll(c.warnings());
		writeOutputs(out, config, dataset, names, folders, c.rows(), c.summary(), c.boxes(), c.confusion(), warnings, c.seconds());
		return new Report(out, c.rows(), c.summary(), warnings, c.seconds(), (System.nanoTime() - t0) / 1e9);
	}

	/** What the classifier stage gives: one row per classifier, the boxes, the summed confusion inputs, warnings, its time. */
	public record Classifiers(List<Row> rows, List<Summary> summary, BoxStats[][] boxes, ConfusionMatrix[][][] confusion, List<String> warnings,
		double seconds) {}

	/**
	 * The classifier stage of {@link #run}, on features already computed: every split seed × label count × encoder.
	 *
	 * @param features per encoder, {@code [image][feature]}, images in the order of {@code classOf}
	 * @param config   only its labels, split seeds, test fraction, max epochs, standardize and threads are used
	 */
	public static Classifiers classifiers(List<String> names, List<float[][]> features, int[] classOf, List<String> classes, Config config,
		ProgressListener listener, CancelToken cancel)
	{
		return classifiers(names, features, classOf, classes, config, listener, cancel, null);
	}

	/** One classifier of the grid: its row and its confusion matrix on the split's test part. */
	record Trained(Row row, ConfusionMatrix confusion) implements java.io.Serializable {}

	/** {@link #classifiers} with the classifiers as {@code units} (null: a pool of {@code config.threads} in this JVM). */
	public static Classifiers classifiers(List<String> names, List<float[][]> features, int[] classOf, List<String> classes, Config config,
		ProgressListener listener, CancelToken cancel, StudyUnits units)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		config.checkClassifierSettings();
		List<String> warnings = new ArrayList<>();
		// splits and draws are the same for every encoder
		int nk = config.labels.length, ns = config.splitSeeds;
		Splits.Split[] splits = new Splits.Split[ns];
		int[][][] draws = new int[ns][nk][];
		for (int s = 0; s < ns; s++) {
			splits[s] = config.sampleGroups == null ? Splits.stratified(classOf, config.testFraction, s)
				: Splits.stratifiedByGroup(classOf, config.sampleGroups, config.testFraction, s);
			for (int ki = 0; ki < nk; ki++) {
				Splits.Draw d = Splits.drawPerClass(classOf, splits[s].train(), config.labels[ki], s);
				draws[s][ki] = d.indices();
				if (s == 0 && d.cappedClasses().length > 0) {
					List<String> capped = new ArrayList<>();
					for (int c : d.cappedClasses())
						capped.add("'" + classes.get(c) + "' has " + Arrays.stream(splits[s].train()).filter(i -> classOf[i] == c).count());
					String w = "{{labels}} " + config.labels[ki] + " is more than some classes have in the training part of each split ("
						+ String.join(", ", capped) + " training images after the " + Math.round(100 * (1 - config.testFraction)) + "/"
						+ Math.round(100 * config.testFraction) + " split); those classes use all they have";
					warnings.add(w);
					log.log("ssl-tem: warning: " + w);
				}
			}
		}

		int ne = names.size(), total = ne * ns * nk;
		Row[] rows = new Row[total];
		ConfusionMatrix[][][] confusion = new ConfusionMatrix[ne][ns][nk];
		long tc = System.nanoTime();
		// what a classifier needs, in serializable pieces, so the same unit runs here or as a Spark task
		List<String> encoderNames = new ArrayList<>(names), classList = new ArrayList<>(classes);
		List<float[][]> featureList = new ArrayList<>(features);
		int[] labels = config.labels.clone();
		int maxEpochs = config.maxEpochs;
		LinearClassifier.Probe probe = config.probe;
		boolean standardize = config.standardize, refit = config.refit;
		StudyUnits.Unit<Trained> unit = job -> {
			int e = job / (ns * nk), s = (job / nk) % ns, ki = job % nk;
			return train(encoderNames.get(e), featureList.get(e), classOf, classList, splits[s], draws[s][ki], s, labels[ki], probe, maxEpochs, standardize, refit);
		};
		if (units != null) {
			List<Trained> trained = units.map("classifiers", total, unit);
			for (int job = 0; job < total; job++) {
				rows[job] = trained.get(job).row();
				confusion[job / (ns * nk)][(job / nk) % ns][job % nk] = trained.get(job).confusion();
			}
		}
		else {
			AtomicInteger done = new AtomicInteger();
			int threads = config.threads > 0 ? config.threads : Runtime.getRuntime().availableProcessors();
			ForkJoinPool pool = new ForkJoinPool(threads);
			try {
				pool.submit(() -> IntStream.range(0, total).parallel().forEach(job -> {
					if (cancel != null) cancel.throwIfCancelled();
					Trained t = unit.run(job);
					rows[job] = t.row();
					confusion[job / (ns * nk)][(job / nk) % ns][job % nk] = t.confusion();
					int d = done.incrementAndGet();
					log.progress("classifiers", d, total, d + "/" + total + " classifiers");
				})).get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof RuntimeException re) throw re;
				throw new IllegalStateException(cause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CancelToken.CancelledException();
			}
			finally {
				pool.shutdownNow();
			}
		}
		double classifierSeconds = (System.nanoTime() - tc) / 1e9;

		List<Summary> summary = new ArrayList<>();
		BoxStats[][] boxes = new BoxStats[nk][ne];
		for (int e = 0; e < ne; e++)
			for (int ki = 0; ki < nk; ki++) {
				double[] acc = new double[ns];
				for (int s = 0; s < ns; s++) acc[s] = rows[(e * ns + s) * nk + ki].testAccuracy();
				BoxStats b = BoxStats.of(acc);
				boxes[ki][e] = b;
				summary.add(new Summary(names.get(e), config.labels[ki], b.n(), b.median(), b.q1(), b.q3(), b.notchLow(), b.notchHigh()));
			}
		return new Classifiers(List.of(rows), summary, boxes, confusion, warnings, classifierSeconds);
	}

	/** Trains one classifier on the labelled draw of a split and scores it on the split's test part. */
	private static Trained train(String encoder, float[][] f, int[] classOf, List<String> classes, Splits.Split split, int[] labelled, int s, int labelsPerClass,
		LinearClassifier.Probe probe, int maxEpochs, boolean standardize, boolean refit)
	{
		float[][] x = new float[labelled.length][];
		int[] y = new int[labelled.length];
		for (int i = 0; i < labelled.length; i++) {
			x[i] = f[labelled[i]];
			y[i] = classOf[labelled[i]];
		}
		LinearClassifier.Options o = LinearClassifier.Options.defaults().withProbe(probe).withMaxEpochs(maxEpochs).withStandardize(standardize)
			.withRefit(refit).withSeed(((long) s << 20) ^ labelsPerClass);
		LinearClassifier c = LinearClassifier.train(x, y, classes, null, o);
		ConfusionMatrix cm = new ConfusionMatrix(classes);
		for (int i : split.test()) cm.add(classOf[i], c.predict(f[i]).classIndex());
		LinearClassifier.Training t = c.training();
		return new Trained(new Row(encoder, s, labelsPerClass, labelled.length, t.trainingImages(), t.validationImages(), t.validated(), t.epochsRun(),
			t.bestEpoch(), (int) cm.total(), cm.accuracy()), cm);
	}

	/**
	 * A warning when some images are byte-identical copies of others: a copy can land in the training part and its
	 * twin in the test part, which flatters test accuracy. Null when every image is distinct.
	 */
	static String duplicateWarning(ImageDataset dataset) {
		Map<String, List<Path>> byHash = new LinkedHashMap<>();
		for (Path f : dataset.files()) byHash.computeIfAbsent(org.ssltem.core.Hashing.sha256(f), h -> new ArrayList<>()).add(f);
		List<List<Path>> groups = byHash.values().stream().filter(g -> g.size() > 1).toList();
		if (groups.isEmpty()) return null;
		int copies = groups.stream().mapToInt(g -> g.size() - 1).sum();
		List<String> examples = groups.stream().limit(2)
			.map(g -> g.stream().map(p -> dataset.root().relativize(p).toString().replace('\\', '/')).toList().toString()).toList();
		return copies + " image" + (copies == 1 ? " is a byte-identical copy" : "s are byte-identical copies") + " of another (" + String.join(", ", examples)
			+ (groups.size() > 2 ? ", …" : "") + "); a copy in the training part and its twin in the test part flatter test accuracy. "
			+ "Remove the copies from {{dataset}} to avoid it";
	}

	/** A pretrained encoder with batch-norm statistics from the dataset's images, written on first use. */
	static Path calibratedEncoder(Path encoder, ImageDataset dataset, Path out, ProgressListener log, CancelToken cancel) {
		Path folder = out.resolve("encoders").resolve(encoder.getFileName() + "-bn-calibrated");
		String identity = EncoderIdentity.of(encoder).sha256();
		if (Files.isRegularFile(EncoderManifest.fileIn(folder))) {
			EncoderManifest m = EncoderManifest.read(folder);
			if (m.checkpoint != null && identity.equals(m.weightsFromIdentity) && dataset.root().toString().equals(m.inputsRoot)) {
				log.log("ssl-tem: reusing the batch-norm calibrated copy of " + encoder + " in " + folder);
				return folder;
			}
			AtomicFiles.deleteQuietly(folder);
		}
		log.log("ssl-tem: writing a copy of " + encoder + " with batch-norm statistics from the dataset's images to " + folder);
		Pretrainer.recalibrated(encoder, dataset.root(), folder, log, cancel);
		return folder;
	}

	/** Where {@link #run} keeps the untrained baseline {@code spec} (e.g. {@code random:resnet18}) of an input size. */
	public static Path randomEncoderFolder(String spec, Path out, int size) {
		Architecture arch = Architecture.parse(spec.substring(RANDOM_PREFIX.length()), "{{encoder}} " + RANDOM_PREFIX);
		return out.resolve("encoders").resolve("random-" + arch.key + "-" + size + "px");
	}

	/** The untrained baseline's folder, written on first use. */
	static Path randomEncoder(String spec, ImageDataset dataset, Path out, int size, ProgressListener log, CancelToken cancel) {
		String archName = spec.substring(RANDOM_PREFIX.length());
		Architecture arch = Architecture.parse(archName, "{{encoder}} " + RANDOM_PREFIX);
		Path folder = randomEncoderFolder(spec, out, size);
		if (Files.isRegularFile(EncoderManifest.fileIn(folder))) {
			EncoderManifest m = EncoderManifest.read(folder);
			if (m.checkpoint != null && m.inputSize == size && arch.key.equals(m.architecture)) {
				log.log("ssl-tem: reusing the untrained " + arch.key + " in " + folder);
				return folder;
			}
			AtomicFiles.deleteQuietly(folder);
		}
		log.log("ssl-tem: writing an untrained " + arch.key + " at " + size + " px (batch-norm statistics from the dataset's images) to " + folder);
		PretrainConfig c = new PretrainConfig();
		c.images = dataset.root().toString();
		c.out = folder.toString();
		c.arch = arch.key;
		c.size = size;
		c.batch = Math.max(2, Math.min(32, dataset.size()));
		c.epochs = 1;
		c.seed = 0;
		Pretrainer.untrained(c, log, cancel);
		return folder;
	}

	private static void writeOutputs(Path out, Config config, ImageDataset dataset, List<String> names, List<Path> folders, List<Row> rows,
		List<Summary> summary, BoxStats[][] boxes, ConfusionMatrix[][][] confusion, List<String> warnings, double classifierSeconds)
	{
		StringBuilder csv = new StringBuilder("encoder,split_seed,labels_per_class,labelled_images,training_images,validation_images,validated,epochs,best_epoch,test_images,test_accuracy\n");
		for (Row r : rows)
			csv.append(Csv.field(r.encoder())).append(',').append(r.splitSeed()).append(',').append(r.labelsPerClass()).append(',')
				.append(r.labelledImages()).append(',').append(r.trainingImages()).append(',').append(r.validationImages()).append(',')
				.append(r.validated()).append(',').append(r.epochs()).append(',').append(r.bestEpoch()).append(',').append(r.testImages()).append(',')
				.append(String.format(Locale.ROOT, "%.6f", r.testAccuracy())).append('\n');
		AtomicFiles.writeString(out.resolve("results.csv"), csv.toString());

		List<Map<String, Object>> entries = new ArrayList<>();
		for (Summary s : summary) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("encoder", s.encoder());
			m.put("labels_per_class", s.labelsPerClass());
			m.put("n", s.n());
			m.put("median", s.median());
			m.put("q1", s.q1());
			m.put("q3", s.q3());
			m.put("notch_low", s.notchLow());
			m.put("notch_high", s.notchHigh());
			entries.add(m);
		}
		AtomicFiles.writeString(out.resolve("summary.json"), EncoderManifest.GSON.toJson(Map.of("results", entries)) + "\n");

		Map<String, Object> protocol = new LinkedHashMap<>();
		protocol.put("dataset", dataset.root().toAbsolutePath().toString());
		protocol.put("classes", dataset.classNames());
		protocol.put("images", dataset.size());
		List<Map<String, String>> enc = new ArrayList<>();
		for (int e = 0; e < names.size(); e++) enc.add(Map.of("name", names.get(e), "folder", folders.get(e) == null ? names.get(e) : folders.get(e).toString()));
		protocol.put("encoders", enc);
		protocol.put("labels_per_class", config.labels);
		protocol.put("split_seeds", config.splitSeeds);
		protocol.put("test_fraction", config.testFraction);
		protocol.put("max_epochs", config.maxEpochs);
		protocol.put("standardize", config.standardize);
		protocol.put("refit", config.refit);
		protocol.put("calibrate_bn", config.calibrateBn);
		protocol.put("probe", config.probe.key);
		protocol.put("classifier", config.probe == LinearClassifier.Probe.LOGISTIC
			? "L2 logistic regression to convergence (L-BFGS) on features standardised with the labelled images' mean and std; C from "
				+ Arrays.toString(org.ssltem.train.LogisticProbe.C_GRID) + " by stratified " + org.ssltem.train.LogisticProbe.MAX_FOLDS
				+ "-fold (at most) cross-validation on the labelled images when every class has >= 2, else C = " + org.ssltem.train.LogisticProbe.DEFAULT_C
			: "softmax on frozen features; Adam 1e-3; 1/4 of each class's labels for validation when every class has >= "
				+ LinearClassifier.MIN_PER_CLASS_FOR_VALIDATION + ", early stopping patience 10, best weights restored; else no validation, "
				+ LinearClassifier.Options.defaults().epochsWithoutValidation() + " epochs");
		protocol.put("feature_size", config.view.size());
		protocol.put("feature_stages", config.view.stages());
		protocol.put("feature_orientations", config.view.orientations());
		protocol.put("split", config.splitBySample ? "by sample (file name without its last _number)" : "by image");
		protocol.put("quartiles", "linear interpolation (numpy default); notch = median +- 1.57 IQR / sqrt(n)");
		protocol.put("warnings", warnings.stream().map(ParameterText::forCli).toList());
		protocol.put("classifier_seconds", classifierSeconds);
		protocol.put("created", java.time.Instant.now().toString());
		AtomicFiles.writeString(out.resolve("protocol.json"), EncoderManifest.GSON.toJson(protocol) + "\n");

		List<String> groups = Arrays.stream(config.labels).mapToObj(Integer::toString).toList();
		NotchedBoxPlot.Data d = new NotchedBoxPlot.Data("Label efficiency: " + dataset.root().getFileName() + " (" + config.splitSeeds + " splits)",
			"labelled images per class", "test accuracy", groups, names, boxes);
		NotchedBoxPlot.writePng(d, out.resolve("boxplot.png"));
		NotchedBoxPlot.writeSvg(d, out.resolve("boxplot.svg"));

		Path cmDir = out.resolve("confusion");
		for (int e = 0; e < names.size(); e++)
			for (int ki = 0; ki < config.labels.length; ki++) {
				ConfusionMatrix sum = new ConfusionMatrix(dataset.classNames());
				for (int s = 0; s < config.splitSeeds; s++) sum.addAll(confusion[e][s][ki]);
				String stem = names.get(e).replaceAll("[^A-Za-z0-9._-]", "_") + "-k" + config.labels[ki];
				sum.writeCsv(cmDir.resolve(stem + ".csv"));
				sum.writePng(cmDir.resolve(stem + ".png"), names.get(e) + ", " + config.labels[ki] + " labels per class, " + config.splitSeeds + " splits");
			}
	}
}
