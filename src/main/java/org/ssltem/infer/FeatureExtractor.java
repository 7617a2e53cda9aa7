package org.ssltem.infer;

import org.ssltem.api.Csv;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Resize;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.nn.TrainedEncoder;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Encoder features for a folder of images: the paper's frozen 2048-d / 512-d representation at the encoder's input
 * size, or as a {@link FeatureView} says (the classifiers' default: 224 px, conv3-5, 8 orientations). Images go
 * through in batches, so memory stays bounded whatever the folder's size. The CSV ({@code file,class,f0,f1,...}) appears only when complete.
 */
public final class FeatureExtractor {

	public static final int DEFAULT_BATCH = 16;

	private FeatureExtractor() {}

	public record Summary(Path csv, int images, int featureWidth, double seconds) {}

	/** Receives the features of images {@code start .. start+n-1}, row-major {@code [n, width]}. */
	@FunctionalInterface
	public interface BatchConsumer {
		void accept(int start, int n, float[] features) throws java.io.IOException;
	}

	/** Runs every file through the encoder in batches. */
	public static void forEachBatch(EncoderGraph encoder, List<Path> files, int batch, ProgressListener listener, CancelToken cancel,
		BatchConsumer consumer) throws java.io.IOException
	{
		forEachBatch(encoder, files, batch, listener, cancel, new InputSizes(), consumer);
	}

	/** As above, noting each image's original size in {@code sizes}. */
	public static void forEachBatch(EncoderGraph encoder, List<Path> files, int batch, ProgressListener listener, CancelToken cancel,
		InputSizes sizes, BatchConsumer consumer) throws java.io.IOException
	{
		if (batch < 1) throw UserInputException.option("{{batch}} must be at least 1", "pass e.g. {{batch}} 16");
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		int size = encoder.inputSize;
		float[] pixels = new float[batch * size * size];
		for (int start = 0; start < files.size(); start += batch) {
			if (cancel != null) cancel.throwIfCancelled();
			int n = Math.min(batch, files.size() - start);
			for (int i = 0; i < n; i++) {
				GreyImage image = ImageFiles.readGrey(files.get(start + i));
				sizes.add(image.width, image.height, files.get(start + i));
				System.arraycopy(inputPixels(image, size), 0, pixels, i * size * size, size * size);
			}
			consumer.accept(start, n, encoder.features(n == batch ? pixels : Arrays.copyOf(pixels, n * size * size), n));
			log.progress("features", start + n, files.size(), String.format(Locale.ROOT, "%d/%d images", start + n, files.size()));
		}
	}

	/** An image as the encoder takes it: read as grey and resized (bilinear) to {@code size} × {@code size}. */
	public static float[] inputPixels(Path file, int size) {
		return inputPixels(ImageFiles.readGrey(file), size);
	}

	private static float[] inputPixels(GreyImage image, int size) {
		return Resize.bilinear(image, size, size).pixels;
	}

	/** All features in memory, {@code [files][width]}. */
	public static float[][] compute(EncoderGraph encoder, List<Path> files, int batch, ProgressListener listener, CancelToken cancel) {
		int width = encoder.featureWidth;
		float[][] out = new float[files.size()][];
		try {
			forEachBatch(encoder, files, batch, listener, cancel, (start, n, f) -> {
				for (int i = 0; i < n; i++) out[start + i] = Arrays.copyOfRange(f, i * width, (i + 1) * width);
			});
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		return out;
	}

	/** The paper's features ({@link FeatureView#ENCODER}) as CSV. */
	public static Summary extractToCsv(Path encoderDir, Path imagesDir, Path csv, int batch, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		return extractToCsv(encoderDir, FeatureView.ENCODER, imagesDir, csv, batch, overwrite, listener, cancel);
	}

	/** The features of every image taken as {@code view} says (the classifiers' features with the same view), as CSV. */
	public static Summary extractToCsv(Path encoderDir, FeatureView view, Path imagesDir, Path csv, int batch, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		if (Files.exists(csv) && !overwrite)
			throw UserInputException.about(csv, "already exists", "choose another {{out}} file, or pass {{overwrite}} to replace it");
		ImageDataset dataset = ImageDataset.scan(imagesDir);
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		// the file's folder is proved writable and the file locked before the encoder is loaded
		try (OutputFolder folder = OutputFolder.claimFile(csv, "features", "{{out}}");
			TrainedEncoder encoder = open(encoderDir, view, Device.defaultThreads()))
		{
			String unfinished = encoder.manifest.unfinishedWarning(encoderDir);
			if (unfinished != null) log.log("features: " + unfinished);
			int width = encoder.featureWidth();
			List<ImageDataset.Entry> entries = dataset.entries();
			InputSizes sizes = new InputSizes();
			AtomicFiles.write(csv, os -> {
				BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
				w.write(csvHeader(width));
				forEachBatch(encoder.graph, dataset.files(), batch, listener, cancel, sizes, (start, n, f) -> {
					for (int i = 0; i < n; i++) w.write(csvRow(imagesDir, entries.get(start + i), f, i * width, width));
				});
				w.flush();
			});
			String note = sizes.note(encoder.graph.inputSize);
			if (note != null) log.log("features: " + note);
			return new Summary(csv, entries.size(), width, (System.nanoTime() - t0) / 1e9);
		}
	}

	/** The encoder opened for {@code view}: its size (0 = the encoder's own), pooling and orientations. */
	public static TrainedEncoder open(Path encoderDir, FeatureView view, int threads) {
		return TrainedEncoder.open(encoderDir, view.size(), Device.choose(Device.Preference.AUTO), threads, view.stages(), view.allOrientations());
	}

	/** Writes features already computed (one row per entry) as the same CSV {@link #extractToCsv} writes. */
	public static void writeCsv(Path csv, Path imagesDir, List<ImageDataset.Entry> entries, float[][] features) {
		int width = features.length == 0 ? 0 : features[0].length;
		AtomicFiles.write(csv, os -> {
			BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
			w.write(csvHeader(width));
			for (int i = 0; i < entries.size(); i++) w.write(csvRow(imagesDir, entries.get(i), features[i], 0, width));
			w.flush();
		});
	}

	private static String csvHeader(int width) {
		StringBuilder header = new StringBuilder("file,class");
		for (int j = 0; j < width; j++) header.append(",f").append(j);
		return header.append('\n').toString();
	}

	private static String csvRow(Path imagesDir, ImageDataset.Entry e, float[] features, int offset, int width) {
		StringBuilder row = new StringBuilder(Csv.field(imagesDir.relativize(e.file()).toString().replace('\\', '/')));
		row.append(',').append(e.className() == null ? "" : Csv.field(e.className()));
		for (int j = 0; j < width; j++) row.append(',').append(Float.toString(features[offset + j]));
		return row.append('\n').toString();
	}

}
