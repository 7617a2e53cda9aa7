package org.ssltem.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.FeatureView;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.TrainedEncoder;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code features} on Spark: each image's encoder features (taken as the {@link FeatureView} says and run in batches,
 * as {@code ssl-tem features} does), in the table's {@code features} column and in {@code features.csv}.
 */
public final class FeaturesWork extends BaseImageWork {

	private static final long serialVersionUID = 1L;

	private final String encoder;
	private final FeatureView view;

	/** The paper's features ({@link FeatureView#ENCODER}). */
	public FeaturesWork(Path encoder, int batch) {
		this(encoder, FeatureView.ENCODER, batch);
	}

	public FeaturesWork(Path encoder, FeatureView view, int batch) {
		super("features", ImageInputs.FolderLayout.DATASET, batch);
		if (batch < 1) throw UserInputException.option("{{batch}} must be at least 1", "pass e.g. {{batch}} 16");
		Path dir = encoder.toAbsolutePath().normalize();
		this.encoder = dir.toString();
		this.view = view;
		// the paper's view keeps the identity it always had, so earlier runs' finished images are still recognised
		String sha = EncoderIdentity.of(dir).sha256();
		identify(view.equals(FeatureView.ENCODER) ? sha : ModelIdentity.of(List.of("features", "encoder " + sha, "view " + view), List.of()));
	}

	@Override
	public Engine open(int threads) {
		TrainedEncoder opened = FeatureExtractor.open(Path.of(encoder), view, threads);
		return new Engine() {
			@Override
			public Object[] process(List<InputImage> images, Path out) {
				return features(opened, images);
			}

			@Override
			public void close() {
				opened.close();
			}
		};
	}

	/**
	 * Features of a batch: per image a {@code float[]}, or the Throwable its reading failed with (the others still
	 * run, as one batch).
	 */
	static Object[] features(TrainedEncoder encoder, List<InputImage> images) {
		int size = encoder.graph.inputSize, width = encoder.featureWidth();
		Object[] results = new Object[images.size()];
		float[] pixels = new float[images.size() * size * size];
		int[] slotOf = new int[images.size()];
		int n = 0;
		for (int i = 0; i < images.size(); i++) {
			try {
				System.arraycopy(FeatureExtractor.inputPixels(Path.of(images.get(i).path()), size), 0, pixels, n * size * size, size * size);
				slotOf[i] = n++;
			}
			catch (RuntimeException e) {
				results[i] = e;
				slotOf[i] = -1;
			}
		}
		if (n == 0) return results;
		float[] f = encoder.graph.features(n == images.size() ? pixels : Arrays.copyOf(pixels, n * size * size), n);
		for (int i = 0; i < images.size(); i++)
			if (slotOf[i] >= 0) results[i] = Arrays.copyOfRange(f, slotOf[i] * width, (slotOf[i] + 1) * width);
		return results;
	}

	@Override
	public List<StructField> columns() {
		return List.of(DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), false));
	}

	@Override
	public Object[] values(Path out, String key, Serializable result) {
		float[] f = (float[]) result;
		Float[] boxed = new Float[f.length];
		for (int i = 0; i < f.length; i++) boxed[i] = f[i];
		return new Object[] { boxed };
	}

	@Override
	public void writeSummary(Path out, ImageInputs inputs, List<ImageOutcome> finished, ProgressListener log) {
		List<ImageDataset.Entry> entries = new ArrayList<>();
		float[][] features = new float[finished.size()][];
		for (int i = 0; i < features.length; i++) {
			ImageOutcome o = finished.get(i);
			entries.add(new ImageDataset.Entry(o.image().file(), o.image().className(), -1));
			features[i] = (float[]) o.result();
		}
		FeatureExtractor.writeCsv(out.resolve("features.csv"), inputs.root(), entries, features);
	}
}
