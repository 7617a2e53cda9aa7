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
import java.util.Map;

/** {@code ssl-tem morphology}: percolation, density, clusters, skeleton length, width and orientation of masks, one row per mask. */
@Plugin(type = Command.class, label = "Percolation & Morphology")
public class PercolationMorphology extends SslTemCommand<Results.Morphology> {

	public static final String TABLE = "SSL-TEM morphology";

	@Parameter(style = "directory")
	File masks;
	@Parameter
	int size = Operations.MORPHOLOGY.defaultInt("size");
	@Parameter(required = false)
	Integer foreground;
	@Parameter
	int classes = Operations.MORPHOLOGY.defaultInt("classes");
	@Parameter(required = false)
	boolean overwrite;
	@Parameter(style = "save")
	File out;

	@Override
	protected String operation() {
		return "morphology";
	}

	@Override
	protected void show(Results.Morphology r) {
		ResultDisplay.show(ResultDisplay.csvTable(Path.of(r.csv())), TABLE);
		ResultDisplay.log("SSL-TEM: " + r.masks() + " masks, " + r.percolating() + " percolate -> " + r.csv());
	}
}
