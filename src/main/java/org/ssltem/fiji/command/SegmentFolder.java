package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem segment} on a folder: probabilities/*.tif and masks/*.png at native resolution (overlapping tiles, blended). */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Segment Folder")
public class SegmentFolder extends SslTemCommand {

	@Parameter(style = "directory", description = "the out folder of Train Segmenter")
	File segmenter;
	@Parameter(style = "directory", required = false, description = "the segmenter's encoder, if it moved (checked by hash); default: the one recorded")
	File encoder;
	@Parameter(style = "directory", description = "an image, or a folder of images (searched recursively)")
	File images;
	@Parameter(style = "directory", description = "output folder: probabilities/ and masks/")
	File out;
	@Parameter(description = "tile side, a multiple of 32 (halved automatically when memory runs out)")
	int tile = 512;
	@Parameter(description = "pixels shared by neighbouring tiles, blended")
	int overlap = 64;
	@Parameter(description = "resample each image by this factor before segmenting (1 = native size); 0 = the scale the segmenter was trained at")
	double scale = 0;
	@Parameter(description = "remove mask pieces smaller than this many pixels (at the scale the network works at; 0 = keep all)")
	double min_component = 100; // MaskCleanup.DEFAULT_MIN_COMPONENT; CommandParametersTest checks they agree
	@Parameter(description = "fill holes of at most this many pixels inside the mask (at the scale the network works at; 0 = none)")
	double fill_holes = 100; // MaskCleanup.DEFAULT_MAX_HOLE
	@Parameter(required = false, description = "replace existing outputs")
	boolean overwrite;
	@Parameter(choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(description = "TensorFlow threads (0 = all cores)")
	int threads = 0;

	@Override
	protected String operation() {
		return "segment";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.log(String.format(Locale.ROOT, "SSL-TEM: %s images segmented in %.1f s (tile %s) -> %s", r.get("images"), ((Number) r.get("seconds")).doubleValue(),
			r.get("final_tile"), r.get("out")));
	}
}
