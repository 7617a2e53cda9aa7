package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** {@code ssl-tem features}: one row of encoder features per image, as CSV and as a ResultsTable. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Extract Features")
public class ExtractFeatures extends SslTemCommand {

	@Parameter(style = "directory", description = "the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(style = "directory", description = "folder of images (or of class folders)")
	File images;
	@Parameter(style = "save", description = "CSV file: file,class,f0,f1,...")
	File out;
	@Parameter(description = "images per batch")
	int batch = 16;
	@Parameter(required = false, description = "replace out if it exists")
	boolean overwrite;

	@Override
	protected String operation() {
		return "features";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.featuresTable(Path.of((String) r.get("csv"))), Results.FEATURES_TABLE);
		Results.log("SSL-TEM: " + r.get("images") + " images x " + r.get("feature_width") + " features -> " + r.get("csv"));
	}
}
