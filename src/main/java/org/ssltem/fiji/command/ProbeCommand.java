package org.ssltem.fiji.command;

import org.scijava.plugin.Parameter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Operations;

/**
 * The probe field every command that trains classifiers shares (Train Classifier, Label-Efficiency Report), beside
 * the feature fields. Both operations take the same probe group of the spec, so the default is read from
 * train-classifier's.
 */
public abstract class ProbeCommand<R extends OperationResult> extends FeatureViewCommand<R> {

	@Parameter
	String probe = Operations.TRAIN_CLASSIFIER.defaultText("probe");
}
