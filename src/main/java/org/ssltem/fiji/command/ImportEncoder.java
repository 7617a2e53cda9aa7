package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Map;

/** {@code ssl-tem import-encoder}: a published PyTorch or Keras ResNet as an encoder folder the other commands take. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Import Encoder")
public class ImportEncoder extends SslTemCommand {

	@Parameter(required = false, style = "open", description = "PyTorch state dict or checkpoint of a torchvision resnet18/resnet50 (leave empty for a Keras file)")
	File torch;
	@Parameter(required = false, style = "open", description = "Keras HDF5 weights of a ResNet50 (leave empty for a PyTorch file)")
	File keras;
	@Parameter(style = "directory", description = "a new or empty folder: manifest.json and checkpoints/")
	File out;
	@Parameter(required = false, description = "resnet50 or resnet18; empty: what the file holds")
	String arch;
	@Parameter(description = "input side the encoder will see, a multiple of 32")
	int size = 224;
	@Parameter(required = false, description = "PyTorch only: key prefix of the encoder's tensors; empty: found")
	String prefix;
	@Parameter(description = "auto, none, imagenet, caffe, or MEAN/STD such as 0.58/0.10")
	String normalisation = "auto";
	@Parameter(required = false, description = "replace out if it holds an encoder")
	boolean overwrite;

	@Override
	protected String operation() {
		return "import-encoder";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.log("SSL-TEM: imported a " + r.get("architecture") + " (" + r.get("format") + ", " + r.get("variables") + " tensors, input "
			+ r.get("normalisation") + ") -> " + r.get("out"));
	}
}
