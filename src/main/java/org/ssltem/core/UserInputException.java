package org.ssltem.core;

import java.nio.file.Path;

/**
 * A problem with what the user gave us (a file, a folder, an option), worded for that user: what is wrong,
 * which file, and what to do. The CLI prints only the message; Fiji shows it in a dialog.
 */
public class UserInputException extends RuntimeException {

	public UserInputException(String message) {
		super(message);
	}

	public UserInputException(String message, Throwable cause) {
		super(message, cause);
	}

	/** "{file}: {problem}. Fix: {fix}" */
	public static UserInputException about(Path file, String problem, String fix) {
		return new UserInputException(file + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix));
	}

	/** An OutOfMemoryError outside image reading (which names its file): what to change. */
	public static UserInputException outOfMemory() {
		return option("Java ran out of memory", "give it more (e.g. SSLTEM_JAVA_OPTS=-Xmx16g; in Fiji, Edit > Options > Memory), or use smaller images,"
			+ " tiles (--tile) or batches (--batch) where the command has them");
	}

	/** "{problem}. Fix: {fix}" for problems not tied to one file (an option value, say). */
	public static UserInputException option(String problem, String fix) {
		return new UserInputException(problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix));
	}
}
