package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Map;

/** {@code ssl-tem generate}: synthetic TEM nanowire images of the four morphologies with exact masks. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Generate Synthetic Data")
public class GenerateSyntheticData extends SslTemCommand {

	@Parameter(style = "directory", description = "output folder: images/<class>/, masks/<class>/, synthetic.json")
	File out;

	@Parameter(min = "1", description = "images per morphology")
	int per_class = 50;

	@Parameter(min = "64", max = "4096", description = "image side in px")
	int size = 224;

	@Parameter(description = "random seed")
	long seed = 0;

	@Parameter(required = false, description = "write into a folder that already has files")
	boolean overwrite;

	@Override
	protected String operation() {
		return "generate";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.log("SSL-TEM: wrote " + r.get("images") + " images and masks to " + r.get("out"));
	}
}
