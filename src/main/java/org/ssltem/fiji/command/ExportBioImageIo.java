package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.api.Operations;
import org.ssltem.api.Results;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;

/** {@code ssl-tem export-bioimageio}: a trained segmenter as a bioimage.io model package that DeepImageJ runs. */
@Plugin(type = Command.class, label = "Export for bioimage.io / DeepImageJ")
public class ExportBioImageIo extends SslTemCommand<Results.BioImageIoExported> {

	@Parameter(style = "directory")
	File segmenter;
	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter(style = "open")
	File sample;
	@Parameter(style = "save")
	File out;
	@Parameter(required = false)
	String name;
	@Parameter
	String authors;
	@Parameter
	String license = Operations.EXPORT_BIOIMAGEIO.defaultText("license");
	@Parameter(required = false)
	boolean overwrite;
	@Parameter
	int threads = Operations.EXPORT_BIOIMAGEIO.defaultInt("threads");

	@Override
	protected String operation() {
		return "export-bioimageio";
	}

	@Override
	protected void show(Results.BioImageIoExported r) {
		ResultDisplay.log("SSL-TEM: bioimage.io package -> " + r.out() + " (test image " + r.testWidth() + "x" + r.testHeight() + "; " + r.preprocessing()
			+ "). Open it in DeepImageJ with Plugins > DeepImageJ > DeepImageJ Install Model.");
	}
}
