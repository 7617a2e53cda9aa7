package org.ssltem.annotate;

import java.util.List;

/**
 * A dense label image: {@code labels[y * width + x]} is an index into {@code names}; index 0 is "background",
 * which is also what unlabelled pixels get. This is SSL-TEM's mask format (0 = background, 1 = nanowire, ...).
 */
public record IndexMask(int width, int height, int[] labels, List<String> names) {

	public IndexMask {
		if (labels.length != width * height) throw new IllegalArgumentException(labels.length + " labels for " + width + "x" + height);
		if (names.isEmpty() || !"background".equalsIgnoreCase(names.get(0))) throw new IllegalArgumentException("label 0 must be background: " + names);
	}

	public int at(int x, int y) {
		return labels[y * width + x];
	}

	public long count(int index) {
		long n = 0;
		for (int v : labels) if (v == index) n++;
		return n;
	}
}
