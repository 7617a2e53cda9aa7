package org.ssltem.infer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The original sizes of the images an encoder is fed, all resized to its input size: a note for the user when they
 * come in several sizes, are not square (and so are stretched), or are too small to hold any structure.
 */
public final class InputSizes {

	/** Below this side an image upsampled to the encoder's input carries no texture, only a blur. */
	public static final int TINY_SIDE = 8;

	private final TreeSet<String> sizes = new TreeSet<>();
	private boolean nonSquare;
	private final List<String> tiny = new ArrayList<>();
	/** Every image's {width, height}, in the order added. */
	private final List<int[]> each = new ArrayList<>();

	public void add(int width, int height, Path file) {
		each.add(new int[] { width, height });
		sizes.add(width + "x" + height);
		nonSquare |= width != height;
		if (Math.min(width, height) < TINY_SIDE) tiny.add(file.getFileName() + " (" + width + "x" + height + ")");
	}

	/** The {width, height} of the {@code index}-th image added. */
	public int[] widthHeight(int index) {
		return each.get(index).clone();
	}

	/** Distinct "WxH" sizes, sorted. */
	public List<String> distinct() {
		return List.copyOf(sizes);
	}

	/** What the user should know, or null when every image is square and of one size. */
	public String note(int inputSize) {
		return note(inputSize, true);
	}

	/** As {@link #note(int)}; {@code encoderInputSize} says whether {@code inputSize} is the encoder's own input size. */
	public String note(int inputSize, boolean encoderInputSize) {
		String note = null;
		if (sizes.size() > 1 || nonSquare)
			note = "the images come in " + sizes.size() + " size" + (sizes.size() == 1 ? "" : "s") + " (" + String.join(", ", abbreviate(new ArrayList<>(sizes)))
				+ "); all are resized to " + inputSize + "x" + inputSize + " px" + (encoderInputSize ? ", the encoder's input size" : "")
				+ (nonSquare ? ", so non-square images are stretched" : "");
		if (!tiny.isEmpty()) {
			String t = "warning: " + tiny.size() + " image" + (tiny.size() == 1 ? " is" : "s are") + " smaller than " + TINY_SIDE + " px on a side ("
				+ String.join(", ", abbreviate(tiny)) + "); upsampled to " + inputSize + " px they hold no structure, so their features mean little."
				+ " Remove them from the folder";
			note = note == null ? t : note + "; " + t;
		}
		return note;
	}

	private static List<String> abbreviate(List<String> l) {
		return l.size() <= 4 ? l : List.of(l.get(0), l.get(1), l.get(2), "…");
	}
}
