package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;

import java.io.File;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem train-classifier}: the paper's linear softmax classifier on a frozen encoder's features of class folders. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Classification>Train Classifier")
public class TrainClassifier extends ProbeCommand {

	@Parameter(style = "directory", description = "the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(style = "directory", description = "folder of class folders (DIR/<class>/*.png)")
	File dataset;
	@Parameter(style = "directory", description = "folder for classifier.json")
	File out;
	@Parameter(description = "seeds the validation split, weights and order")
	long seed = 0;
	@Parameter(description = "cap on epochs (early stopping usually ends sooner)")
	int max_epochs = 500;
	@Parameter(required = false, description = "with the paper probe: z-score features first (the logistic probe always does)")
	boolean standardize;
	@Parameter(required = false, description = "keep the early-stopped weights (the paper) instead of refitting on all labels")
	boolean no_refit;
	@Parameter(required = false, description = "replace a classifier already in out")
	boolean overwrite;

	@Override
	protected String operation() {
		return "train-classifier";
	}

	@Override
	protected void show(Map<String, Object> r) {
		if ("logistic".equals(r.get("probe"))) {
			Results.log("SSL-TEM: classifier for " + r.get("classes") + " from " + r.get("images") + " images, logistic probe, C = " + r.get("c") + " -> " + r.get("file"));
			return;
		}
		String validation = Boolean.TRUE.equals(r.get("validated"))
			? String.format(Locale.ROOT, ", best validation accuracy %.1f%% at epoch %s", 100 * ((Number) r.get("best_validation_accuracy")).doubleValue(), r.get("best_epoch"))
			: " (no validation set)";
		Results.log("SSL-TEM: classifier for " + r.get("classes") + " from " + r.get("images") + " images, " + r.get("epochs") + " epochs" + validation + " -> "
			+ r.get("file"));
	}
}
