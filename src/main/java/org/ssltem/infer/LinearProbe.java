package org.ssltem.infer;

import org.ssltem.api.Csv;

import org.ssltem.report.ConfusionMatrix;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.train.LinearClassifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine behind {@code train-classifier} and {@code classify}: a {@link LinearClassifier} on a frozen encoder's
 * (cached) features, trained on a folder of class folders and applied to a folder of images.
 */
public final class LinearProbe {

	private LinearProbe() {}

	public record Trained(Path file, LinearClassifier classifier, int images, double seconds) {}

	/**
	 * Trains on every image of {@code datasetDir} (one folder per class) with the probe the options name, and writes
	 * {@code outDir/classifier.json}.
	 *
	 * @param encoder an encoder folder, or {@link TextureFeatures#NAME}
	 * @param view    how encoder features are taken (ignored by the texture baseline); recorded for classifying
	 */
	public static Trained train(String encoder, FeatureView view, Path datasetDir, Path outDir, LinearClassifier.Options options, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		try (OutputFolder folder = OutputFolder.claim(outDir, "train-classifier", "{{out}}")) {
			return trainClaimed(encoder, view, datasetDir, outDir, options, overwrite, listener, cancel);
		}
	}

	private static Trained trainClaimed(String encoder, FeatureView view, Path datasetDir, Path outDir, LinearClassifier.Options options, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		checkOutFolder(outDir, overwrite);
		ImageDataset dataset = labelledDataset(datasetDir);
		Features f = features(encoder, view, dataset.files(), log, cancel);
		LinearClassifier c = LinearClassifier.train(f.features(), dataset.classIndices(), dataset.classNames(), f.identity(), options)
			.withFeatureSettings(f.view().size(), f.view().stages(), f.view().orientations());
		log.log("ssl-tem: " + c.training().note());
		Path file = c.save(outDir);
		return new Trained(file, c, dataset.size(), (System.nanoTime() - t0) / 1e9);
	}

	/** Trains on an encoder folder's features at the encoder's own size (the paper's features). */
	public static Trained train(Path encoderDir, Path datasetDir, Path outDir, LinearClassifier.Options options, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		return train(encoderDir.toString(), FeatureView.ENCODER, datasetDir, outDir, options, overwrite, listener, cancel);
	}

	/** Features of files from an encoder folder seen as {@code view}, or from the texture baseline (view then ENCODER). */
	public record Features(float[][] features, EncoderIdentity identity, FeatureView view) {}

	public static Features features(String encoder, FeatureView view, List<Path> files, ProgressListener log, CancelToken cancel) {
		if (TextureFeatures.isName(encoder)) return new Features(TextureFeatures.of(files, log, cancel), TextureFeatures.identity(), FeatureView.ENCODER);
		FeatureCache.Result r = FeatureCache.features(Path.of(encoder), view, files, log, cancel);
		return new Features(r.features(), r.encoder(), view);
	}

	/** A dataset with at least two class folders, or an error that says what is wrong with it. */
	public static ImageDataset labelledDataset(Path datasetDir) {
		ImageDataset dataset = ImageDataset.scan(datasetDir);
		if (!dataset.labelled())
			throw UserInputException.about(datasetDir, "holds images but no class folders, so there are no labels to learn from",
				"put each class's images in its own subfolder (DIR/<class>/*.png)");
		if (dataset.classNames().size() < 2)
			throw UserInputException.about(datasetDir, "has only one class folder ('" + dataset.classNames().get(0) + "'); a classifier needs at least two classes",
				"add a folder for each other class");
		return dataset;
	}

	private static void checkOutFolder(Path outDir, boolean overwrite) {
		if (Files.exists(outDir) && !Files.isDirectory(outDir))
			throw UserInputException.about(outDir, "is a file, not a folder", "choose a folder for {{out}}");
		if (Files.isRegularFile(outDir.resolve(LinearClassifier.FILE)) && !overwrite)
			throw UserInputException.about(outDir, "already holds a classifier (" + LinearClassifier.FILE + ")",
				"choose another {{out}} folder, or pass {{overwrite}} to replace it");
	}

	/**
	 * @param accuracy  on the images whose class folder names a class of the classifier, else NaN
	 * @param confusion the confusion matrix file, or null when the images were not labelled with the classifier's classes
	 */
	public record Classified(Path csv, int images, double accuracy, Path confusion, List<String> warnings) {}

	/**
	 * Classifies every image of {@code imagesDir} and writes one CSV row per image: {@code file[,class],predicted,p_<class>…}.
	 * When the folder holds class folders named like the classifier's classes, the true class is a column, and a
	 * confusion matrix ({@code <csv>-confusion.csv} and {@code .png}) and the accuracy come too.
	 *
	 * @param encoderDir the encoder folder, or null for the one recorded in the classifier; it must be the same encoder
	 */
	public static Classified classify(Path classifierDir, Path encoderDir, Path imagesDir, Path csv, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		try (OutputFolder folder = OutputFolder.claimFile(csv, "classify", "{{out}}")) {
			return classifyClaimed(classifierDir, encoderDir, imagesDir, csv, overwrite, listener, cancel);
		}
	}

	private static Classified classifyClaimed(Path classifierDir, Path encoderDir, Path imagesDir, Path csv, boolean overwrite,
		ProgressListener listener, CancelToken cancel)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		checkClassifyOutputs(csv, overwrite);
		LinearClassifier c = LinearClassifier.load(classifierDir);
		boolean texture = encoderDir == null && c.encoder() != null && TextureFeatures.isName(c.encoder().folder());
		Path enc = texture ? null : checkedEncoder(classifierDir, encoderDir, c);
		ImageDataset images = ImageDataset.scan(imagesDir);
		Features f = features(enc == null ? TextureFeatures.NAME : enc.toString(), FeatureView.of(c), images.files(), log, cancel);
		c.checkWidth(f.features().length == 0 ? c.featureWidth() : f.features()[0].length);
		return writeClassified(c, imagesDir, images.entries(), c.predict(f.features()), csv, log);
	}

	/** Refuses to replace classify's CSV or confusion matrix unless {@code overwrite}. */
	public static void checkClassifyOutputs(Path csv, boolean overwrite) {
		if (!overwrite)
			for (Path p : List.of(csv, sibling(csv, "-confusion.csv"), sibling(csv, "-confusion.png")))
				if (Files.exists(p)) throw UserInputException.about(p, "already exists", "choose another {{out}} file, or pass {{overwrite}} to replace it");
	}

	/**
	 * The encoder folder to classify with: {@code encoderDir}, or the one the classifier records; checked to be the
	 * encoder the classifier was trained on.
	 */
	public static Path checkedEncoder(Path classifierDir, Path encoderDir, LinearClassifier c) {
		Path enc = encoderDir != null ? encoderDir : c.encoder() == null ? null : Path.of(c.encoder().folder());
		if (enc == null)
			throw UserInputException.about(classifierDir, "the classifier does not record its encoder", "pass {{encoder}} DIR");
		if (encoderDir == null && !Files.isDirectory(enc))
			throw UserInputException.about(enc, "the classifier's encoder folder is gone (moved or deleted)",
				"pass {{encoder}} DIR with the encoder's new location");
		EncoderIdentity id = EncoderIdentity.of(enc);
		if (c.encoder() != null && !c.encoder().sha256().equals(id.sha256()))
			throw UserInputException.about(enc, "is not the encoder this classifier was trained on (encoder " + id.shortHash() + ", the classifier's "
				+ c.encoder().shortHash() + "; retrained or resumed since?)", "classify with the encoder it was trained on, or train the classifier again with this one");
		return enc;
	}

	/**
	 * Writes one CSV row per image, {@code file[,class],predicted,p_<class>…}, for predictions already made. When the
	 * entries carry class folders named like the classifier's classes, the true class is a column, and a confusion
	 * matrix ({@code <csv>-confusion.csv} and {@code .png}) and the accuracy come too.
	 */
	public static Classified writeClassified(LinearClassifier c, Path imagesDir, List<ImageDataset.Entry> entries, LinearClassifier.Prediction[] p,
		Path csv, ProgressListener log)
	{
		boolean labelled = !entries.isEmpty() && entries.stream().allMatch(e -> e.className() != null);
		List<String> warnings = new ArrayList<>();
		int[] truth = null;
		if (labelled) {
			List<String> unknown = entries.stream().map(ImageDataset.Entry::className).distinct().sorted().filter(n -> !c.classNames().contains(n)).toList();
			if (unknown.isEmpty()) {
				truth = new int[entries.size()];
				for (int i = 0; i < truth.length; i++) truth[i] = c.classNames().indexOf(entries.get(i).className());
			}
			else {
				String w = "the class folders " + unknown + " of " + imagesDir + " are not classes of the classifier " + c.classNames()
					+ ", so no accuracy or confusion matrix (rename the folders to the classifier's classes to get them)";
				warnings.add(w);
				log.log("ssl-tem: warning: " + w);
			}
		}
		StringBuilder sb = new StringBuilder("file").append(labelled ? ",class" : "").append(",predicted");
		for (String name : c.classNames()) sb.append(',').append(Csv.field("p_" + name));
		sb.append('\n');
		ConfusionMatrix cm = truth == null ? null : new ConfusionMatrix(c.classNames());
		for (int i = 0; i < p.length; i++) {
			ImageDataset.Entry e = entries.get(i);
			sb.append(Csv.field(imagesDir.relativize(e.file()).toString().replace('\\', '/')));
			if (labelled) sb.append(',').append(Csv.field(e.className()));
			sb.append(',').append(Csv.field(c.classNames().get(p[i].classIndex())));
			for (double v : p[i].probabilities()) sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
			sb.append('\n');
			if (cm != null) cm.add(truth[i], p[i].classIndex());
		}
		AtomicFiles.writeString(csv, sb.toString());
		Path confusionCsv = sibling(csv, "-confusion.csv");
		if (cm != null) {
			cm.writeCsv(confusionCsv);
			cm.writePng(sibling(csv, "-confusion.png"), "classify " + imagesDir.getFileName());
		}
		return new Classified(csv, p.length, cm == null ? Double.NaN : cm.accuracy(), cm == null ? null : confusionCsv, warnings);
	}

	/** {@code results.csv} → {@code results<suffix>} in the same folder. */
	static Path sibling(Path csv, String suffix) {
		String name = csv.getFileName().toString();
		String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
		Path parent = csv.toAbsolutePath().getParent();
		return parent.resolve(stem + suffix);
	}
}
