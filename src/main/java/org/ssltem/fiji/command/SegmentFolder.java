package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.api.Results;
import org.ssltem.fiji.ResultDisplay;

import java.io.File;
import java.util.Locale;

/** {@code ssl-tem segment} on a folder: probabilities/*.tif and cleaned masks/*.png at native size, segmented at the training scale (overlapping tiles, blended). */
@Plugin(type = Command.class, label = "Segment Folder")
public class SegmentFolder extends SegmentCommand<Results.Segmented> {

	@Parameter(style = "directory")
	File images;
	@Parameter(style = "directory")
	File out;

	@Override
	protected String operation() {
		return "segment";
	}

	@Override
	protected void show(Results.Segmented r) {
		ResultDisplay.log(String.format(Locale.ROOT, "SSL-TEM: %d images segmented in %.1f s (tile %d) -> %s", r.images(), r.seconds(), r.finalTile(), r.out()));
	}
}
