package org.ssltem.fiji.ij1;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ImageJ 1.x macro options ({@code "out=/tmp/x per_class=2 name=[a b] overwrite"}) as a key-to-value map, and
 * back. A bare key is a ticked checkbox ({@code "true"}); values with spaces are in square brackets, as the
 * Macro Recorder writes them. A bracketed value ends at the first {@code ]} followed by a space or the end, so a path
 * such as {@code images=[/data/my images [1]]} keeps its brackets; only {@code "] "} inside a value cannot be written.
 */
public final class MacroOptions {

	private MacroOptions() {}

	public static Map<String, String> parse(String options) {
		Map<String, String> m = new LinkedHashMap<>();
		if (options == null) return m;
		String s = options;
		int i = 0, n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= n) break;
			int k = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			String key = s.substring(k, i);
			if (key.contains("]") && !m.isEmpty()) {
				String last = m.keySet().stream().reduce((a, b) -> b).orElseThrow();
				throw new IllegalArgumentException("the value of '" + last + "' ended at the ']' followed by a space (" + last + "=[" + m.get(last)
					+ "]); a value holding \"] \" cannot be given in a macro. Fix: rename the file or folder so no ']' is followed by a space");
			}
			if (i < n && s.charAt(i) == '=') {
				i++;
				String value;
				if (i < n && s.charAt(i) == '[') {
					int end = closingBracket(s, i + 1);
					if (end < 0) throw new IllegalArgumentException("'" + key + "=" + s.substring(i) + "': the value has no closing ]");
					value = s.substring(i + 1, end);
					i = end + 1;
				}
				else {
					int v = i;
					while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
					value = s.substring(v, i);
				}
				m.put(key, value);
			}
			else m.put(key, "true");
		}
		return m;
	}

	/** The {@code ]} that ends a bracketed value starting at {@code from}: the first one followed by a space or the end. */
	private static int closingBracket(String s, int from) {
		for (int j = s.indexOf(']', from); j >= 0; j = s.indexOf(']', j + 1))
			if (j + 1 == s.length() || Character.isWhitespace(s.charAt(j + 1))) return j;
		return -1;
	}

	/** The options string the Macro Recorder would write for these values (false checkboxes are left out). */
	public static String format(Map<String, String> values, java.util.Set<String> booleans) {
		StringBuilder b = new StringBuilder();
		for (var e : values.entrySet()) {
			String v = e.getValue();
			if (booleans.contains(e.getKey())) {
				if ("true".equals(v)) b.append(b.length() == 0 ? "" : " ").append(e.getKey());
				continue;
			}
			if (b.length() > 0) b.append(' ');
			boolean bracket = v.isEmpty() || v.startsWith("[") || v.chars().anyMatch(Character::isWhitespace);
			if (bracket && closingBracket(v + "]", 0) != v.length())
				throw new IllegalArgumentException(e.getKey() + "=" + v + ": a ']' followed by a space would end this value in a macro."
					+ " Fix: rename the file or folder so no ']' is followed by a space");
			b.append(e.getKey()).append('=').append(bracket ? "[" + v + "]" : v);
		}
		return b.toString();
	}
}
