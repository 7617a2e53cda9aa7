package org.ssltem.fiji.command;

import org.scijava.plugin.Parameter;
import org.ssltem.fiji.SslTemCommand;
import org.ssltem.infer.FeatureView;

/** The probe and feature fields every command that trains classifiers shares (Train Classifier, Label-Efficiency Report). */
public abstract class ProbeCommand extends SslTemCommand {

	@Parameter(choices = { "logistic", "paper" }, description = "logistic: standardised L2 logistic regression, C by cross-validation; paper: Adam with early stopping")
	String probe = "logistic";
	@Parameter(description = "side images are resized to for encoder features (0 = the encoder's pretraining size)")
	int feature_size = FeatureView.DEFAULT_SIZE;
	@Parameter(required = false, description = "pool stages conv3, conv4 and conv5 instead of the last stage only")
	boolean stages;
}
