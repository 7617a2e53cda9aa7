package org.ssltem.engine;

import org.ssltem.core.UserInputException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads an operation's snake_case string parameters, failing with a sentence that names the key. */
final class Params {

	private final String operation;
	private final Map<String, String> values;

	Params(String operation, Map<String, String> values, Set<String> known) {
		this.operation = operation;
		this.values = values;
		for (String key : values.keySet())
			if (!known.contains(key))
				throw UserInputException.option(operation + ": unknown parameter '" + key + "'", "use one of " + String.join(", ", new TreeSet<>(known)));
	}

	String string(String key, String dflt) {
		String v = values.get(key);
		return v == null || v.isBlank() ? dflt : v.trim();
	}

	String required(String key) {
		String v = string(key, null);
		if (v == null) throw UserInputException.option(operation + ": no " + key + " given", "set " + key);
		return v;
	}

	Path path(String key) {
		return Path.of(required(key));
	}

	/** The path under {@code key}, or null when it is not given. */
	Path optionalPath(String key) {
		String v = string(key, null);
		return v == null ? null : Path.of(v);
	}

	double decimal(String key, double dflt) {
		String v = string(key, null);
		if (v == null) return dflt;
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw UserInputException.option(operation + ": " + key + "=" + v + " is not a number", "set e.g. " + key + "=" + dflt);
		}
	}

	int integer(String key, int dflt) {
		String v = string(key, null);
		if (v == null) return dflt;
		try {
			return Integer.parseInt(v);
		}
		catch (NumberFormatException e) {
			throw UserInputException.option(operation + ": " + key + "=" + v + " is not a whole number", "set e.g. " + key + "=" + dflt);
		}
	}

	long longValue(String key, long dflt) {
		String v = string(key, null);
		if (v == null) return dflt;
		try {
			return Long.parseLong(v);
		}
		catch (NumberFormatException e) {
			throw UserInputException.option(operation + ": " + key + "=" + v + " is not a whole number", "set e.g. " + key + "=" + dflt);
		}
	}

	/** An optional whole number: null when not given. */
	Integer optionalInteger(String key) {
		return string(key, null) == null ? null : integer(key, 0);
	}

	boolean bool(String key) {
		String v = string(key, "false").toLowerCase(java.util.Locale.ROOT);
		return switch (v) {
			case "true", "1", "yes", "on" -> true;
			case "false", "0", "no", "off" -> false;
			default -> throw UserInputException.option(operation + ": " + key + "=" + v + " is not true or false", "set " + key + "=true or " + key + "=false");
		};
	}
}
