package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem seg-eval}: soft Dice and IoU of predicted masks against true masks, per image (a table) and median. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Evaluate Segmentation")
public class EvaluateSegmentation extends SslTemCommand {

	public static final String TABLE = "SSL-TEM segmentation scores";

	@Parameter(style = "directory", description = "predicted masks (searched recursively)")
	File predicted;
	@Parameter(style = "directory", description = "true masks, same relative paths and names")
	File truth;
	@Parameter(required = false, description = "the nanowire (foreground) class (empty: every non-zero class)")
	Integer foreground;
	@Parameter(description = "classes including background; 2 also accepts 0/255")
	int classes = 2;
	@Parameter(required = false, description = "replace out if it exists")
	boolean overwrite;
	@Parameter(style = "save", description = "JSON file with the per-image and median scores")
	File out;

	@Override
	protected String operation() {
		return "seg-eval";
	}

	@Override
	protected void show(Map<String, Object> r) {
		List<?> images = (List<?>) r.get("images");
		Results.show(Results.rowsTable(images), TABLE);
		Results.log(String.format(Locale.ROOT, "SSL-TEM: %d images: dice median %.4f, iou median %.4f -> %s", images.size(),
			((Number) r.get("dice_median")).doubleValue(), ((Number) r.get("iou_median")).doubleValue(), r.get("out")));
	}
}
