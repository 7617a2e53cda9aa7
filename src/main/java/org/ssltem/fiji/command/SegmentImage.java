package org.ssltem.fiji.command;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.OperationResult;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;
import org.ssltem.fiji.EngineTask;
import org.ssltem.fiji.ResultDisplay;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ssl-tem segment} on the current image, in memory: ImageJ's pixel array goes to the engine and the
 * probabilities and the mask come back as arrays (no temporary file); they open as image windows, and the mask is laid
 * over the image as a translucent overlay. With {@code out}, the probability TIFF and mask PNG are also saved there.
 * Scripts get both images as the command's outputs ({@code probabilities}, {@code mask}).
 */
@Plugin(type = Command.class, label = "Segment Image")
public class SegmentImage extends SegmentCommand<OperationResult> {

	/** Opacity of the mask overlay on the image. */
	static final double OVERLAY_OPACITY = 0.4;

	@Parameter(style = "directory", required = false)
	File out;

	/** The probability map: 32-bit, one slice per class for a multi-class segmenter. */
	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus probabilities;
	/** The mask as segment writes it: 0/255 for a binary segmenter, class indices otherwise. */
	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus mask;

	/** Runs {@code segment} on the open image; the dialog's fields are that operation's. */
	@Override
	protected String operation() {
		return "segment";
	}

	@Override
	protected void execute() {
		ImagePlus image = WindowManager.getCurrentImage();
		checkImage(image);
		String stem = stem(image.getTitle());
		Path probabilitiesFile = out == null ? null : out.toPath().resolve("probabilities").resolve(stem + ".tif");
		Path maskFile = out == null ? null : out.toPath().resolve("masks").resolve(stem + ".png");
		if (out != null && !overwrite)
			for (Path p : new Path[] { probabilitiesFile, maskFile })
				if (Files.exists(p)) throw new IllegalArgumentException(p + ": already exists. Fix: choose another {{out}} folder, or tick {{overwrite}}");
		SegmentRequest request = new SegmentRequest(segmenter.toPath(), encoder == null ? null : encoder.toPath(), tile, overlap, scale, min_component,
			fill_holes, device, threads);
		ImagePlane plane = new ImagePlane(image.getWidth(), image.getHeight(), image.getProcessor().getPixels());
		Segmentation r = EngineTask.call("segment", new AtomicBoolean(), null, (engine, progress, cancel) -> engine.segment(request, plane, progress, cancel));
		probabilities = probabilityImage(r, image.getTitle() + " probabilities");
		mask = maskImage(r, image.getTitle() + " mask");
		if (out != null) {
			saveAtomically(probabilities, probabilitiesFile, false);
			saveAtomically(mask, maskFile, true);
		}
		image.setOverlay(overlay(mask.getProcessor()));
		ResultDisplay.show(probabilities);
		ResultDisplay.show(mask);
		ResultDisplay.log(String.format(Locale.ROOT, "SSL-TEM: segmented %s in %.1f s%s", image.getTitle(), r.seconds(), out != null ? " -> " + out : ""));
	}

	/** The probabilities as a 32-bit image (a stack of one slice per class for a multi-class segmenter). */
	static ImagePlus probabilityImage(Segmentation r, String title) {
		ImageStack stack = new ImageStack(r.width(), r.height());
		for (int c = 0; c < r.channels(); c++) stack.addSlice(new FloatProcessor(r.width(), r.height(), r.plane(c)));
		return new ImagePlus(title, stack);
	}

	/** The mask as the segment operation writes it: 0/255 for a binary segmenter, class indices otherwise. */
	static ImagePlus maskImage(Segmentation r, String title) {
		byte[] px = new byte[r.width() * r.height()];
		for (int i = 0; i < px.length; i++) px[i] = (byte) (r.channels() == 1 ? r.labels()[i] * 255 : r.labels()[i]);
		return new ImagePlus(title, new ByteProcessor(r.width(), r.height(), px));
	}

	private static void saveAtomically(ImagePlus imp, Path target, boolean png) {
		MaskFiles.writeAtomically(target, true, tmp -> {
			FileSaver saver = new FileSaver(imp);
			if (!(png ? saver.saveAsPng(tmp.toString()) : imp.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString())))
				throw new IOException("ImageJ could not write " + target);
		});
	}

	/** The current image must be one grey plane; otherwise the message says what to do. */
	static void checkImage(ImagePlus image) {
		if (image == null)
			throw new IllegalArgumentException("no image is open. Fix: open the image to segment (File > Open...), or use Plugins > SSL-TEM > Segmentation > "
				+ "Segment Folder for files on disk");
		String name = "'" + image.getTitle() + "'";
		if (image.getType() == ImagePlus.COLOR_RGB || image.getType() == ImagePlus.COLOR_256)
			throw new IllegalArgumentException(name + " is a colour (" + (image.getType() == ImagePlus.COLOR_RGB ? "RGB" : "8-bit indexed colour")
				+ ") image; SSL-TEM segments grey electron micrographs. Fix: Image > Type > 8-bit (or 16-bit), then run Segment Image again");
		if (image.getStackSize() > 1)
			throw new IllegalArgumentException(name + " has " + image.getStackSize() + " slices/channels/frames; Segment Image takes one grey plane. Fix: "
				+ "Image > Duplicate... one slice, or save the slices as images (File > Save As > Image Sequence...) and use Segment Folder");
	}

	/** The mask as a translucent overlay: background transparent, class 1 (or 255) red, further classes green, blue, ... */
	static Overlay overlay(ImageProcessor mask) {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		int[][] colours = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 128, 255 }, { 255, 255, 0 }, { 255, 0, 255 }, { 0, 255, 255 } };
		for (int v = 1; v < 256; v++) {
			int[] c = v == 255 ? colours[0] : colours[(v - 1) % colours.length];
			r[v] = (byte) c[0];
			g[v] = (byte) c[1];
			b[v] = (byte) c[2];
		}
		ImageProcessor coloured = mask.convertToByteProcessor(false);
		coloured.setLut(new LUT(r, g, b));
		ImageRoi roi = new ImageRoi(0, 0, coloured.convertToColorProcessor());
		roi.setZeroTransparent(true);
		roi.setOpacity(OVERLAY_OPACITY);
		roi.setName("SSL-TEM mask");
		return new Overlay(roi);
	}

	/** A file name from an image title: its extension dropped, characters that are unsafe in file names replaced. */
	static String stem(String title) {
		String t = title == null || title.isBlank() ? "image" : title.trim();
		int dot = t.lastIndexOf('.');
		if (dot > 0) t = t.substring(0, dot);
		t = t.replaceAll("[^A-Za-z0-9._-]", "_");
		return t.isEmpty() ? "image" : t;
	}
}
