package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem label-efficiency}: the paper's protocol, accuracy against labelled images per class over many splits, as a table and a boxplot. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Classification>Label-Efficiency Report")
public class LabelEfficiencyReport extends ProbeCommand {

	public static final String TABLE = "SSL-TEM label efficiency";

	@Parameter(description = "encoder folders, comma-separated, and/or random:resnet50 / random:resnet18 (untrained baseline), baseline:texture (classical texture numbers)")
	String encoder;
	@Parameter(style = "directory", description = "folder of class folders")
	File dataset;
	@Parameter(description = "labelled images per class, comma-separated")
	String labels = "1,2,4,8,16,32,80";
	@Parameter(description = "train/test splits (seeds 0..N-1)")
	int split_seeds = 100;
	@Parameter(style = "directory", description = "output folder: results.csv, summary.json, boxplot.png")
	File out;
	@Parameter(description = "share of each class held out for testing")
	double test_fraction = 0.2;
	@Parameter(description = "cap per classifier")
	int max_epochs = 500;
	@Parameter(description = "input size of random: encoders (0 = the first encoder folder's, else 224)")
	int random_size = 0;
	@Parameter(required = false, description = "keep the images of one sample (file name without its last _number) on one side of each split")
	boolean split_by_sample;
	@Parameter(required = false, description = "with the paper probe: z-score features before each classifier (the logistic probe always does)")
	boolean standardize;
	@Parameter(required = false, description = "measure each pretrained encoder's batch-norm statistics on the dataset's images, as random: baselines' are")
	boolean calibrate_bn;
	@Parameter(required = false, description = "keep the early-stopped weights (the paper) instead of refitting on all labels")
	boolean no_refit;
	@Parameter(description = "classifiers trained at once (0 = all cores)")
	int threads = 0;
	@Parameter(required = false, description = "replace results already in out")
	boolean overwrite;

	@Override
	protected String operation() {
		return "label-efficiency";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.rowsTable((List<?>) r.get("summary")), TABLE);
		Results.showImage(Path.of((String) r.get("boxplot")), "SSL-TEM label efficiency boxplot");
		Results.log("SSL-TEM: " + r.get("classifiers") + " classifiers -> " + r.get("out"));
		for (Object w : (List<?>) r.get("warnings")) Results.log("SSL-TEM: warning: " + w);
	}
}
