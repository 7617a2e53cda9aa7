package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.api.LabelImage;
import org.ssltem.fiji.EngineLoader;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;

/** A Labkit {@code .labeling} (or index {@code .tif} + {@code .tif.labels}) → SSL-TEM index mask in {@code masks/} beside the image. */
@Plugin(type = Command.class, label = "Import Labkit Labeling")
public class ImportLabkitLabeling extends SslTemCommand<OperationResult> {

	@Parameter(style = "open", description = "the image the labeling belongs to")
	File image;
	@Parameter(style = "open", description = "Labkit .labeling file, or .tif index image with its .tif.labels")
	File labeling;
	@Parameter(required = false, description = "replace an existing mask")
	boolean overwrite;

	/** Labkit's JSON is read engine-side (Gson lives with the engine), so this works in plain ImageJ as in Fiji. */
	@Override
	protected void execute() {
		Path img = image.toPath(), lab = labeling.toPath();
		int[] size = ImageSize.of(img);
		LabelImage read = EngineLoader.engine().readLabels(lab, size[0], size[1]);
		IndexMask mask = new IndexMask(read.width(), read.height(), read.labels(), read.names());
		Path target = MaskFiles.maskFor(img);
		MaskFiles.save(mask, target, overwrite);
		if (!GraphicsEnvironment.isHeadless()) MaskFiles.toImage(mask, target.getFileName().toString()).show();
		long unlabelled = mask.count(IndexMask.UNLABELLED);
		ResultDisplay.log("SSL-TEM: mask with labels " + mask.names() + " -> " + target
			+ (unlabelled > 0 ? " (" + unlabelled + " unlabelled pixels saved as " + MaskFiles.UNLABELLED_VALUE + "; training leaves them out)" : ""));
	}
}
