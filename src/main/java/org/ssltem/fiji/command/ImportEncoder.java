package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.api.Operations;
import org.ssltem.api.Results;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;

/** {@code ssl-tem import-encoder}: a published PyTorch or Keras ResNet as an encoder folder the other commands take. */
@Plugin(type = Command.class, label = "Import Encoder")
public class ImportEncoder extends SslTemCommand<Results.EncoderImported> {

	@Parameter(style = "open", required = false)
	File torch;
	@Parameter(style = "open", required = false)
	File keras;
	@Parameter(style = "directory")
	File out;
	@Parameter
	String arch = Operations.IMPORT_ENCODER.defaultText("arch");
	@Parameter
	int size = Operations.IMPORT_ENCODER.defaultInt("size");
	@Parameter(required = false)
	String prefix;
	@Parameter
	String normalisation = Operations.IMPORT_ENCODER.defaultText("normalisation");
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "import-encoder";
	}

	@Override
	protected void show(Results.EncoderImported r) {
		ResultDisplay.log("SSL-TEM: imported a " + r.architecture() + " (" + r.format() + ", " + r.variables() + " tensors, input " + r.normalisation()
			+ ") -> " + r.out());
	}
}
