package org.ssltem.api;

import java.util.List;

/** What an operation gives back: a typed record of plain Java values (it crosses the engine's class loader). */
public interface OperationResult {

	/** The lines a person reads first: the CLI prints them, Fiji logs them. Parameters are marked by key ({@link ParameterText}). */
	List<String> summary();

	/** Notes the user should see (in the log, after the summary). */
	default List<String> warnings() {
		return List.of();
	}

	/** The command line's exit code for this result (0, or 130 when the run stopped on request and kept its checkpoint). */
	default int exitCode() {
		return 0;
	}
}
