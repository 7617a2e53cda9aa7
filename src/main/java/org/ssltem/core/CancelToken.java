package org.ssltem.core;

/**
 * Cooperative cancellation. The engine checks it between steps, so work stops after the current step and
 * leaves its outputs (checkpoints, files) valid. Shared between the UI thread that cancels and the worker.
 */
public final class CancelToken {

	/** What work without checkpoints keeps when stopped, said to the user: its files appear only when complete. */
	public static final String KEEPS_COMPLETE_FILES = "stopping; files appear only when complete, so nothing half-written is kept";

	private volatile boolean cancelled;

	public void cancel() {
		cancelled = true;
	}

	public boolean isCancelled() {
		return cancelled;
	}

	/** Throws {@link CancelledException} if {@link #cancel()} was called. */
	public void throwIfCancelled() {
		if (cancelled) throw new CancelledException();
	}

	/** Thrown by the engine when work stops because of a cancel request. Not an error. */
	public static final class CancelledException extends RuntimeException {
		public CancelledException() {
			super("cancelled by the user");
		}
	}
}
