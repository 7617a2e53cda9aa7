package org.ssltem.fiji.ij1;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ImageJ 1.x macro options ({@code "out=/tmp/x per_class=2 name=[a b] overwrite"}) as a key-to-value map, and
 * back. A bare key is a ticked checkbox ({@code "true"}); values with spaces are in square brackets, as the
 * Macro Recorder writes them.
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
			if (i < n && s.charAt(i) == '=') {
				i++;
				String value;
				if (i < n && s.charAt(i) == '[') {
					int end = s.indexOf(']', i + 1);
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
			b.append(e.getKey()).append('=').append(v.isEmpty() || v.contains(" ") ? "[" + v + "]" : v);
		}
		return b.toString();
	}
}
