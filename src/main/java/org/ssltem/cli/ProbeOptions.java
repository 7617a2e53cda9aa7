package org.ssltem.cli;

import org.ssltem.infer.FeatureView;
import org.ssltem.train.LinearClassifier;
import picocli.CommandLine.Option;

/** The probe and feature options every command that trains classifiers shares ({@code train-classifier}, {@code label-efficiency}). */
final class ProbeOptions {

	@Option(names = "--probe", paramLabel = "logistic|paper", defaultValue = "logistic",
		description = "logistic: standardised L2 logistic regression, C by cross-validation; paper: Adam with early stopping; default: ${DEFAULT-VALUE}")
	String probe;

	@Option(names = "--feature_size", paramLabel = "N", defaultValue = "" + FeatureView.DEFAULT_SIZE,
		description = "side images are resized to for encoder features (0 = the encoder's pretraining size); default: ${DEFAULT-VALUE}")
	int featureSize;

	@Option(names = "--stages", description = "pool stages conv3, conv4 and conv5 (concatenated) instead of the last stage only")
	boolean stages;

	LinearClassifier.Probe probe() {
		return LinearClassifier.Probe.parse(probe);
	}

	FeatureView view() {
		return new FeatureView(featureSize, stages);
	}
}
