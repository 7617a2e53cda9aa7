package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem segment} on a folder: probabilities/*.tif and cleaned masks/*.png at native size, segmented at the training scale (overlapping tiles, blended). */
@Plugin(type = Command.class, label = "Segment Folder")
public class SegmentFolder extends SslTemCommand<Results.Segmented> {

	@Parameter(style = "directory")
	File segmenter;
	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter(style = "directory")
	File images;
	@Parameter(style = "directory")
	File out;
	@Parameter
	int tile = Operations.SEGMENT.defaultInt("tile");
	@Parameter
	int overlap = Operations.SEGMENT.defaultInt("overlap");
	@Parameter
	double scale = Operations.SEGMENT.defaultDouble("scale");
	@Parameter
	double min_component = Operations.SEGMENT.defaultDouble("min_component");
	@Parameter
	double fill_holes = Operations.SEGMENT.defaultDouble("fill_holes");
	@Parameter(required = false)
	boolean overwrite;
	@Parameter
	String device = Operations.SEGMENT.defaultText("device");
	@Parameter
	int threads = Operations.SEGMENT.defaultInt("threads");

	@Override
	protected String operation() {
		return "segment";
	}

	@Override
	protected void show(Results.Segmented r) {
		ResultDisplay.log(String.format(Locale.ROOT, "SSL-TEM: %d images segmented in %.1f s (tile %d) -> %s", r.images(), r.seconds(), r.finalTile(), r.out()));
	}
}
