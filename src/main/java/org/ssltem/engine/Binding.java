package org.ssltem.engine;

import org.ssltem.api.OperationSpec;
import org.ssltem.api.ParameterSpec;
import org.ssltem.api.ParameterText;
import org.ssltem.core.UserInputException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An operation's parameters as given by any face (CLI, Fiji dialog, macro, script), bound against its
 * {@link OperationSpec}: unknown keys, missing required ones, values of the wrong type and values out of bounds
 * are refused here, once, with sentences that name the key. Getters fall back to the spec's default, the only one.
 */
public final class Binding {

	private final OperationSpec operation;
	private final Map<String, String> values = new LinkedHashMap<>();

	private Binding(OperationSpec operation) {
		this.operation = operation;
	}

	public static Binding of(OperationSpec operation, Map<String, String> given) {
		Binding b = new Binding(operation);
		for (var e : given.entrySet()) {
			if (!operation.has(e.getKey()))
				throw UserInputException.option(operation.name() + ": unknown parameter '" + e.getKey() + "'",
					"use one of " + String.join(", ", operation.parameters().stream().map(ParameterSpec::key).sorted().toList()));
			if (e.getValue() != null && !e.getValue().isBlank()) b.values.put(e.getKey(), e.getValue().trim());
		}
		for (ParameterSpec p : operation.parameters()) {
			String v = b.values.get(p.key());
			if (v == null) {
				if (p.required()) throw UserInputException.option(operation.name() + ": no " + key(p) + " given", "set " + key(p) + ": " + p.description());
				continue;
			}
			b.check(p, v);
		}
		return b;
	}

	public OperationSpec operation() {
		return operation;
	}

	private static String key(ParameterSpec p) {
		return ParameterText.key(p.key());
	}

	private void check(ParameterSpec p, String v) {
		switch (p.kind()) {
			case INTEGER -> {
				try {
					inBounds(p, new BigDecimal(Long.parseLong(v)), v);
				}
				catch (NumberFormatException e) {
					throw UserInputException.option(key(p) + " is '" + v + "', not a whole number", "give a whole number" + example(p));
				}
			}
			case DECIMAL -> {
				try {
					inBounds(p, new BigDecimal(v), v);
				}
				catch (NumberFormatException e) {
					throw UserInputException.option(key(p) + " is '" + v + "', not a number", "give a number" + example(p));
				}
			}
			case FLAG -> parseFlag(p, v);
			case CHOICE -> {
				if (!p.choices().contains(v.toLowerCase(Locale.ROOT)))
					throw UserInputException.option(key(p) + " is '" + v + "'", "choose one of " + String.join(", ", p.choices()));
			}
			default -> {}
		}
	}

	private static String example(ParameterSpec p) {
		return p.defaultValue() == null ? "" : ", e.g. " + p.defaultValue();
	}

	private static void inBounds(ParameterSpec p, BigDecimal x, String v) {
		if (p.min() != null && x.compareTo(BigDecimal.valueOf(p.min())) < 0 || p.max() != null && x.compareTo(BigDecimal.valueOf(p.max())) > 0)
			throw UserInputException.option(key(p) + " is " + v + ", outside the allowed range", "give a value " + p.range() + example(p));
	}

	private static boolean parseFlag(ParameterSpec p, String v) {
		return switch (v.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "on" -> true;
			case "false", "0", "no", "off" -> false;
			default -> throw UserInputException.option(key(p) + " is '" + v + "', not true or false", "give true or false");
		};
	}

	/** The value given, else the spec's default (null when neither). */
	public String text(String key) {
		ParameterSpec p = operation.parameter(key);
		String v = values.get(key);
		return v != null ? v : p.defaultValue();
	}

	/** Was the parameter given (as opposed to defaulted)? */
	public boolean given(String key) {
		operation.parameter(key);
		return values.containsKey(key);
	}

	public String required(String key) {
		String v = text(key);
		if (v == null) throw UserInputException.option(operation.name() + ": no " + ParameterText.key(key) + " given", "set " + ParameterText.key(key));
		return v;
	}

	public String choice(String key) {
		return required(key).toLowerCase(Locale.ROOT);
	}

	public Path path(String key) {
		return Path.of(required(key));
	}

	/** The path under {@code key}, or null when it is not given. */
	public Path optionalPath(String key) {
		String v = text(key);
		return v == null ? null : Path.of(v);
	}

	public int integer(String key) {
		return Math.toIntExact(Long.parseLong(required(key)));
	}

	public long longValue(String key) {
		return Long.parseLong(required(key));
	}

	/** A whole number without default: null when not given. */
	public Integer optionalInteger(String key) {
		String v = text(key);
		return v == null ? null : Math.toIntExact(Long.parseLong(v));
	}

	public double decimal(String key) {
		return Double.parseDouble(required(key));
	}

	public boolean flag(String key) {
		String v = text(key);
		return v != null && parseFlag(operation.parameter(key), v);
	}
}
