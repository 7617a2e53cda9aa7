package org.ssltem.fiji.command;

import ij.ImagePlus;
import ij.io.Opener;

import java.nio.file.Path;

/** Width and height of an image file, read through ImageJ. */
final class ImageSize {

	private ImageSize() {}

	static int[] of(Path image) {
		ImagePlus imp = new Opener().openImage(image.toString());
		if (imp == null) throw new IllegalArgumentException(image + ": could not be opened as an image. Fix: choose a PNG, TIFF or JPEG");
		return new int[] { imp.getWidth(), imp.getHeight() };
	}
}
