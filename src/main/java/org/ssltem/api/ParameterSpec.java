package org.ssltem.api;

import java.util.List;
import java.util.Locale;

/**
 * One parameter of an operation: the single place where its key, type, default, bounds, label and help live. The
 * CLI option ({@code --key}), the Fiji dialog field and the macro key ({@code key=}) are rendered from it.
 *
 * @param key          snake_case; the CLI flag without dashes, the SciJava field name and the macro key
 * @param kind         what the value is, which decides the widget and the parsing
 * @param defaultValue the default as text, or null when the parameter has none (required, or optional and unset)
 * @param required     the operation cannot run without it
 * @param label        a short human label for dialogs ("Labelled images")
 * @param description  one line of help
 * @param choices      the allowed values of a {@link Kind#CHOICE}, else empty
 * @param min          the smallest allowed number, or null
 * @param max          the largest allowed number, or null
 * @param advanced     shown under "Advanced" in dialogs
 * @param faces        where the parameter appears: {@link #ALL_FACES}, or CLI only (a Fiji dialog has no use for it)
 */
public record ParameterSpec(String key, Kind kind, String defaultValue, boolean required, String label, String description, List<String> choices,
	Double min, Double max, boolean advanced, Faces faces) {

	public enum Kind {
		/** An existing folder. */
		FOLDER,
		/** An existing file. */
		FILE,
		/** An existing file or folder. */
		FILE_OR_FOLDER,
		/** A folder to write into (created when missing). */
		OUTPUT_FOLDER,
		/** A file to write. */
		OUTPUT_FILE,
		/** Free text, including comma-separated lists. */
		TEXT,
		/** One of {@link ParameterSpec#choices}. */
		CHOICE,
		/** A whole number. */
		INTEGER,
		/** A decimal number. */
		DECIMAL,
		/** On or off; off unless given. */
		FLAG;

		public boolean isPath() {
			return this == FOLDER || this == FILE || this == FILE_OR_FOLDER || this == OUTPUT_FOLDER || this == OUTPUT_FILE;
		}
	}

	/** Where a parameter is offered. */
	public enum Faces {
		ALL_FACES, CLI_ONLY
	}

	public ParameterSpec {
		if (!key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("parameter keys are snake_case: " + key);
		choices = List.copyOf(choices);
		if (kind == Kind.CHOICE && choices.isEmpty()) throw new IllegalArgumentException(key + ": a choice needs choices");
		if (kind == Kind.CHOICE && defaultValue != null && !choices.contains(defaultValue))
			throw new IllegalArgumentException(key + ": default " + defaultValue + " is not one of " + choices);
		if (kind == Kind.FLAG && defaultValue != null && !defaultValue.equals("true"))
			throw new IllegalArgumentException(key + ": a flag is off by default (no default) or on (\"true\"), not " + defaultValue);
	}

	/** A flag that is on unless turned off. */
	public boolean onByDefault() {
		return kind == Kind.FLAG && "true".equals(defaultValue);
	}

	/** The placeholder of a CLI value: DIR, FILE, N, X, a|b|c. */
	public String valueLabel() {
		return switch (kind) {
			case FOLDER, OUTPUT_FOLDER -> "DIR";
			case FILE, OUTPUT_FILE -> "FILE";
			case FILE_OR_FOLDER -> "DIR|FILE";
			case CHOICE -> String.join("|", choices);
			case INTEGER -> "N";
			case DECIMAL -> "X";
			case TEXT -> "TEXT";
			case FLAG -> "";
		};
	}

	/** The description with the allowed range and the default, as the CLI help and dialog tool tips show it. */
	public String help() {
		StringBuilder s = new StringBuilder(description == null ? "" : description);
		if (range() != null) s.append(s.length() > 0 ? "; " : "").append(range());
		if (defaultValue != null && kind != Kind.FLAG) s.append(s.length() > 0 ? "; " : "").append("default: ").append(defaultValue);
		if (onByDefault()) s.append(s.length() > 0 ? "; " : "").append("on by default");
		return s.toString();
	}

	/** "at least 1", "0 to 1", "at most 9", or null when unbounded. */
	public String range() {
		if (min == null && max == null) return null;
		return min != null && max != null ? number(min) + " to " + number(max) : min != null ? "at least " + number(min) : "at most " + number(max);
	}

	private static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
	}
}
