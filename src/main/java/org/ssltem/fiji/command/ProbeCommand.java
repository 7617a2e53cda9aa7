package org.ssltem.fiji.command;

import org.scijava.plugin.Parameter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Operations;
import org.ssltem.fiji.SslTemCommand;

/**
 * The probe and feature fields every command that trains classifiers shares (Train Classifier, Label-Efficiency
 * Report). Both operations take the same probe group of the spec, so the defaults are read from train-classifier's.
 */
public abstract class ProbeCommand<R extends OperationResult> extends SslTemCommand<R> {

	@Parameter
	String probe = Operations.TRAIN_CLASSIFIER.defaultText("probe");
	@Parameter
	int feature_size = Operations.TRAIN_CLASSIFIER.defaultInt("feature_size");
	@Parameter(choices = { "stages", "last" })
	String pooling = Operations.TRAIN_CLASSIFIER.defaultText("pooling");
	@Parameter(choices = { "8", "1" })
	String orientations = Operations.TRAIN_CLASSIFIER.defaultText("orientations");
}
