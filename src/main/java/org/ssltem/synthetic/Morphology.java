package org.ssltem.synthetic;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The paper's four nanowire morphology classes. */
public enum Morphology {
	/** One to three isolated wires. */
	SINGULAR,
	/** Many short wires, apart from each other: never a spanning cluster. */
	DISPERSED,
	/** Long wires meshed into one cluster that spans the image (percolates). */
	NETWORK,
	/** Wires side by side with nearly equal heading, aggregated into thick bundles. */
	BUNDLE;

	/** The lower-case name used in folder names, file names and options: "singular", "dispersed", ... */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a key (case and surrounding blanks ignored), or explains which keys exist. */
	public static Morphology parse(String key) {
		String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
		for (Morphology m : values())
			if (m.key().equals(k)) return m;
		throw UserInputException.option("unknown morphology '" + key + "'", "use one of " + keys());
	}

	/** "singular, dispersed, network, bundle" */
	public static String keys() {
		return Arrays.stream(values()).map(Morphology::key).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return key();
	}
}
