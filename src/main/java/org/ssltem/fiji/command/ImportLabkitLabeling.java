package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.LabkitFiles;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;

/** A Labkit {@code .labeling} (or index {@code .tif} + {@code .tif.labels}) → SSL-TEM index mask in {@code masks/} beside the image. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Labkit>Import Labkit Labeling")
public class ImportLabkitLabeling extends SslTemCommand<OperationResult> {

	@Parameter(style = "open", description = "the image the labeling belongs to")
	File image;
	@Parameter(style = "open", description = "Labkit .labeling file, or .tif index image with its .tif.labels")
	File labeling;
	@Parameter(required = false, description = "replace an existing mask")
	boolean overwrite;

	@Override
	protected void execute() {
		Path img = image.toPath(), lab = labeling.toPath();
		int[] size = ImageSize.of(img);
		IndexMask mask = lab.toString().toLowerCase().endsWith(".labeling") ? LabkitFiles.readLabeling(lab, size[0], size[1]) : LabkitFiles.readIndexTif(lab);
		if (mask.width() != size[0] || mask.height() != size[1])
			throw new IllegalArgumentException(lab + ": is " + mask.width() + "x" + mask.height() + " px, the image " + size[0] + "x" + size[1] + ". Fix: pick the image it was made on");
		Path target = MaskFiles.maskFor(img);
		MaskFiles.save(mask, target, overwrite);
		if (!GraphicsEnvironment.isHeadless()) MaskFiles.toImage(mask, target.getFileName().toString()).show();
		ResultDisplay.log("SSL-TEM: mask with labels " + mask.names() + " -> " + target);
	}
}
