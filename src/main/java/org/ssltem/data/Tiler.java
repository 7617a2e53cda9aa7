package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an image into square patches. The tiles cover the whole image: the last row and column are aligned to the
 * far edge (overlapping their neighbours) instead of being padded, so every tile is real data.
 */
public final class Tiler {

	/** A patch and where its top-left corner sits in the source image. */
	public record Tile(int x, int y, GreyImage image) {}

	private Tiler() {}

	/** Non-overlapping tiles (stride = size), except where the last ones must overlap to reach the edge. */
	public static List<Tile> tile(GreyImage image, int size, Path sourceForMessages) {
		return tile(image, size, size, sourceForMessages);
	}

	/** Row-major list of tiles; {@code sourceForMessages} names the image in errors and may be null. */
	public static List<Tile> tile(GreyImage image, int size, int stride, Path sourceForMessages) {
		if (size < 1) throw UserInputException.option("the tile size must be at least 1 px, got " + size, "use a positive {{tile}}");
		if (stride < 1 || stride > size)
			throw UserInputException.option("the tile stride must be between 1 and the tile size " + size + ", got " + stride,
				"use a stride ≤ the tile size, so the tiles leave no gaps");
		if (image.width < size || image.height < size) {
			String problem = "image is " + image.width + "×" + image.height + ", smaller than the tile size " + size;
			String fix = "use a smaller {{size}}/{{tile}}, or remove the image";
			throw sourceForMessages == null ? UserInputException.option(problem, fix) : UserInputException.about(sourceForMessages, problem, fix);
		}
		int[] xs = origins(image.width, size, stride);
		int[] ys = origins(image.height, size, stride);
		List<Tile> tiles = new ArrayList<>(xs.length * ys.length);
		for (int y : ys)
			for (int x : xs)
				tiles.add(new Tile(x, y, crop(image, x, y, size)));
		return tiles;
	}

	/** Tile origins along one axis: 0, stride, 2·stride, … and finally {@code length - size}. */
	public static int[] origins(int length, int size, int stride) {
		if (size < 1 || stride < 1 || length < size)
			throw new IllegalArgumentException("cannot tile length " + length + " with size " + size + " and stride " + stride);
		List<Integer> origins = new ArrayList<>();
		for (int p = 0; p + size < length; p += stride) origins.add(p);
		int last = length - size;
		if (origins.isEmpty() || origins.get(origins.size() - 1) != last) origins.add(last);
		return origins.stream().mapToInt(Integer::intValue).toArray();
	}

	private static GreyImage crop(GreyImage image, int x0, int y0, int size) {
		float[] px = new float[size * size];
		for (int y = 0; y < size; y++)
			System.arraycopy(image.pixels, (y0 + y) * image.width + x0, px, y * size, size);
		return new GreyImage(size, size, px);
	}
}
