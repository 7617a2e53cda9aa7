package org.ssltem.infer;

import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;

/**
 * How an encoder's features are taken: the side the images are resized to ({@code size}; 0 = the encoder's own
 * pretraining size) and whether the global averages of stages conv3, conv4 and conv5 are concatenated
 * ({@code stages}) or only the last stage's is used (the paper). The encoder is fully convolutional, so it can
 * look at images larger than its pretraining crops: SEM/TEM texture that a 64-96 px thumbnail blurs away stays.
 */
public record FeatureView(int size, boolean stages) implements java.io.Serializable {

	/** The encoder's own input size, last stage only: the paper's features. */
	public static final FeatureView ENCODER = new FeatureView(0, false);
	/** The default feature size for classification, chosen by measurement (docs/classification.md). */
	public static final int DEFAULT_SIZE = 224;
	public static final FeatureView DEFAULT = new FeatureView(DEFAULT_SIZE, false);

	public FeatureView {
		if (size != 0) {
			if (size < 32 || size % 32 != 0)
				throw UserInputException.option("{{feature_size}} " + size + " is not 0 (the encoder's size) or a multiple of 32 from 32 up",
					"pass e.g. {{feature_size}} " + Math.max(32, Math.round(size / 32.0f) * 32));
			Architecture.checkInputSize(size, "{{feature_size}}");
		}
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

	/** e.g. "384 px, stages conv3-5" for messages and reports. */
	public String describe(int encoderSize) {
		return sizeFor(encoderSize) + " px" + (size == 0 ? " (the encoder's size)" : "") + (stages ? ", stages conv3+conv4+conv5 pooled" : ", last stage pooled");
	}
}
