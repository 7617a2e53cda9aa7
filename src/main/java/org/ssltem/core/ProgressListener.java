package org.ssltem.core;

/**
 * Receives progress from long-running engine work (pretraining, feature extraction, data generation).
 * The CLI renders it as a progress bar; the Fiji commands forward it to the ImageJ status bar.
 * Implementations must be cheap: they are called from the worker thread after every step.
 */
@FunctionalInterface
public interface ProgressListener {

	/**
	 * @param stage   short name of the current stage, e.g. "pretrain" or "features"
	 * @param done    units of work finished in this stage
	 * @param total   units of work in this stage (at least 1)
	 * @param message one line a person can read, e.g. "epoch 3/10 loss 0.412"
	 */
	void progress(String stage, long done, long total, String message);

	/** Free-form log line (device chosen, warnings). Defaults to standard error. */
	default void log(String line) {
		System.err.println(line);
	}

	ProgressListener SILENT = new ProgressListener() {
		@Override
		public void progress(String stage, long done, long total, String message) {}

		@Override
		public void log(String line) {}
	};
}
