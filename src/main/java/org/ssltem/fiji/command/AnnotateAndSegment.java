package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.MaskFromRois;
import org.ssltem.fiji.SslTemCommand;
import org.ssltem.fiji.window.AnnotateAndSegmentWindow;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens the annotate-and-segment window ({@link AnnotateAndSegmentWindow}) on a folder of images with an encoder:
 * paint, Train (the U-Net decoder on the frozen encoder, as Train Segmenter), Predict, Accept, correct, Save masks.
 * The command checks its input and returns once the window is open.
 */
@Plugin(type = Command.class, label = "Annotate and Segment")
public class AnnotateAndSegment extends SslTemCommand<OperationResult> {

	@Parameter(style = "directory", description = "folder of images; masks are read from and saved to its masks/ subfolder")
	File images;
	@Parameter(style = "directory", description = "encoder folder: the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(description = "classes including background (2 = background and nanowire)")
	int classes = 2;
	@Parameter(required = false, description = "comma-separated class names, background first (default: background,nanowire,class 2,...)")
	String class_names = "";

	/** The window this command opened last (tests drive it). */
	static volatile AnnotateAndSegmentWindow last;

	@Override
	protected void execute() {
		if (images == null) throw new IllegalArgumentException("no images folder given. Fix: choose the folder that holds the images");
		List<Path> files = AnnotateMasks.todo(images.toPath(), true);
		if (files.isEmpty())
			throw new IllegalArgumentException(images + ": holds no images (png, tif, tiff, jpg, jpeg). Fix: choose the folder that holds the images");
		checkEncoder(encoder == null ? null : encoder.toPath());
		List<String> names = classNames(classes, class_names);
		if (GraphicsEnvironment.isHeadless())
			throw new IllegalArgumentException("Annotate and Segment needs a screen: it is interactive. Fix: run it from Fiji; for batch work use Train Segmenter and Segment Folder");
		try {
			EventQueue.invokeAndWait(() -> {
				AnnotateAndSegmentWindow w = new AnnotateAndSegmentWindow(files, encoder.toPath().toAbsolutePath(), names);
				w.open();
				last = w;
			});
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			throw new IllegalStateException(e.getCause());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The window opened last, or null. */
	public static AnnotateAndSegmentWindow lastWindow() {
		return last;
	}

	/** An encoder folder is one Pretrain Encoder wrote: it has manifest.json (the engine checks the rest when training). */
	static void checkEncoder(Path encoder) {
		if (encoder == null) throw new IllegalArgumentException("no encoder folder given. Fix: choose the out folder of Pretrain Encoder");
		if (!Files.isDirectory(encoder))
			throw new IllegalArgumentException(encoder + ": no such folder. Fix: choose the out folder of Pretrain Encoder (it holds manifest.json and checkpoints/)");
		if (!Files.isRegularFile(encoder.resolve("manifest.json")))
			throw new IllegalArgumentException(encoder + ": is not an encoder folder (it has no manifest.json). Fix: choose the out folder of Pretrain Encoder,"
				+ " or run Pretrain Encoder first");
	}

	/** Background first; "nanowire" for class 1 of a binary task; "class N" for the rest unless named. */
	static List<String> classNames(int classes, String given) {
		if (classes < 2) throw new IllegalArgumentException("classes=" + classes + " must be at least 2 (background included). Fix: set classes=2 for nanowire and background");
		List<String> names = new ArrayList<>();
		if (given != null && !given.isBlank()) {
			for (String n : Arrays.asList(given.split(","))) names.add(n.trim());
			if (names.size() != classes)
				throw new IllegalArgumentException("class_names has " + names.size() + " names (" + given + ") but classes=" + classes
					+ ". Fix: give one name per class, background first, or leave class_names empty");
			if (!"background".equalsIgnoreCase(names.get(0)))
				throw new IllegalArgumentException("class_names must start with background, got '" + names.get(0) + "'. Fix: e.g. class_names=background,nanowire");
			names.set(0, "background");
			return names;
		}
		names.addAll(MaskFromRois.NAMES);
		for (int c = 2; c < classes; c++) names.add("class " + c);
		return names;
	}
}
