package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.nio.file.Path;

/**
 * How the pixel values of a mask file are read: which values are classes, and which class is the foreground of a
 * binary task.
 * <ul>
 * <li>{@code classes} C ≥ 2: valid values are 0 … C−1 (0 = background). With C = 2 a binary 0/255 mask is accepted
 * too, 255 meaning class 1.</li>
 * <li>{@code foreground} V: the class that counts as foreground, every other value is background; null means every
 * non-zero class.</li>
 * </ul>
 * Without a foreground, any value that is not a class is an error naming the file, the value and a pixel that has it.
 * <p>
 * Sparse masks ({@link #labelsOf}): the value {@value #UNLABELLED_VALUE} marks pixels nobody labelled, which training
 * leaves out of the loss. It means "unlabelled" whenever the mask also holds a class other than 0 (e.g. 0, 1 and
 * 255), or when 255 cannot be a class (3 to 255 classes). A mask of only 0 and 255 stays the classic binary mask
 * (255 = class 1), so existing 0/255 masks keep their meaning.
 */
public record MaskRule(int classes, Integer foreground) {

	public static final MaskRule BINARY = new MaskRule(2, null);

	public MaskRule {
		if (classes < 2 || classes > 256)
			throw UserInputException.option("{{classes}} must be between 2 and 256 (background included), got " + classes,
				"use {{classes}} 2 for a binary mask, or the number of classes including the background");
		if (foreground != null && (foreground < 1 || foreground >= classes))
			throw UserInputException.option("{{foreground}} " + foreground + " is not a class of a " + classes + "-class mask (1.." + (classes - 1) + ")",
				"pick a foreground class between 1 and " + (classes - 1) + ", or raise {{classes}}");
	}

	/** Class indices 0..C−1 of a mask, checked; 255 becomes 1 in a binary mask. */
	public int[] classesOf(int[] values, int width, Path file) {
		int[] out = new int[values.length];
		for (int i = 0; i < values.length; i++) {
			int v = values[i];
			if (v == 255 && classes == 2) v = 1;
			if (v < 0 || v >= classes)
				throw UserInputException.about(file, "pixel value " + values[i] + " at (x " + (i % width) + ", y " + (i / width) + ") is not a class: a "
					+ classes + "-class mask holds 0.." + (classes - 1) + (classes == 2 ? " (or 0/255)" : ""),
					"pass {{classes}} with the number of classes (background included), or fix the mask");
			out[i] = v;
		}
		return out;
	}

	/** The pixel value of an unlabelled pixel in a sparse mask file. */
	public static final int UNLABELLED_VALUE = 255;
	/** The class index {@link #labelsOf} gives an unlabelled pixel. */
	public static final int UNLABELLED = -1;

	/** Class indices 0..C−1 of a possibly sparse mask, {@link #UNLABELLED} where no class was given; checked like {@link #classesOf}. */
	public int[] labelsOf(int[] values, int width, Path file) {
		boolean has255 = false, hasClass = false;
		for (int v : values) {
			if (v == UNLABELLED_VALUE) has255 = true;
			else if (v != 0) hasClass = true;
		}
		if (!has255 || !(hasClass || classes > 2 && classes <= UNLABELLED_VALUE)) return classesOf(values, width, file);
		int[] known = values.clone();
		for (int i = 0; i < known.length; i++) if (known[i] == UNLABELLED_VALUE) known[i] = 0;
		int[] out = classesOf(known, width, file);
		for (int i = 0; i < out.length; i++) if (values[i] == UNLABELLED_VALUE) out[i] = UNLABELLED;
		return out;
	}

	/** Foreground pixels of a mask: with a foreground value, every other value is background. */
	public boolean[] foregroundOf(int[] values, int width, Path file) {
		if (foreground != null) {
			boolean[] fg = new boolean[values.length];
			for (int i = 0; i < values.length; i++) fg[i] = isForeground(values[i]);
			return fg;
		}
		int[] c = classesOf(values, width, file);
		boolean[] fg = new boolean[c.length];
		for (int i = 0; i < c.length; i++) fg[i] = foreground == null ? c[i] != 0 : c[i] == foreground;
		return fg;
	}

	/** Whether any pixel of a mask has the foreground value. */
	public boolean holdsForeground(int[] values) {
		for (int v : values)
			if (isForeground(v)) return true;
		return false;
	}

	private boolean isForeground(int v) {
		return foreground != null && (v == foreground || (classes == 2 && foreground == 1 && v == 255));
	}

	/** Reads a mask file and returns its foreground; {@code sizeOut} receives width and height. */
	public boolean[] readForeground(Path file, int[] sizeOut) {
		int[] values = ImageFiles.readLabels(file, sizeOut);
		return foregroundOf(values, sizeOut[0], file);
	}

	public String describe() {
		// 256 is "any value", not a class count a user gave
		if (foreground != null) return "foreground value " + foreground + ", every other value background";
		return (classes == 256 ? "" : classes + " classes, ") + "foreground every non-zero value";
	}
}
