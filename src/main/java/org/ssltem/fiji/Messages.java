package org.ssltem.fiji;

import java.util.regex.Pattern;

/**
 * The engine words its errors for the command line ("pass --labeled 8 or fewer", "give --out a new folder"). In Fiji
 * the same option is a dialog field and a macro key of the same snake_case name, so the flags are rewritten to
 * those names: "set 'labeled' to 8 or fewer", "give 'out' a new folder".
 */
public final class Messages {

	/** "pass --flag VALUE": a value follows (not a word that continues the sentence). */
	private static final Pattern PASS_WITH_VALUE = Pattern.compile("\\b(?:pass|use) --([a-z][a-z0-9_]*) (?!(?:to|or|and|with|instead|for|if|when|in|on)\\b)(?=\\S)");
	/** "pass --flag" alone: a switch. */
	private static final Pattern PASS = Pattern.compile("\\b(?:pass|use) --([a-z][a-z0-9_]*)");
	private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9_]*)");

	private Messages() {}

	/** An engine message in the words of a Fiji dialog or macro. */
	public static String forFiji(String engineMessage) {
		if (engineMessage == null) return null;
		String s = PASS_WITH_VALUE.matcher(engineMessage).replaceAll("set '$1' to ");
		s = PASS.matcher(s).replaceAll("tick '$1'");
		return FLAG.matcher(s).replaceAll("'$1'");
	}
}
