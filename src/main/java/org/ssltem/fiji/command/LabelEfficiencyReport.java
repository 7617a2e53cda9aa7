package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem label-efficiency}: the paper's protocol, accuracy against labelled images per class over many splits, as a table and a boxplot. */
@Plugin(type = Command.class, label = "Label-Efficiency Report")
public class LabelEfficiencyReport extends ProbeCommand<Results.LabelEfficiency> {

	public static final String TABLE = "SSL-TEM label efficiency";

	@Parameter
	String encoder;
	@Parameter(style = "directory")
	File dataset;
	@Parameter
	String labels = Operations.LABEL_EFFICIENCY.defaultText("labels");
	@Parameter
	int split_seeds = Operations.LABEL_EFFICIENCY.defaultInt("split_seeds");
	@Parameter(style = "directory")
	File out;
	@Parameter
	double test_fraction = Operations.LABEL_EFFICIENCY.defaultDouble("test_fraction");
	@Parameter
	int max_epochs = Operations.LABEL_EFFICIENCY.defaultInt("max_epochs");
	@Parameter
	int random_size = Operations.LABEL_EFFICIENCY.defaultInt("random_size");
	@Parameter(required = false)
	boolean split_by_sample;
	@Parameter(required = false)
	boolean standardize;
	@Parameter(required = false)
	boolean calibrate_bn;
	@Parameter(required = false)
	boolean no_refit;
	@Parameter
	int threads = Operations.LABEL_EFFICIENCY.defaultInt("threads");
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "label-efficiency";
	}

	@Override
	protected void show(Results.LabelEfficiency r) {
		ResultDisplay.show(ResultDisplay.rowsTable(r.boxes()), TABLE);
		ResultDisplay.showImage(Path.of(r.boxplot()), "SSL-TEM label efficiency boxplot");
		ResultDisplay.log("SSL-TEM: " + r.classifiers() + " classifiers -> " + r.out());
	}
}
