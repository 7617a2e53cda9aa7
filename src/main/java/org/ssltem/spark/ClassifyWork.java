package org.ssltem.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.ImageDataset;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.FeatureView;
import org.ssltem.infer.LinearProbe;
import org.ssltem.infer.TextureFeatures;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.train.LinearClassifier;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code classify} on Spark: features as {@link FeaturesWork} computes them, then the trained linear classifier;
 * {@code classify.csv} (and its confusion matrix for class folders) as {@code ssl-tem classify} writes them. A
 * classifier trained on {@code baseline:texture} gets each image's texture features instead (no encoder, as
 * {@code ssl-tem classify} does for it).
 */
public final class ClassifyWork extends BaseImageWork {

	private static final long serialVersionUID = 1L;

	private final String classifier;
	/** The encoder folder, or null for a classifier of the texture baseline. */
	private final String encoder;

	/** @param encoder the classifier's encoder if it moved, else null (the recorded one; checked by hash) */
	public ClassifyWork(Path classifier, Path encoder, int batch) {
		super("classify", ImageInputs.FolderLayout.DATASET, batch);
		Path dir = classifier.toAbsolutePath().normalize();
		LinearClassifier c = LinearClassifier.load(dir);
		// as 'ssl-tem classify': a texture classifier needs no encoder folder unless one is given (which is then checked)
		boolean texture = encoder == null && c.encoder() != null && TextureFeatures.isName(c.encoder().folder());
		Path enc = texture ? null : LinearProbe.checkedEncoder(dir, encoder, c).toAbsolutePath().normalize();
		this.classifier = dir.toString();
		this.encoder = enc == null ? null : enc.toString();
		Path file = java.nio.file.Files.isDirectory(dir) ? dir.resolve(LinearClassifier.FILE) : dir;
		String features = texture ? TextureFeatures.identity().sha256() : EncoderIdentity.of(enc).sha256();
		identify(ModelIdentity.of(List.of("classify", "encoder " + features), List.of(file)));
	}

	@Override
	public Engine open(int threads) {
		LinearClassifier c = LinearClassifier.load(Path.of(classifier));
		if (encoder == null) return textureEngine(c);
		// the features the classifier was trained on: its recorded size, stages and orientations, not the encoder's own input size
		TrainedEncoder opened = FeatureExtractor.open(Path.of(encoder), FeatureView.of(c), threads);
		return new Engine() {
			@Override
			public Object[] process(List<InputImage> images, Path out) {
				Object[] results = FeaturesWork.features(opened, images);
				for (int i = 0; i < results.length; i++)
					if (results[i] instanceof float[] f) results[i] = c.predict(f);
				return results;
			}

			@Override
			public void close() {
				opened.close();
			}
		};
	}

	/** Texture features per image (no TensorFlow), then the classifier. */
	private static Engine textureEngine(LinearClassifier c) {
		c.checkWidth(TextureFeatures.WIDTH);
		return Engine.eachImage((image, out) -> c.predict(TextureFeatures.of(List.of(Path.of(image.path())), null, null)[0]), () -> {});
	}

	private transient List<String> classNames;

	private List<String> classNames() {
		if (classNames == null) classNames = LinearClassifier.load(Path.of(classifier)).classNames();
		return classNames;
	}

	@Override
	public List<StructField> columns() {
		List<StructField> fields = new ArrayList<>();
		fields.add(DataTypes.createStructField("predicted", DataTypes.StringType, false));
		for (String name : classNames()) fields.add(DataTypes.createStructField("p_" + name, DataTypes.DoubleType, false));
		return fields;
	}

	@Override
	public Object[] values(Path out, String key, Serializable result) {
		LinearClassifier.Prediction p = (LinearClassifier.Prediction) result;
		List<Object> v = new ArrayList<>();
		v.add(classNames().get(p.classIndex()));
		for (double d : p.probabilities()) v.add(d);
		return v.toArray();
	}

	@Override
	public void writeSummary(Path out, ImageInputs inputs, List<ImageOutcome> finished, ProgressListener log) {
		LinearClassifier c = LinearClassifier.load(Path.of(classifier));
		List<ImageDataset.Entry> entries = new ArrayList<>();
		LinearClassifier.Prediction[] p = new LinearClassifier.Prediction[finished.size()];
		for (int i = 0; i < p.length; i++) {
			ImageOutcome o = finished.get(i);
			entries.add(new ImageDataset.Entry(o.image().file(), o.image().className(), -1));
			p[i] = (LinearClassifier.Prediction) o.result();
		}
		LinearProbe.writeClassified(c, inputs.root(), entries, p, out.resolve("classify.csv"), log);
	}
}
