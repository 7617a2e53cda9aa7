package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** {@code ssl-tem morphology}: percolation, density, clusters, skeleton length, width and orientation of masks, one row per mask. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Percolation & Morphology")
public class PercolationMorphology extends SslTemCommand {

	public static final String TABLE = "SSL-TEM morphology";

	@Parameter(style = "directory", description = "mask images (searched recursively)")
	File masks;
	@Parameter(description = "resize masks nearest-neighbour to N x N first (0 = native size; the paper used 224)")
	int size = 0;
	@Parameter(required = false, description = "the nanowire (foreground) class (empty: every non-zero class)")
	Integer foreground;
	@Parameter(description = "classes including background; 2 also accepts 0/255")
	int classes = 2;
	@Parameter(required = false, description = "replace out if it exists")
	boolean overwrite;
	@Parameter(style = "save", description = "CSV file, one row per mask")
	File out;

	@Override
	protected String operation() {
		return "morphology";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.csvTable(Path.of((String) r.get("csv"))), TABLE);
		Results.log("SSL-TEM: " + r.get("masks") + " masks, " + r.get("percolating") + " percolate -> " + r.get("csv"));
	}
}
