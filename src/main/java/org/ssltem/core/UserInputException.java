package org.ssltem.core;

import org.ssltem.api.ParameterText;

import java.nio.file.Path;

/**
 * A problem with what the user gave us (a file, a folder, a parameter), worded for that user: what is wrong,
 * which file, and what to do. Parameters are named by key ({@code {{size}}}, see {@link ParameterText}) so that
 * each face words them its own way: {@link #getMessage()} is the command line's wording, {@link #template()} the
 * neutral text the Fiji face renders with its dialog labels.
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
			+ " tiles ({{tile}}) or batches ({{batch}}) where the command has them");
	}

	/** "{problem}. Fix: {fix}" for problems not tied to one file (an option value, say). */
	public static UserInputException option(String problem, String fix) {
		return new UserInputException(problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix));
	}

	/** The sentence with parameters marked by key, for a face to word. */
	public String template() {
		return super.getMessage();
	}

	/** The sentence as the command line says it ({@code --size}). */
	@Override
	public String getMessage() {
		return ParameterText.forCli(super.getMessage());
	}
}
