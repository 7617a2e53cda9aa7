package org.ssltem.annotate;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Masks beside their images ({@code DIR/masks/<name>.png}), written atomically and never over an existing file unless asked. */
public final class MaskFiles {

	private MaskFiles() {}

	/** {@code DIR/image.tif} → {@code DIR/masks/image.png}. */
	public static Path maskFor(Path image) {
		String name = image.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return image.toAbsolutePath().getParent().resolve("masks").resolve((dot > 0 ? name.substring(0, dot) : name) + ".png");
	}

	/** The PNG value of an unlabelled pixel ({@link IndexMask#UNLABELLED}); data.MaskRule reads it the same way. */
	public static final int UNLABELLED_VALUE = 255;

	/** Saves an index mask as 8-bit PNG (16-bit when it has more than 255 labels); unlabelled pixels become 255. */
	public static void save(IndexMask mask, Path target, boolean overwrite) {
		ImagePlus imp = toImage(mask, target.getFileName().toString());
		writeAtomically(target, overwrite, tmp -> {
			if (!new FileSaver(imp).saveAsPng(tmp.toString())) throw new IOException("ImageJ could not write the PNG");
		});
	}

	public static ImagePlus toImage(IndexMask mask, String title) {
		int w = mask.width(), h = mask.height();
		if (mask.names().size() < UNLABELLED_VALUE) {
			byte[] px = new byte[w * h];
			for (int i = 0; i < px.length; i++) px[i] = (byte) mask.labels()[i];
			return new ImagePlus(title, new ByteProcessor(w, h, px));
		}
		short[] px = new short[w * h];
		for (int i = 0; i < px.length; i++) px[i] = (short) mask.labels()[i];
		return new ImagePlus(title, new ShortProcessor(w, h, px, null));
	}

	public interface Writer {
		void write(Path tmp) throws IOException;
	}

	/** Writes to a temporary file in the target's folder, then renames it into place. */
	public static void writeAtomically(Path target, boolean overwrite, Writer writer) {
		Path t = target.toAbsolutePath();
		if (Files.exists(t) && !overwrite)
			throw new IllegalArgumentException(t + ": already exists. Fix: choose another file, or set overwrite to replace it");
		Path tmp = null;
		try {
			Files.createDirectories(t.getParent());
			String name = t.getFileName().toString();
			// a plain new file (not createTempFile, private to the owner), so the mask gets the user's umask
			tmp = Files.createFile(t.getParent().resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".tmp" + name.substring(Math.max(0, name.lastIndexOf('.')))));
			writer.write(tmp);
			try {
				Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write " + t + ": " + e.getMessage(), e);
		}
		finally {
			if (tmp != null) try {
				Files.deleteIfExists(tmp);
			}
			catch (IOException ignored) {
				// a leftover hidden temporary file is harmless
			}
		}
	}
}
