package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Map;

/** {@code ssl-tem generate}: synthetic TEM nanowire images of the four morphologies with exact masks. */
@Plugin(type = Command.class, label = "Generate Synthetic Data")
public class GenerateSyntheticData extends SslTemCommand<Results.Generated> {

	@Parameter(style = "directory")
	File out;

	@Parameter(min = "1")
	int per_class = Operations.GENERATE.defaultInt("per_class");

	@Parameter(min = "64", max = "4096")
	int size = Operations.GENERATE.defaultInt("size");

	@Parameter
	long seed = Operations.GENERATE.defaultLong("seed");

	@Parameter
	String stain = Operations.GENERATE.defaultText("stain");

	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "generate";
	}

	@Override
	protected void show(Results.Generated r) {
		ResultDisplay.log("SSL-TEM: wrote " + r.images() + " images and masks to " + r.out());
	}
}
