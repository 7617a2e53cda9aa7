package org.ssltem.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process and captures what it wrote to standard output and standard error, for tests. */
record CliRun(int code, String out, String err) {

	static CliRun of(String... args) {
		PrintStream oldErr = System.err, oldOut = System.out;
		ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
		System.setErr(new PrintStream(err, true));
		System.setOut(new PrintStream(out, true));
		try {
			return new CliRun(Main.run(args), out.toString(), err.toString());
		}
		finally {
			System.setErr(oldErr);
			System.setOut(oldOut);
		}
	}

	/** The last line of standard output, parsed (the bench commands end with one JSON line). */
	JsonObject json() {
		String[] lines = out.strip().split("\n");
		return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
	}
}
