package org.ssltem.api;

/**
 * A failed engine operation, carried across the class-loader boundary as a JDK-only exception. The message is
 * the engine's sentence for the user, parameters marked by key ({@link ParameterText}, each face words them); {@link #kind()}
 * tells bad input from cancel, divergence and bugs.
 */
public final class EngineException extends RuntimeException {

	public enum Kind {
		/** The user's input is wrong; the message says which and how to fix it (CLI exit 2). */
		BAD_INPUT(2),
		/** Training diverged; the last good checkpoint is kept (CLI exit 3). */
		DIVERGED(3),
		/** Stopped on request (CLI exit 130). */
		CANCELLED(130),
		/** Anything else: a bug or a broken installation (CLI exit 1). */
		INTERNAL(1);

		public final int exitCode;

		Kind(int exitCode) {
			this.exitCode = exitCode;
		}
	}

	private final Kind kind;
	private final String engineStackTrace;

	public EngineException(Kind kind, String message, String stackTrace) {
		super(message);
		this.kind = kind;
		this.engineStackTrace = stackTrace;
	}

	public Kind kind() {
		return kind;
	}

	/** The engine-side stack trace as text (engine exception classes cannot cross the loader), or null. */
	public String engineStackTrace() {
		return engineStackTrace;
	}
}
