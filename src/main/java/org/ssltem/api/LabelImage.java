package org.ssltem.api;

import java.util.List;

/**
 * Labels of an image plane: {@code labels[y * width + x]} indexes {@code names} (0 is "background"), or is
 * {@link #UNLABELLED} where nobody gave a label. Crosses the engine boundary for Labkit files in and out.
 */
public record LabelImage(int width, int height, int[] labels, List<String> names) {

	public static final int UNLABELLED = -1;

	public LabelImage {
		if (labels.length != width * height) throw new IllegalArgumentException(labels.length + " labels for " + width + "x" + height);
		names = List.copyOf(names);
	}
}
