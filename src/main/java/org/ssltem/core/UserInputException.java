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

	/** "{problem}. Fix: {fix}" for problems not tied to one file (an option value, say). */
	public static UserInputException option(String problem, String fix) {
		return new UserInputException(problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix));
	}
}
