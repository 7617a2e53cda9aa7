package org.ssltem.train;

import com.google.gson.JsonParseException;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.UserInputException;
import org.ssltem.data.Splits;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.EncoderManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A linear classifier on frozen encoder features: a softmax over {@code weights · x + bias}. Two probes train it.
 *
 * <p><b>Default ({@link Probe#LOGISTIC}).</b> {@link LogisticProbe}: features standardised with the labelled images'
 * mean and standard deviation, L2-regularised multinomial logistic regression solved to convergence with L-BFGS
 * (scikit-learn's objective), C chosen by stratified cross-validation on the labelled images when every class has
 * two or more. Deterministic; the epoch, batch and learning-rate settings below do not apply to it.
 *
 * <p><b>The paper's ({@link Probe#PAPER}).</b> One dense softmax layer (a softmax regression) trained like the
 * paper's Keras model: categorical cross-entropy, Adam (LR 1e-3, β 0.9/0.999, ε 1e-7 as
 * Keras applies it), mini-batches of 32, Glorot-uniform weights and zero biases, everything seeded.
 *
 * <p><b>Validation and early stopping.</b> As in the paper, a quarter of each class's labelled images is held out
 * for validation (stratified, {@link Splits#stratified} with fraction 0.25 and the classifier's seed); training
 * stops when validation accuracy has not improved for {@link Options#patience} epochs (10) and the weights of
 * the best epoch are restored; {@link Options#maxEpochs} caps it (500). Among epochs that tie for the best
 * accuracy (a validation set of a few images ties for many), the one with the lowest validation loss is kept.
 * Then, with {@link Options#refit} (the default, not the paper's), the classifier is trained again from the same
 * start on all labelled images for that many epochs, so the held-out images are not lost to training (measured:
 * without both, the median at 4 labels per class on nanofiber-sem fell below the 1- and 2-label ones, which
 * train 100 epochs on every label).
 *
 * <p><b>Too few labels to hold any out.</b> When some class has fewer than {@link #MIN_PER_CLASS_FOR_VALIDATION}
 * (4) labelled images (so 1, 2 or 3 labels per class), a quarter of a class is less than one image and holding
 * one out would take a third or more of its labels. Then there is no validation set: all labelled images train,
 * for a fixed {@link Options#epochsWithoutValidation} epochs (100), the final weights are kept, and
 * {@link Training#validated()} is false with {@link Training#note()} saying why.
 *
 * <p><b>Standardisation</b> ({@link Options#standardize}, off by default as in the paper): each feature is shifted
 * and scaled by the mean and standard deviation of the training rows before the softmax layer, and the same
 * transform is stored and applied when predicting. It makes Adam's fixed step size independent of the encoder's
 * feature scale, which varies by orders of magnitude between encoders.
 */
public final class LinearClassifier {

	public static final String FILE = "classifier.json";
	public static final String FORMAT = "ssl-tem-classifier/1";
	public static final int MIN_PER_CLASS_FOR_VALIDATION = 4;
	public static final double VALIDATION_FRACTION = 0.25;

	/** Which probe: the default regularised logistic regression, or the paper's Adam with early stopping. */
	public enum Probe {
		/** {@link LogisticProbe}: standardised features, L2 logistic regression to convergence, C by cross-validation. */
		LOGISTIC("logistic"),
		/** The paper's softmax layer trained with Adam and early stopping (see the class javadoc). */
		PAPER("paper");

		public final String key;

		Probe(String key) {
			this.key = key;
		}

		public static Probe parse(String text) {
			String k = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
			for (Probe p : values())
				if (p.key.equals(k)) return p;
			throw UserInputException.option("unknown probe '" + text + "'; valid values: logistic, paper",
				"pass {{probe}} logistic (the default) or {{probe}} paper (Adam with early stopping, as in the paper)");
		}
	}

	/**
	 * Training settings; {@link #defaults()} use the logistic probe. The epoch, batch, learning-rate, standardize and
	 * refit settings belong to the paper's probe; {@code c} (0 = chosen by cross-validation) to the logistic one,
	 * which always standardises.
	 */
	public record Options(long seed, int maxEpochs, int patience, int epochsWithoutValidation, int batchSize, double learningRate, boolean standardize,
		boolean refit, Probe probe, double c)
	{

		public static Options defaults() {
			return new Options(0, 500, 10, 100, 32, 1e-3, false, true, Probe.LOGISTIC, 0);
		}

		/** The paper's probe: Adam with early stopping, no standardisation (refit on, see {@link #withRefit}). */
		public static Options paper() {
			return defaults().withProbe(Probe.PAPER);
		}

		public Options withSeed(long s) {
			return new Options(s, maxEpochs, patience, epochsWithoutValidation, batchSize, learningRate, standardize, refit, probe, c);
		}

		public Options withMaxEpochs(int n) {
			return new Options(seed, n, patience, epochsWithoutValidation, batchSize, learningRate, standardize, refit, probe, c);
		}

		/** Paper probe only (the logistic probe always standardises): z-score each feature with the training rows' mean and std first. */
		public Options withStandardize(boolean on) {
			return new Options(seed, maxEpochs, patience, epochsWithoutValidation, batchSize, learningRate, on, refit, probe, c);
		}

		/** Paper probe only: the paper keeps the early-stopped weights; refit (our default) retrains on all labels for that many epochs. */
		public Options withRefit(boolean on) {
			return new Options(seed, maxEpochs, patience, epochsWithoutValidation, batchSize, learningRate, standardize, on, probe, c);
		}

		public Options withProbe(Probe p) {
			return new Options(seed, maxEpochs, patience, epochsWithoutValidation, batchSize, learningRate, standardize, refit, p, c);
		}

		/** Logistic probe only: a fixed C instead of one chosen by cross-validation (0). */
		public Options withC(double value) {
			return new Options(seed, maxEpochs, patience, epochsWithoutValidation, batchSize, learningRate, standardize, refit, probe, value);
		}

		void check() {
			if (maxEpochs < 1) throw UserInputException.option("{{max_epochs}} " + maxEpochs + " must be at least 1", "pass e.g. {{max_epochs}} 500");
			if (patience < 1) throw UserInputException.option("the early-stopping patience must be at least 1", "use 10, the paper's");
			if (epochsWithoutValidation < 1) throw UserInputException.option("epochs without validation must be at least 1", "use e.g. 100");
			if (batchSize < 1) throw UserInputException.option("the batch size must be at least 1", "use 32");
			if (!(learningRate > 0)) throw UserInputException.option("the learning rate must be positive", "use 1e-3");
			if (probe == null) throw UserInputException.option("no probe given", "pass {{probe}} logistic or {{probe}} paper");
			if (!(c >= 0) || Double.isInfinite(c)) throw UserInputException.option("C " + c + " must be 0 (chosen by cross-validation) or positive", "pass e.g. 1");
		}
	}

	/**
	 * How a classifier was trained. {@code validated} false means no validation set (too few labels, see the class
	 * javadoc); then {@code bestEpoch} is the last epoch and {@code bestValidationAccuracy} is NaN.
	 * {@code lastGainEpoch} is the last epoch that raised validation accuracy: early stopping ends
	 * {@code patience} epochs after it; {@code bestEpoch} (lowest validation loss among the best-accuracy epochs)
	 * may be later.
	 */
	public record Training(long seed, int trainingImages, int validationImages, boolean validated, int epochsRun, int bestEpoch,
		int lastGainEpoch, double bestValidationAccuracy, double finalTrainingLoss, String note, String probe, double c) {}

	/** A prediction: the most probable class and every class's probability, in class order. */
	public record Prediction(int classIndex, double[] probabilities) implements java.io.Serializable {}

	private final List<String> classNames;
	private final int featureWidth;
	/** {@code [class][feature]} */
	private final double[][] weights;
	private final double[] bias;
	private final Training training;
	private final EncoderIdentity encoder;
	/** Per-feature shift and scale applied before the layer, or null (no standardisation). */
	private final double[] mean, scale;
	/** How the encoder's features were taken: image side (0 = the encoder's own size), whether stages conv3-5 were pooled, orientations averaged. */
	private int featureSize;
	private boolean featureStages;
	private int featureOrientations = 1;

	private LinearClassifier(List<String> classNames, int featureWidth, double[][] weights, double[] bias, Training training, EncoderIdentity encoder,
		double[] mean, double[] scale)
	{
		this.classNames = List.copyOf(classNames);
		this.featureWidth = featureWidth;
		this.weights = weights;
		this.bias = bias;
		this.training = training;
		this.encoder = encoder;
		this.mean = mean;
		this.scale = scale;
	}

	/**
	 * Trains on labelled features.
	 *
	 * @param features   {@code [n][featureWidth]}
	 * @param labels     class index per row, 0 .. classNames.size()-1
	 * @param classNames at least 2; every class must have at least one labelled row
	 * @param encoder    the encoder the features came from (recorded, checked when classifying); may be null in tests
	 */
	public static LinearClassifier train(float[][] features, int[] labels, List<String> classNames, EncoderIdentity encoder, Options options) {
		options.check();
		int nClasses = classNames.size();
		if (nClasses < 2)
			throw UserInputException.option("a classifier needs at least 2 classes, got " + nClasses + " " + classNames,
				"give a dataset with one folder per class and at least two class folders");
		if (features.length != labels.length) throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
		if (features.length == 0) throw UserInputException.option("no labelled images to train on", "give at least one image per class");
		int width = features[0].length;
		for (float[] f : features)
			if (f.length != width) throw new IllegalArgumentException("feature rows differ in width: " + width + " and " + f.length);
		int[] perClass = new int[nClasses];
		for (int y : labels) {
			if (y < 0 || y >= nClasses) throw new IllegalArgumentException("label " + y + " is not a class index 0.." + (nClasses - 1));
			perClass[y]++;
		}
		for (int c = 0; c < nClasses; c++)
			if (perClass[c] == 0)
				throw UserInputException.option("class '" + classNames.get(c) + "' has no labelled images", "label at least one image of every class");

		if (options.probe() == Probe.LOGISTIC) return trainLogistic(features, labels, classNames, encoder, options, width);

		int smallest = Arrays.stream(perClass).min().orElse(0);
		boolean validate = smallest >= MIN_PER_CLASS_FOR_VALIDATION;
		int[] trainRows, valRows;
		String note;
		if (validate) {
			Splits.Split s = Splits.stratified(labels, VALIDATION_FRACTION, options.seed());
			trainRows = s.train();
			valRows = s.test();
			note = "a quarter of each class's labelled images held out for validation; early stopping after " + options.patience()
				+ " epochs without a gain in accuracy, the best epoch's weights restored (ties: lowest validation loss)";
		}
		else {
			trainRows = java.util.stream.IntStream.range(0, labels.length).toArray();
			valRows = new int[0];
			int c = 0;
			while (perClass[c] != smallest) c++;
			note = "no validation set: class '" + classNames.get(c) + "' has " + smallest + " labelled image" + (smallest == 1 ? "" : "s")
				+ " (fewer than " + MIN_PER_CLASS_FOR_VALIDATION + "), so all labelled images train for a fixed "
				+ options.epochsWithoutValidation() + " epochs and the final weights are kept";
		}

		double[] mean = null, scale = null;
		if (options.standardize()) {
			mean = new double[width];
			scale = new double[width];
			for (int i : trainRows) for (int j = 0; j < width; j++) mean[j] += features[i][j];
			for (int j = 0; j < width; j++) mean[j] /= trainRows.length;
			for (int i : trainRows) for (int j = 0; j < width; j++) scale[j] += (features[i][j] - mean[j]) * (features[i][j] - mean[j]);
			for (int j = 0; j < width; j++) {
				double sd = Math.sqrt(scale[j] / trainRows.length);
				scale[j] = sd > 1e-12 ? 1 / sd : 1;
			}
			features = transform(features, mean, scale);
			note += "; features standardised with the training rows' mean and standard deviation";
		}

		Fit fit = fit(features, labels, trainRows, validate ? valRows : null, validate ? options.maxEpochs() : Math.min(options.maxEpochs(), options.epochsWithoutValidation()),
			nClasses, width, options);
		Fit kept = fit;
		if (validate && options.refit()) {
			// the validation images have chosen the number of epochs; now every labelled image trains for that many
			int[] all = java.util.stream.IntStream.range(0, labels.length).toArray();
			kept = fit(features, labels, all, null, fit.bestEpoch, nClasses, width, options);
			note += "; then refit on all " + all.length + " labelled images for the best epoch count (" + fit.bestEpoch + ")";
		}
		double[][] w = kept.w;
		double[] b = kept.b;
		int epoch = fit.epochs, bestEpoch = fit.bestEpoch;
		double bestAcc = fit.bestAcc, lastLoss = kept.lastLoss;
		Training t = new Training(options.seed(), trainRows.length, valRows.length, validate, epoch, bestEpoch, fit.lastGainEpoch,
			validate ? bestAcc : Double.NaN, lastLoss, note, Probe.PAPER.key, Double.NaN);
		return new LinearClassifier(classNames, width, w, b, t, encoder, mean, scale);
	}

	private static LinearClassifier trainLogistic(float[][] features, int[] labels, List<String> classNames, EncoderIdentity encoder, Options options,
		int width)
	{
		LogisticProbe.Fitted f = LogisticProbe.train(features, labels, classNames.size(), options.c(), options.seed());
		int n = labels.length;
		double loss = 0;
		for (int i = 0; i < n; i++) {
			double[] x = new double[width];
			for (int j = 0; j < width; j++) x[j] = (features[i][j] - f.mean()[j]) * f.scale()[j];
			loss -= Math.log(Math.max(f.model().probabilities(x)[labels[i]], 1e-300));
		}
		int it = f.model().iterations();
		Training t = new Training(options.seed(), n, 0, false, it, it, it, Double.NaN, loss / n, f.note(), Probe.LOGISTIC.key, f.c());
		return new LinearClassifier(classNames, width, f.model().weights(), f.model().bias(), t, encoder, f.mean(), f.scale());
	}

	private record Fit(double[][] w, double[] b, int epochs, int bestEpoch, int lastGainEpoch, double bestAcc, double lastLoss) {}

	/**
	 * Adam on {@code rows} from the seeded initial weights for up to {@code maxEpochs}; with {@code valRows}, early
	 * stopping and the best epoch's weights, else the final weights.
	 */
	private static Fit fit(float[][] features, int[] labels, int[] rows, int[] valRows, int maxEpochs, int nClasses, int width, Options options) {
		SplittableRandom rng = new SplittableRandom(options.seed() ^ 0x4c49_4e45_4152_0001L);
		double[][] w = new double[nClasses][width];
		double limit = Math.sqrt(6.0 / (width + nClasses));
		for (int j = 0; j < width; j++)
			for (int c = 0; c < nClasses; c++) w[c][j] = (2 * rng.nextDouble() - 1) * limit;
		double[] b = new double[nClasses];
		Adam adam = new Adam(nClasses, width, options.learningRate());

		double[][] bestW = null;
		double[] bestB = null;
		double bestAcc = Double.NEGATIVE_INFINITY, bestValLoss = Double.POSITIVE_INFINITY;
		int bestEpoch = 0, lastGainEpoch = 0, wait = 0, epoch = 0;
		double lastLoss = Double.NaN;
		int[] order = rows.clone();
		double[][] gw = new double[nClasses][width];
		double[] gb = new double[nClasses];
		double[] logits = new double[nClasses];
		while (epoch < maxEpochs) {
			shuffle(order, rng);
			double lossSum = 0;
			for (int start = 0; start < order.length; start += options.batchSize()) {
				int end = Math.min(order.length, start + options.batchSize());
				for (double[] row : gw) Arrays.fill(row, 0);
				Arrays.fill(gb, 0);
				double inv = 1.0 / (end - start);
				for (int i = start; i < end; i++) {
					float[] x = features[order[i]];
					softmax(w, b, x, logits);
					int y = labels[order[i]];
					lossSum -= Math.log(Math.max(logits[y], 1e-300));
					for (int c = 0; c < nClasses; c++) {
						double d = (logits[c] - (c == y ? 1 : 0)) * inv;
						if (d == 0) continue;
						gb[c] += d;
						double[] g = gw[c];
						for (int j = 0; j < width; j++) g[j] += d * x[j];
					}
				}
				adam.step(w, b, gw, gb);
			}
			epoch++;
			lastLoss = lossSum / order.length;
			if (valRows != null) {
				double acc = accuracy(w, b, features, labels, valRows, logits);
				double valLoss = crossEntropy(w, b, features, labels, valRows, logits);
				// Stopping follows accuracy alone (no gain for `patience` epochs). But a few validation images tie for
				// many epochs, so among the epochs with the best accuracy the one with the lowest validation loss is
				// kept, not simply the first (which is often epoch 1 or 2, barely trained).
				boolean gain = acc > bestAcc;
				if (gain || (acc == bestAcc && valLoss < bestValLoss)) {
					bestAcc = acc;
					bestValLoss = valLoss;
					bestEpoch = epoch;
					bestW = deepCopy(w);
					bestB = b.clone();
				}
				if (gain) {
					wait = 0;
					lastGainEpoch = epoch;
				}
				else if (++wait >= options.patience()) break;
			}
		}
		if (valRows != null) return new Fit(bestW, bestB, epoch, bestEpoch, lastGainEpoch, bestAcc, lastLoss);
		return new Fit(w, b, epoch, epoch, epoch, Double.NaN, lastLoss);
	}

	private static float[][] transform(float[][] x, double[] mean, double[] scale) {
		float[][] out = new float[x.length][];
		for (int i = 0; i < x.length; i++) out[i] = transform(x[i], mean, scale);
		return out;
	}

	private static float[] transform(float[] x, double[] mean, double[] scale) {
		float[] out = new float[x.length];
		for (int j = 0; j < x.length; j++) out[j] = (float) ((x[j] - mean[j]) * scale[j]);
		return out;
	}

	/** Keras's Adam: bias correction folded into the step size, ε added to √v̂·(1-β₁ᵗ)/√(1-β₂ᵗ) terms as Keras does. */
	static final class Adam {
		static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-7;
		private final double lr;
		private final double[][] mw, vw;
		private final double[] mb, vb;
		private long t;

		Adam(int rows, int cols, double lr) {
			this.lr = lr;
			mw = new double[rows][cols];
			vw = new double[rows][cols];
			mb = new double[rows];
			vb = new double[rows];
		}

		void step(double[][] w, double[] b, double[][] gw, double[] gb) {
			t++;
			double lrT = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
			for (int c = 0; c < w.length; c++) {
				update(w[c], gw[c], mw[c], vw[c], lrT);
				double g = gb[c];
				mb[c] = BETA1 * mb[c] + (1 - BETA1) * g;
				vb[c] = BETA2 * vb[c] + (1 - BETA2) * g * g;
				b[c] -= lrT * mb[c] / (Math.sqrt(vb[c]) + EPSILON);
			}
		}

		private static void update(double[] w, double[] g, double[] m, double[] v, double lrT) {
			for (int j = 0; j < w.length; j++) {
				double gj = g[j];
				m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
				v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
				w[j] -= lrT * m[j] / (Math.sqrt(v[j]) + EPSILON);
			}
		}
	}

	private static void softmax(double[][] w, double[] b, float[] x, double[] out) {
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < w.length; c++) {
			double z = b[c];
			double[] wc = w[c];
			for (int j = 0; j < wc.length; j++) z += wc[j] * x[j];
			out[c] = z;
			max = Math.max(max, z);
		}
		double sum = 0;
		for (int c = 0; c < out.length; c++) sum += out[c] = Math.exp(out[c] - max);
		for (int c = 0; c < out.length; c++) out[c] /= sum;
	}

	private static int argmax(double[] p) {
		int best = 0;
		for (int c = 1; c < p.length; c++)
			if (p[c] > p[best]) best = c;
		return best;
	}

	private static double crossEntropy(double[][] w, double[] b, float[][] x, int[] y, int[] rows, double[] scratch) {
		double sum = 0;
		for (int i : rows) {
			softmax(w, b, x[i], scratch);
			sum -= Math.log(Math.max(scratch[y[i]], 1e-300));
		}
		return sum / rows.length;
	}

	private static double accuracy(double[][] w, double[] b, float[][] x, int[] y, int[] rows, double[] scratch) {
		int correct = 0;
		for (int i : rows) {
			softmax(w, b, x[i], scratch);
			if (argmax(scratch) == y[i]) correct++;
		}
		return rows.length == 0 ? Double.NaN : correct / (double) rows.length;
	}

	private static void shuffle(int[] a, SplittableRandom rng) {
		for (int i = a.length - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	private static double[][] deepCopy(double[][] a) {
		double[][] c = new double[a.length][];
		for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
		return c;
	}

	/** Class probabilities of one feature vector (a softmax over the classes). */
	public Prediction predict(float[] feature) {
		checkWidth(feature.length);
		double[] p = new double[classNames.size()];
		softmax(weights, bias, mean == null ? feature : transform(feature, mean, scale), p);
		return new Prediction(argmax(p), p);
	}

	public Prediction[] predict(float[][] features) {
		Prediction[] out = new Prediction[features.length];
		for (int i = 0; i < features.length; i++) out[i] = predict(features[i]);
		return out;
	}

	/** Fraction of rows whose most probable class is the label. */
	public double accuracy(float[][] features, int[] labels) {
		int correct = 0;
		for (int i = 0; i < features.length; i++)
			if (predict(features[i]).classIndex() == labels[i]) correct++;
		return features.length == 0 ? Double.NaN : correct / (double) features.length;
	}

	/** Throws a user-facing error when features of another width are offered. */
	public void checkWidth(int width) {
		if (width != featureWidth)
			throw UserInputException.option("the classifier expects " + featureWidth + " features per image but the encoder gives " + width
				+ " (a " + (width == 512 ? "resnet18" : width == 2048 ? "resnet50" : "different") + " encoder?)",
				"classify with the encoder the classifier was trained on" + (encoder == null ? "" : " (" + encoder.folder() + ")")
					+ ", or train a new classifier with this encoder");
	}

	public List<String> classNames() {
		return classNames;
	}

	/** Records how the features were taken, so classifying takes them the same way. */
	public LinearClassifier withFeatureSettings(int size, boolean stages, int orientations) {
		LinearClassifier c = new LinearClassifier(classNames, featureWidth, weights, bias, training, encoder, mean, scale);
		c.featureSize = size;
		c.featureStages = stages;
		c.featureOrientations = orientations;
		return c;
	}

	/** The side images were resized to for the features (0 = the encoder's own input size, also for classifiers saved before this was recorded). */
	public int featureSize() {
		return featureSize;
	}

	public boolean featureStages() {
		return featureStages;
	}

	/** 8 when each image's features were averaged over its 8 orientations, else 1 (also for classifiers saved before this was recorded). */
	public int featureOrientations() {
		return featureOrientations;
	}

	public int featureWidth() {
		return featureWidth;
	}

	public Training training() {
		return training;
	}

	/** The encoder the features came from, or null when unknown. */
	public EncoderIdentity encoder() {
		return encoder;
	}

	// ---- saving and loading ------------------------------------------------------------------------------------

	/** What {@code classifier.json} holds (snake_case keys). */
	static final class Json {
		String format = FORMAT;
		List<String> classNames;
		int featureWidth;
		EncoderIdentity encoder;
		Training training;
		double[][] weights;
		double[] bias;
		/** Standardisation (absent when off): x' = (x - mean) * scale. */
		double[] mean;
		double[] scale;
		/** Image side for the features (absent or 0: the encoder's input size) and whether stages conv3-5 were pooled. */
		int featureSize;
		boolean featureStages;
		/** 8: features averaged over each image's 8 orientations; absent or 1: the image as it is. */
		int featureOrientations;
		String created;
	}

	/** Writes {@code dir/classifier.json} atomically. */
	public Path save(Path dir) {
		Json j = new Json();
		j.classNames = new ArrayList<>(classNames);
		j.featureWidth = featureWidth;
		j.encoder = encoder;
		j.training = training;
		j.weights = weights;
		j.bias = bias;
		j.mean = mean;
		j.scale = scale;
		j.featureSize = featureSize;
		j.featureStages = featureStages;
		j.featureOrientations = featureOrientations;
		j.created = java.time.Instant.now().toString();
		Path file = dir.resolve(FILE);
		AtomicFiles.writeString(file, EncoderManifest.GSON.toJson(j) + "\n");
		return file;
	}

	/** Reads a classifier folder (or its {@code classifier.json}). */
	public static LinearClassifier load(Path dirOrFile) {
		Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
		if (!Files.isRegularFile(file))
			throw UserInputException.about(dirOrFile, Files.exists(dirOrFile) ? "not a classifier folder (" + FILE + " is missing)" : "no such classifier folder",
				"point to the output folder of 'ssl-tem train-classifier'");
		Json j;
		try {
			j = EncoderManifest.GSON.fromJson(Files.readString(file), Json.class);
		}
		catch (IOException | JsonParseException e) {
			throw UserInputException.about(file, "unreadable classifier (" + e.getMessage() + ")", "train the classifier again");
		}
		if (j == null || !FORMAT.equals(j.format))
			throw UserInputException.about(file, "not an SSL-TEM classifier (format " + (j == null ? "missing" : j.format) + ")",
				"point to the output folder of 'ssl-tem train-classifier'");
		boolean ok = j.classNames != null && j.classNames.size() >= 2 && j.weights != null && j.bias != null
			&& j.weights.length == j.classNames.size() && j.bias.length == j.classNames.size();
		if (ok) for (double[] row : j.weights) ok &= row != null && row.length == j.featureWidth;
		ok &= (j.mean == null) == (j.scale == null) && (j.mean == null || j.mean.length == j.featureWidth && j.scale.length == j.featureWidth);
		if (!ok) throw UserInputException.about(file, "the classifier is damaged (weights do not match its classes and feature width)",
			"train the classifier again");
		return new LinearClassifier(j.classNames, j.featureWidth, j.weights, j.bias, j.training, j.encoder, j.mean, j.scale)
			.withFeatureSettings(j.featureSize, j.featureStages, j.featureOrientations == 0 ? 1 : j.featureOrientations);
	}
}
