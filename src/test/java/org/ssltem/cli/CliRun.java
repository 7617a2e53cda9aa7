package org.ssltem.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process and captures what it wrote to standard error, for tests. */
record CliRun(int code, String err) {

	static CliRun of(String... args) {
		PrintStream old = System.err;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		System.setErr(new PrintStream(bytes, true));
		try {
			return new CliRun(Main.run(args), bytes.toString());
		}
		finally {
			System.setErr(old);
		}
	}
}
