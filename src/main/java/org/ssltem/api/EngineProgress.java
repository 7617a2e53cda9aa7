package org.ssltem.api;

/** Progress from the engine, called on the worker thread; mirrors {@code org.ssltem.core.ProgressListener}. */
public interface EngineProgress {

	/** @see org.ssltem.core.ProgressListener#progress */
	void progress(String stage, long done, long total, String message);

	void log(String line);
}
