package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.CommandParameters;
import org.ssltem.fiji.EngineTask;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ssl-tem segment} on the current image: the image goes to the engine as a temporary TIFF; the probability
 * map and the mask come back as image windows, and the mask is laid over the image as a translucent overlay.
 */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Segment Image")
public class SegmentImage extends SslTemCommand<Results.Segmented> {

	/** Opacity of the mask overlay on the image. */
	static final double OVERLAY_OPACITY = 0.4;

	@Parameter(style = "directory")
	File segmenter;
	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter(style = "directory", required = false)
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

	/** Runs {@code segment} on the open image; the dialog's fields are that operation's. */
	@Override
	protected String operation() {
		return "segment";
	}

	@Override
	protected void execute() {
		ImagePlus image = WindowManager.getCurrentImage();
		checkImage(image);
		Path tmp;
		try {
			tmp = Files.createTempDirectory("ssl-tem-segment-");
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not create a temporary folder for the image: " + e.getMessage(), e);
		}
		try {
			String stem = stem(image.getTitle());
			Path input = tmp.resolve(stem + ".tif");
			ImagePlus copy = new ImagePlus(stem, image.getProcessor().duplicate());
			if (!new FileSaver(copy).saveAsTiff(input.toString())) throw new UncheckedIOException(new IOException("could not write " + input));
			Path outDir = out != null ? out.toPath() : tmp.resolve("segmentation");
			Map<String, String> p = CommandParameters.values(this);
			p.put("images", input.toString());
			p.put("out", outDir.toString());
			Results.Segmented r = (Results.Segmented) EngineTask.run("segment", p);
			ImagePlus probabilities = IJ.openImage(outDir.resolve("probabilities").resolve(stem + ".tif").toString());
			ImagePlus mask = IJ.openImage(outDir.resolve("masks").resolve(stem + ".png").toString());
			if (probabilities == null || mask == null) throw new IllegalStateException("the engine wrote no probabilities or mask for " + image.getTitle());
			probabilities.setTitle(image.getTitle() + " probabilities");
			mask.setTitle(image.getTitle() + " mask");
			image.setOverlay(overlay(mask.getProcessor()));
			ResultDisplay.show(probabilities);
			ResultDisplay.show(mask);
			ResultDisplay.log(String.format(Locale.ROOT, "SSL-TEM: segmented %s in %.1f s%s", image.getTitle(), r.seconds(),
				out != null ? " -> " + r.out() : ""));
		}
		finally {
			deleteTree(tmp);
		}
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

	private static void deleteTree(Path dir) {
		try (var s = Files.walk(dir)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ignored) {
			// a temporary folder; the system cleans it up eventually
		}
	}
}
