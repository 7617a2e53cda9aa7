package org.ssltem.data;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Image files in and out, through ImageJ's own readers and writers (no decoders of our own).
 * Reading gives a {@link GreyImage} in [0,1]: 8-bit is divided by 255, 16-bit by 65535, 32-bit float is
 * min-max normalised, RGB becomes luminance (0.299 R + 0.587 G + 0.114 B). Stacks give their first slice.
 * Masks are read as integer class indices.
 */
public final class ImageFiles {

	/** File endings we read, lower case. */
	public static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".tif", ".tiff", ".jpg", ".jpeg");

	private ImageFiles() {}

	public static boolean isImageFile(Path p) {
		String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.startsWith(".")) return false;
		for (String ext : IMAGE_EXTENSIONS)
			if (name.endsWith(ext)) return true;
		return false;
	}

	/**
	 * Bytes of Java memory an image takes per pixel while it is read and used: the decoded pixels, their grey values
	 * as floats and a resized copy. A 20000×20000 8-bit PNG measured 2.65 GB at the peak of {@code features}, 6.6
	 * bytes per pixel; 8 leaves room for the rest of the run.
	 */
	static final long BYTES_PER_PIXEL = 8;

	/** The memory Java may use; tests lower it to check the guard without a huge image. */
	static java.util.function.LongSupplier memoryLimit = () -> Runtime.getRuntime().maxMemory();

	/** Opens a file with ImageJ, or explains which file failed and what to do. */
	public static ImagePlus open(Path file) {
		if (!Files.isRegularFile(file))
			throw UserInputException.about(file, "no such file", "check the path");
		if (!Files.isReadable(file))
			throw UserInputException.about(file, "the file is not readable", "check its permissions");
		checkFitsInMemory(file);
		ImagePlus imp;
		try {
			Opener opener = new Opener();
			opener.setSilentMode(true);
			imp = opener.openImage(file.toAbsolutePath().toString());
		}
		catch (OutOfMemoryError e) {
			throw outOfMemory(file, null);
		}
		catch (RuntimeException e) {
			imp = null;
		}
		if (imp == null || imp.getProcessor() == null || imp.getWidth() <= 0)
			throw UserInputException.about(file, "could not be read as an image (corrupt, truncated or not PNG/TIFF/JPEG)",
				"re-export it as PNG or TIFF, or remove it from the folder");
		return imp;
	}

	/** Reads an image as grey values in [0,1]. */
	public static GreyImage readGrey(Path file) {
		ImagePlus imp = open(file);
		try {
			return toGrey(imp.getProcessor(), file);
		}
		catch (OutOfMemoryError e) {
			throw outOfMemory(file, imp.getWidth() + "×" + imp.getHeight());
		}
	}

	/** Width and height from the file's header (nothing decoded), or null when no reader knows the format. */
	static int[] headerSize(Path file) {
		try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) return null;
			var readers = javax.imageio.ImageIO.getImageReaders(in);
			if (!readers.hasNext()) return null;
			javax.imageio.ImageReader r = readers.next();
			try {
				r.setInput(in, true, true);
				return new int[] { r.getWidth(0), r.getHeight(0) };
			}
			finally {
				r.dispose();
			}
		}
		catch (IOException | RuntimeException e) {
			return null; // ImageJ's own reader says what is wrong with the file
		}
	}

	/**
	 * Refuses, before decoding, an image too large for the memory Java may use: a message naming the file, its size
	 * and the fix instead of an OutOfMemoryError half-way.
	 */
	static void checkFitsInMemory(Path file) {
		int[] wh = headerSize(file);
		if (wh == null) return;
		long pixels = (long) wh[0] * wh[1];
		long limit = memoryLimit.getAsLong();
		if (pixels * BYTES_PER_PIXEL > limit)
			throw UserInputException.about(file, "the image is " + wh[0] + "×" + wh[1] + " px (" + Math.round(pixels / 1e6) + " megapixels); reading it needs about "
				+ gigabytes(pixels * BYTES_PER_PIXEL) + " of memory and Java may use " + gigabytes(limit),
				"give Java more memory (e.g. SSLTEM_JAVA_OPTS=-Xmx" + Math.max(2, (pixels * BYTES_PER_PIXEL * 2 + (1L << 30) - 1) >> 30)
					+ "g; in Fiji, Edit > Options > Memory), or cut the image into smaller pieces first");
	}

	/** An OutOfMemoryError while reading {@code file}, as a message naming it and the fix. */
	public static UserInputException outOfMemory(Path file, String size) {
		return UserInputException.about(file, "Java ran out of memory reading this image" + (size == null ? "" : " (" + size + " px)")
			+ "; it may use " + gigabytes(memoryLimit.getAsLong()),
			"give Java more memory (e.g. SSLTEM_JAVA_OPTS=-Xmx16g; in Fiji, Edit > Options > Memory), or cut the image into smaller pieces first");
	}

	private static String gigabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
	}

	/** Converts an ImageJ processor of any type to grey values in [0,1]. */
	public static GreyImage toGrey(ImageProcessor ip, Path sourceForMessages) {
		int w = ip.getWidth(), h = ip.getHeight();
		float[] out = new float[w * h];
		switch (ip.getBitDepth()) {
			case 8 -> {
				byte[] px = (byte[]) ip.getPixels();
				for (int i = 0; i < out.length; i++) out[i] = (px[i] & 0xff) / 255f;
			}
			case 16 -> {
				short[] px = (short[]) ip.getPixels();
				for (int i = 0; i < out.length; i++) out[i] = (px[i] & 0xffff) / 65535f;
			}
			case 24 -> {
				int[] px = (int[]) ((ColorProcessor) ip).getPixels();
				for (int i = 0; i < out.length; i++) {
					int c = px[i];
					out[i] = (0.299f * ((c >> 16) & 0xff) + 0.587f * ((c >> 8) & 0xff) + 0.114f * (c & 0xff)) / 255f;
				}
			}
			case 32 -> {
				float[] px = (float[]) ip.getPixels();
				float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
				for (float v : px) {
					if (Float.isNaN(v)) continue;
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
				float range = max > min ? max - min : 1f;
				for (int i = 0; i < out.length; i++) out[i] = Float.isNaN(px[i]) ? 0f : (px[i] - (max > min ? min : 0f)) / range;
			}
			default -> throw UserInputException.about(sourceForMessages, "unsupported bit depth " + ip.getBitDepth(),
				"convert it to 8-bit, 16-bit or 32-bit greyscale");
		}
		return new GreyImage(w, h, out);
	}

	/** Reads a mask as integer labels (8 or 16-bit index image; RGB is refused). */
	public static int[] readLabels(Path file, int[] sizeOut) {
		ImageProcessor ip = open(file).getProcessor();
		try {
			return labelsOf(ip, file, sizeOut);
		}
		catch (OutOfMemoryError e) {
			throw outOfMemory(file, ip.getWidth() + "×" + ip.getHeight());
		}
	}

	private static int[] labelsOf(ImageProcessor ip, Path file, int[] sizeOut) {
		if (ip.getBitDepth() == 24 || ip.getBitDepth() == 32)
			throw UserInputException.about(file, "a mask must be an 8 or 16-bit index image, this one is "
				+ (ip.getBitDepth() == 24 ? "RGB" : "32-bit float"), "save the mask as an 8-bit index PNG (pixel value = class)");
		int n = ip.getWidth() * ip.getHeight();
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) labels[i] = ip.get(i);
		if (sizeOut != null) {
			sizeOut[0] = ip.getWidth();
			sizeOut[1] = ip.getHeight();
		}
		return labels;
	}

	/** Writes grey values in [0,1] as an 8-bit PNG, atomically. */
	public static void writePng(GreyImage image, Path target) {
		ByteProcessor bp = new ByteProcessor(image.width, image.height);
		byte[] px = (byte[]) bp.getPixels();
		for (int i = 0; i < px.length; i++) {
			float v = Math.max(0f, Math.min(1f, image.pixels[i]));
			px[i] = (byte) Math.round(v * 255f);
		}
		writePng(new ImagePlus(target.getFileName().toString(), bp), target);
	}

	/** Writes a label mask (values 0..255) as an 8-bit index PNG, atomically. */
	public static void writeMaskPng(byte[] labels, int width, int height, Path target) {
		ByteProcessor bp = new ByteProcessor(width, height, labels.clone());
		writePng(new ImagePlus(target.getFileName().toString(), bp), target);
	}

	/** Writes float images (one slice each, same size) as a 32-bit TIFF (a stack when more than one), atomically. */
	public static void writeFloatTiff(List<float[]> slices, int width, int height, Path target) {
		ij.ImageStack stack = new ij.ImageStack(width, height);
		for (float[] s : slices) stack.addSlice(new ij.process.FloatProcessor(width, height, s.clone()));
		ImagePlus imp = new ImagePlus(target.getFileName().toString(), stack);
		AtomicFiles.write(target, out -> {
			Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".ij-", ".tif");
			try {
				FileSaver saver = new FileSaver(imp);
				if (!(slices.size() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString())))
					throw new IOException("ImageJ could not write TIFF " + target);
				Files.copy(tmp, out);
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		});
	}

	private static void writePng(ImagePlus imp, Path target) {
		AtomicFiles.write(target, out -> {
			// FileSaver writes to a path, so it writes a temporary sibling that we then stream through.
			Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".ij-", ".png");
			try {
				if (!new FileSaver(imp).saveAsPng(tmp.toString()))
					throw new IOException("ImageJ could not write PNG " + target);
				Files.copy(tmp, out);
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		});
	}

	/** Keeps ImageJ quiet and non-interactive when the engine runs without a display. */
	static {
		if (java.awt.GraphicsEnvironment.isHeadless()) IJ.redirectErrorMessages();
	}

	/** Thrown as unchecked so streams can use readers. */
	public static UncheckedIOException unchecked(Path file, IOException e) {
		return new UncheckedIOException(file + ": " + e.getMessage(), e);
	}
}
