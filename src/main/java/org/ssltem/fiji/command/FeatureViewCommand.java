package org.ssltem.fiji.command;

import org.scijava.plugin.Parameter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Operations;
import org.ssltem.fiji.SslTemCommand;

/**
 * The fields that say how an encoder's features are taken, shared by every command that takes them (Extract
 * Features, Train Classifier, Label-Efficiency Report). The operations share the spec's feature group, so the
 * defaults are read from features'.
 */
public abstract class FeatureViewCommand<R extends OperationResult> extends SslTemCommand<R> {

	@Parameter
	int feature_size = Operations.FEATURES.defaultInt("feature_size");
	@Parameter(choices = { "stages", "last" })
	String pooling = Operations.FEATURES.defaultText("pooling");
	@Parameter(choices = { "8", "1" })
	String orientations = Operations.FEATURES.defaultText("orientations");
}
