package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** {@code ssl-tem features}: one row of encoder features per image, as CSV and as a ResultsTable. */
@Plugin(type = Command.class, label = "Extract Features")
public class ExtractFeatures extends FeatureViewCommand<Results.Features> {

	@Parameter(style = "directory")
	File encoder;
	@Parameter(style = "directory")
	File images;
	@Parameter(style = "save")
	File out;
	@Parameter
	int batch = Operations.FEATURES.defaultInt("batch");
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "features";
	}

	@Override
	protected void show(Results.Features r) {
		ResultDisplay.show(ResultDisplay.featuresTable(Path.of(r.csv())), ResultDisplay.FEATURES_TABLE);
		ResultDisplay.log("SSL-TEM: " + r.images() + " images x " + r.featureWidth() + " features -> " + r.csv());
	}
}
