package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;

import java.io.File;

/** {@code ssl-tem train-classifier}: a linear classifier on a frozen encoder's features (or texture features) of class folders. */
@Plugin(type = Command.class, label = "Train Classifier")
public class TrainClassifier extends ProbeCommand<Results.ClassifierTrained> {

	@Parameter(style = "directory")
	File encoder;
	@Parameter(style = "directory")
	File dataset;
	@Parameter(style = "directory")
	File out;
	@Parameter
	long seed = Operations.TRAIN_CLASSIFIER.defaultLong("seed");
	@Parameter
	int max_epochs = Operations.TRAIN_CLASSIFIER.defaultInt("max_epochs");
	@Parameter(required = false)
	boolean standardize;
	@Parameter(required = false)
	boolean no_refit;
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "train-classifier";
	}

	@Override
	protected void show(Results.ClassifierTrained r) {
		ResultDisplay.log("SSL-TEM: classifier for " + r.classes() + " from " + r.images() + " images, " + r.training() + " -> " + r.file());
	}
}
