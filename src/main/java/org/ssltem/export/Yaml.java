package org.ssltem.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Block-style YAML for nested maps, lists and scalars, as rdf.yaml files are written by hand. Every string is written
 * double-quoted with JSON escapes (valid YAML 1.2 and 1.1), so no value is ever read back as a number, a date or a
 * boolean by accident.
 */
final class Yaml {

	private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

	private Yaml() {}

	static String write(Map<String, ?> document) {
		StringBuilder out = new StringBuilder();
		map(out, document, 0);
		return out.toString();
	}

	private static void map(StringBuilder out, Map<String, ?> m, int indent) {
		for (var e : m.entrySet()) {
			out.append(" ".repeat(indent)).append(e.getKey()).append(':');
			value(out, e.getValue(), indent);
		}
	}

	/** Writes what follows "key:" (or "-"): an inline scalar or flow list, or a nested block. */
	private static void value(StringBuilder out, Object v, int indent) {
		if (v instanceof Map<?, ?> m) {
			out.append('\n');
			@SuppressWarnings("unchecked")
			Map<String, ?> sm = (Map<String, ?>) m;
			map(out, sm, indent + 2);
		}
		else if (v instanceof List<?> l && l.stream().anyMatch(x -> x instanceof Map || x instanceof List)) {
			out.append('\n');
			for (Object item : l) {
				out.append(" ".repeat(indent + 2)).append('-');
				if (item instanceof Map<?, ?> m) {
					// first key on the dash's line, the rest aligned under it
					StringBuilder block = new StringBuilder();
					@SuppressWarnings("unchecked")
					Map<String, ?> sm = (Map<String, ?>) m;
					map(block, sm, indent + 4);
					out.append(' ').append(block.substring(indent + 4));
				}
				else value(out, item, indent + 2);
			}
		}
		else if (v instanceof List<?> l) {
			out.append(" [");
			for (int i = 0; i < l.size(); i++) out.append(i > 0 ? ", " : "").append(scalar(l.get(i)));
			out.append("]\n");
		}
		else out.append(' ').append(scalar(v)).append('\n');
	}

	private static String scalar(Object v) {
		if (v == null) return "null";
		if (v instanceof Boolean || v instanceof Integer || v instanceof Long) return v.toString();
		if (v instanceof Number n) return String.format(Locale.ROOT, "%s", n.doubleValue());
		return JSON.toJson(v.toString());
	}
}
