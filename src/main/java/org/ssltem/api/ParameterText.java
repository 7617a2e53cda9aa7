package org.ssltem.api;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine sentences name parameters by key, written {@code {{key}}} ("set {{labeled}} to 8 or fewer"); each face
 * words the key its own way: the CLI as {@code --labeled}, a macro as {@code labeled=}, a dialog by its label.
 */
public final class ParameterText {

	private static final Pattern KEY = Pattern.compile("\\{\\{([a-z][a-z0-9_]*)}}");

	private ParameterText() {}

	/** Marks {@code key} in an engine sentence. */
	public static String key(String key) {
		return "{{" + key + "}}";
	}

	public static String render(String text, Function<String, String> keyWording) {
		if (text == null) return null;
		Matcher m = KEY.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(keyWording.apply(m.group(1))));
		m.appendTail(out);
		return out.toString();
	}

	/** For the command line: {@code --key}. */
	public static String forCli(String text) {
		return render(text, k -> "--" + k);
	}

	/** For a macro or a script: {@code key=}. */
	public static String forMacro(String text) {
		return render(text, k -> k + "=");
	}

	/** For a dialog: the field's label and its macro key, "'Labelled images' (labeled=)"; the key alone when the operation lacks it. */
	public static String forDialog(String text, OperationSpec operation) {
		return render(text, k -> operation != null && operation.has(k) && operation.parameter(k).label() != null
			? "'" + operation.parameter(k).label() + "' (" + k + "=)" : "'" + k + "'");
	}

	/** The keys a sentence names, in order. */
	public static java.util.List<String> keys(String text) {
		java.util.List<String> keys = new java.util.ArrayList<>();
		if (text == null) return keys;
		Matcher m = KEY.matcher(text);
		while (m.find()) keys.add(m.group(1));
		return keys;
	}
}
