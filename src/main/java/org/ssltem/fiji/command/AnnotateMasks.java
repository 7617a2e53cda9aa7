package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.gui.WaitForUserDialog;
import ij.plugin.frame.RoiManager;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.AnnotationSession;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.annotate.MaskFromRois;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Steps through a folder of images and saves an index mask (0 background, 1 nanowire) for each, painted with
 * ImageJ's own tools: draw with the brush or any selection tool and press T to add each stroke to the ROI Manager;
 * rename a ROI to "background" to erase with it. OK saves {@code masks/<image>.png} and opens the next image.
 */
@Plugin(type = Command.class, label = "Annotate Masks")
public class AnnotateMasks extends SslTemCommand<OperationResult> {

	@Parameter(style = "directory", description = "folder of images; masks go to its masks/ subfolder")
	File images;
	@Parameter(required = false, description = "also show images that already have a mask (their mask is replaced)")
	boolean overwrite;

	@Override
	protected void execute() {
		if (GraphicsEnvironment.isHeadless()) throw new IllegalArgumentException("Annotate Masks needs a screen: it is interactive");
		List<Path> todo = todo(images.toPath(), overwrite);
		if (todo.isEmpty()) {
			ResultDisplay.log("SSL-TEM: every image in " + images + " has a mask already (set overwrite to redo them)");
			return;
		}
		int saved = 0;
		for (Path image : todo) {
			ImagePlus imp = IJ.openImage(image.toString());
			if (imp == null) continue;
			imp.show();
			IJ.setTool("brush");
			RoiManager rm = RoiManager.getRoiManager();
			rm.reset();
			WaitForUserDialog wait = new WaitForUserDialog("SSL-TEM: Annotate Masks (" + (saved + 1) + "/" + todo.size() + ")",
				"Paint nanowires (brush tool), press T after each stroke.\nRename a ROI to 'background' to erase with it.\nOK saves the mask and opens the next image;\npress Esc (with this dialog in front) to stop without saving this one.");
			wait.show();
			if (wait.escPressed()) {
				imp.close();
				break;
			}
			save(imp, Arrays.asList(rm.getRoisAsArray()), image, overwrite);
			saved++;
			imp.close();
		}
		ResultDisplay.log("SSL-TEM: saved " + AnnotationSession.count(saved, "mask") + " to " + images.toPath().resolve("masks"));
	}

	/** The mask painted from these ROIs, saved beside the image; returns its path. */
	static Path save(ImagePlus imp, List<Roi> rois, Path image, boolean overwrite) {
		Path target = MaskFiles.maskFor(image);
		MaskFiles.save(MaskFromRois.paint(imp.getWidth(), imp.getHeight(), rois), target, overwrite);
		return target;
	}

	/** Images of the folder (sorted), without those that have a mask unless {@code overwrite}. */
	static List<Path> todo(Path dir, boolean overwrite) {
		if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": is not a folder. Fix: choose the folder that holds the images");
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted()
				.filter(p -> overwrite || !Files.exists(MaskFiles.maskFor(p))).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static boolean isImage(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
	}
}
