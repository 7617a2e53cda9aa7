package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem classify}: one row per image with the predicted class and each class's probability; a confusion matrix for class folders. */
@Plugin(type = Command.class, label = "Classify Images")
public class ClassifyImages extends SslTemCommand<Results.Classified> {

	public static final String TABLE = "SSL-TEM classification";

	@Parameter(style = "directory")
	File classifier;
	@Parameter(style = "directory")
	File images;
	@Parameter(style = "save")
	File out;
	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "classify";
	}

	@Override
	protected void show(Results.Classified r) {
		ResultDisplay.show(ResultDisplay.csvTable(Path.of(r.csv())), TABLE);
		if (r.confusionPng() != null) ResultDisplay.showImage(Path.of(r.confusionPng()), "SSL-TEM confusion matrix");
		ResultDisplay.log("SSL-TEM: " + r.images() + " images classified -> " + r.csv()
			+ (Double.isNaN(r.accuracy()) ? "" : String.format(Locale.ROOT, "; accuracy %.1f%%, confusion matrix -> %s", 100 * r.accuracy(), r.confusionCsv())));
	}
}
