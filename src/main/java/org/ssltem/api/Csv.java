package org.ssltem.api;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV fields: the one quoting rule of every CSV the engine writes and the faces read back. */
public final class Csv {

	private Csv() {}

	/** A field as written: quoted (with doubled quotes) only when it holds a comma, a quote or a line break. */
	public static String field(String s) {
		return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	/** The fields of one line, undoing {@link #field}. */
	public static List<String> split(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char ch = line.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cur.append('"');
					i++;
				}
				else if (ch == '"') quoted = false;
				else cur.append(ch);
			}
			else if (ch == '"') quoted = true;
			else if (ch == ',') {
				out.add(cur.toString());
				cur.setLength(0);
			}
			else cur.append(ch);
		}
		out.add(cur.toString());
		return out;
	}
}
