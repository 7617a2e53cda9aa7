package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem train-classifier}: the paper's linear softmax classifier on a frozen encoder's features of class folders. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Classification>Train Classifier")
public class TrainClassifier extends SslTemCommand<Results.ClassifierTrained> {

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
		String validation = r.validated()
			? String.format(Locale.ROOT, ", best validation accuracy %.1f%% at epoch %d", 100 * r.bestValidationAccuracy(), r.bestEpoch())
			: " (no validation set)";
		ResultDisplay.log("SSL-TEM: classifier for " + r.classes() + " from " + r.images() + " images, " + r.epochs() + " epochs" + validation + " -> " + r.file());
	}
}
