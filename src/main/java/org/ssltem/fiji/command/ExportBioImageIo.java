package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Map;

/** {@code ssl-tem export-bioimageio}: a trained segmenter as a bioimage.io model package that DeepImageJ runs. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Export for bioimage.io / DeepImageJ")
public class ExportBioImageIo extends SslTemCommand {

	@Parameter(style = "directory", description = "the out folder of Train Segmenter")
	File segmenter;
	@Parameter(style = "directory", required = false, description = "the segmenter's encoder, if it moved (checked by hash); default: the one recorded")
	File encoder;
	@Parameter(style = "open", description = "an image like those the model will segment; its centre becomes the package's test and sample image")
	File sample;
	@Parameter(style = "save", description = "the package to write (.zip)")
	File out;
	@Parameter(required = false, description = "the model's name; default: 'SSL-TEM segmenter' and the segmenter's folder name")
	String name;
	@Parameter(description = "who trained the model, separated by commas")
	String authors;
	@Parameter(description = "the model's licence (an SPDX id)")
	String license = "CC-BY-4.0";
	@Parameter(required = false, description = "replace an existing package")
	boolean overwrite;
	@Parameter(description = "TensorFlow threads (0 = all cores)")
	int threads = 0;

	@Override
	protected String operation() {
		return "export-bioimageio";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.log("SSL-TEM: bioimage.io package -> " + r.get("out") + " (test image " + r.get("test_size") + "; " + r.get("preprocessing")
			+ "). Open it in DeepImageJ with Plugins > DeepImageJ > DeepImageJ Install Model.");
	}
}
