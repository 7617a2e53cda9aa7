package org.ssltem.infer;

import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.EncoderGraph;

/**
 * How an encoder's features are taken: the side the images are resized to ({@code size}; 0 = the encoder's own
 * pretraining size), whether the global averages of stages conv3, conv4 and conv5 are concatenated
 * ({@code stages}) or only the last stage's is used (the paper), and whether each image is seen in its 8
 * orientations (4 rotations, each mirrored) with their features averaged ({@code orientations} 8) or as it is (1,
 * the paper). The encoder is fully convolutional, so it can look at images larger than its pretraining crops:
 * SEM/TEM texture that a 64-96 px thumbnail blurs away stays.
 */
public record FeatureView(int size, boolean stages, int orientations) implements java.io.Serializable {

	/** The encoder's own input size, last stage only, each image as it is: the paper's features. */
	public static final FeatureView ENCODER = new FeatureView(0, false, 1);
	/** The default feature size for classification, chosen by measurement (docs/classification.md). */
	public static final int DEFAULT_SIZE = 224;
	/** The classification default, chosen by measurement (docs/classification.md): 224 px, conv3-5, 8 orientations. */
	public static final FeatureView DEFAULT = new FeatureView(DEFAULT_SIZE, true, EncoderGraph.ORIENTATIONS);

	/** The spec's choices for {@code pooling}: the first is {@code stages = true}. */
	public static final String POOL_STAGES = "stages", POOL_LAST = "last";

	public FeatureView {
		if (size != 0) {
			if (size < 32 || size % 32 != 0)
				throw UserInputException.option("{{feature_size}} " + size + " is not 0 (the encoder's size) or a multiple of 32 from 32 up",
					"pass e.g. {{feature_size}} " + Math.max(32, Math.round(size / 32.0f) * 32));
			Architecture.checkInputSize(size, "{{feature_size}}");
		}
		if (orientations != 1 && orientations != EncoderGraph.ORIENTATIONS)
			throw UserInputException.option("{{orientations}} " + orientations + " is neither 1 nor " + EncoderGraph.ORIENTATIONS, "pass {{orientations}} 8");
	}

	/** The view the spec's {@code feature_size}, {@code pooling} and {@code orientations} describe. */
	public static FeatureView of(int size, String pooling, int orientations) {
		if (!POOL_STAGES.equals(pooling) && !POOL_LAST.equals(pooling))
			throw UserInputException.option("{{pooling}} '" + pooling + "' is neither " + POOL_STAGES + " nor " + POOL_LAST, "pass {{pooling}} " + POOL_STAGES);
		return new FeatureView(size, POOL_STAGES.equals(pooling), orientations);
	}

	/** The view a classifier's features were taken with (classifiers saved before orientations were recorded: 1). */
	public static FeatureView of(org.ssltem.train.LinearClassifier c) {
		return new FeatureView(c.featureSize(), c.featureStages(), c.featureOrientations());
	}

	/** True when each image's features are the mean over its 8 orientations. */
	public boolean allOrientations() {
		return orientations == EncoderGraph.ORIENTATIONS;
	}

	/** The side images are resized to for an encoder pretrained at {@code encoderSize}. */
	public int sizeFor(int encoderSize) {
		return size == 0 ? encoderSize : size;
	}

	/** Features per image of an architecture seen this way. */
	public int widthFor(Architecture a) {
		if (!stages) return a.featureWidth;
		int expansion = a.bottleneck ? 4 : 1;
		return (128 + 256 + 512) * expansion;
	}

	/** e.g. "384 px, stages conv3-5 pooled, 8 orientations averaged" for messages and reports. */
	public String describe(int encoderSize) {
		return sizeFor(encoderSize) + " px" + (size == 0 ? " (the encoder's size)" : "") + (stages ? ", stages conv3+conv4+conv5 pooled" : ", last stage pooled")
			+ (allOrientations() ? ", 8 orientations averaged" : "");
	}
}
