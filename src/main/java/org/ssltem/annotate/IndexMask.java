package org.ssltem.annotate;

import java.util.List;

/**
 * A label image: {@code labels[y * width + x]} is an index into {@code names} (0 is "background"), or
 * {@link #UNLABELLED} for a pixel nobody labelled (Labkit's notion: only labelled pixels train). Saved as a PNG
 * ({@link MaskFiles}), an unlabelled pixel has the value 255; SSL-TEM's mask format is 0 = background, 1 = nanowire, ...
 */
public record IndexMask(int width, int height, int[] labels, List<String> names) {

	public IndexMask {
		if (labels.length != width * height) throw new IllegalArgumentException(labels.length + " labels for " + width + "x" + height);
		if (names.isEmpty() || !"background".equalsIgnoreCase(names.get(0))) throw new IllegalArgumentException("label 0 must be background: " + names);
	}

	/** The label of a pixel that has none. */
	public static final int UNLABELLED = -1;

	public int at(int x, int y) {
		return labels[y * width + x];
	}

	public long count(int index) {
		long n = 0;
		for (int v : labels) if (v == index) n++;
		return n;
	}

	/** Pixels with a class (not {@link #UNLABELLED}). */
	public long labelledCount() {
		return labels.length - count(UNLABELLED);
	}
}
