package org.ssltem.synthetic;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the synthetic micrographs show the wires. A real sample series is prepared with one staining protocol, so the
 * wires' polarity is the same on every image of a dataset; {@link #MIXED} draws it per image, which makes grey levels
 * a nuisance every feature has to learn to ignore.
 */
public enum Stain {
	/** Negative stain: the wires exclude the stain, so they are bright, with a dark rim where stain pools along them. */
	NEGATIVE,
	/** The wires add mass: dark on a lighter stain layer. */
	DARK,
	/** Either, drawn per image: negative with probability {@link #MIXED_NEGATIVE_FRACTION}. */
	MIXED;

	public static final double MIXED_NEGATIVE_FRACTION = 0.6;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static List<String> keys() {
		return Arrays.stream(values()).map(Stain::key).toList();
	}

	/** Parses a key (case and surrounding blanks ignored), or explains which keys exist. */
	public static Stain parse(String key) {
		String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
		for (Stain s : values())
			if (s.key().equals(k)) return s;
		throw UserInputException.option("unknown stain '" + key + "'", "use one of " + String.join(", ", keys()));
	}

	@Override
	public String toString() {
		return key();
	}
}
