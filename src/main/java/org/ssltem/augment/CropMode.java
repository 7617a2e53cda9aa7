package org.ssltem.augment;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How large a square the augmenter cuts from an image, as a fraction of the image's short side (the paper's
 * crop variants). The crop is then resized to the network's input size.
 */
public enum CropMode {
	/** A side drawn uniformly from a quarter to a half of the short side: the paper's default. */
	RANDCROP(0.25, 0.5),
	CROP25(0.25, 0.25),
	CROP50(0.5, 0.5),
	/** The whole image, not made square. */
	NOCROP(1, 1);

	final double minFraction;
	final double maxFraction;

	CropMode(double minFraction, double maxFraction) {
		this.minFraction = minFraction;
		this.maxFraction = maxFraction;
	}

	/** The name used on the command line and in run files. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static CropMode parse(String text) {
		String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		for (CropMode mode : values())
			if (mode.key().equals(key)) return mode;
		String valid = Arrays.stream(values()).map(CropMode::key).collect(Collectors.joining(", "));
		throw UserInputException.option("unknown crop '" + text + "'; valid values: " + valid, "pass e.g. {{crop}} randcrop");
	}
}
