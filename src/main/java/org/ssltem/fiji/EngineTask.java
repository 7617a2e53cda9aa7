package org.ssltem.fiji;

import ij.IJ;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.OperationResult;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterText;
import org.ssltem.api.SslTemEngine;

import java.awt.GraphicsEnvironment;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one engine operation for a Fiji command: on a worker thread, with progress and ETA in ImageJ's status
 * bar (or on standard error when headless), Esc to cancel (the engine stops after its current step and keeps
 * its checkpoint), and the engine's errors as {@link EngineException}s for the caller to show.
 */
public final class EngineTask {

	private EngineTask() {}

	/** Blocks until the operation ends; returns its result or throws {@link EngineException}. */
	public static OperationResult run(String operation, Map<String, String> parameters) {
		return run(operation, parameters, new AtomicBoolean(), null);
	}

	/**
	 * As {@link #run(String, Map)}, for a caller with its own Cancel button: setting {@code cancel} stops the operation
	 * as Esc does; {@code also} (may be null) receives every progress call too, e.g. for a status line in a window.
	 */
	public static OperationResult run(String operation, Map<String, String> parameters, AtomicBoolean cancel, EngineProgress also) {
		return call(operation, cancel, also, (engine, progress, stop) -> engine.run(operation, parameters, progress, stop));
	}

	/** One engine call, e.g. {@code engine.segment(...)} with images in memory. */
	@FunctionalInterface
	public interface Call<T> {
		T on(SslTemEngine engine, EngineProgress progress, AtomicBoolean cancel);
	}

	/**
	 * As {@link #run(String, Map, AtomicBoolean, EngineProgress)}, for any engine call; {@code name} names its thread, and
	 * the operation whose parameter names the engine's lines use (e.g. {@code segment}).
	 */
	public static <T> T call(String name, AtomicBoolean cancel, EngineProgress also, Call<T> call) {
		AtomicReference<Object> outcome = new AtomicReference<>();
		StatusProgress progress = new StatusProgress(also, Operations.named(name));
		Thread worker = new Thread(() -> {
			try {
				outcome.set(call.on(EngineLoader.engine(), progress, cancel));
			}
			catch (Throwable t) {
				outcome.set(t);
			}
		}, "ssl-tem-" + name);
		worker.setDaemon(true);
		if (!GraphicsEnvironment.isHeadless()) IJ.resetEscape();
		worker.start();
		boolean toldUser = false;
		while (worker.isAlive()) {
			try {
				worker.join(100);
			}
			catch (InterruptedException e) {
				cancel.set(true); // e.g. ImageJ's "Abort macro"
			}
			if (!cancel.get() && !GraphicsEnvironment.isHeadless() && IJ.escapePressed()) cancel.set(true);
			if (cancel.get() && !toldUser) {
				IJ.showStatus("SSL-TEM: stopping after the current step...");
				toldUser = true;
			}
		}
		progress.done();
		Object o = outcome.get();
		if (o instanceof EngineException e) throw e;
		if (o instanceof IllegalStateException e) throw new EngineException(EngineException.Kind.INTERNAL, e.getMessage(), null);
		if (o instanceof Throwable t)
			throw new EngineException(EngineException.Kind.INTERNAL, t.getClass().getSimpleName() + ": " + t.getMessage(), null);
		@SuppressWarnings("unchecked")
		T result = (T) o;
		return result;
	}

	/** Engine progress as ImageJ status and progress bar, or as a line on stderr every 10 s when headless. */
	static final class StatusProgress implements EngineProgress {

		private final boolean headless = GraphicsEnvironment.isHeadless();
		private final Eta eta = new Eta();
		private final EngineProgress also;
		private final OperationSpec operation;
		private long lastLine;

		StatusProgress() {
			this(null, null);
		}

		/** {@code operation} words the parameters the engine's lines name (may be null). */
		StatusProgress(EngineProgress also, OperationSpec operation) {
			this.also = also;
			this.operation = operation;
		}

		@Override
		public synchronized void progress(String stage, long done, long total, String message) {
			message = ParameterText.forDialog(message, operation);
			String etaText = eta.update(stage, done, total);
			String line = String.format(Locale.ROOT, "SSL-TEM %s %d/%d %s, ETA %s", stage, done, total, message, etaText);
			if (also != null) also.progress(stage, done, total, message + ", ETA " + etaText);
			if (headless) {
				long now = System.nanoTime();
				if (lastLine == 0 || now - lastLine > 10_000_000_000L || done >= total) {
					System.err.println(line);
					lastLine = now;
				}
			}
			else {
				IJ.showStatus(line + " (Esc stops)");
				IJ.showProgress((int) Math.min(done, Integer.MAX_VALUE), (int) Math.max(1, Math.min(total, Integer.MAX_VALUE)));
			}
		}

		@Override
		public void log(String line) {
			line = ParameterText.forDialog(line, operation);
			if (also != null) also.log(line);
			if (headless) System.err.println(line);
			else IJ.log(line);
		}

		/** Clears the bar and the status line, so no "ETA 0s (Esc stops)" stays behind after the work ended. */
		void done() {
			if (!headless) {
				IJ.showProgress(1.0);
				IJ.showStatus("");
			}
		}
	}

	/** Remaining time from the rate since the current stage started. */
	static final class Eta {
		private String stage;
		private long start, startDone;

		String update(String stage, long done, long total) {
			return update(stage, done, total, System.nanoTime());
		}

		String update(String stage, long done, long total, long now) {
			if (done == 0 && total > 0) { // announced, not started (e.g. "building the network"): the clock starts at the first step
				this.stage = null;
				return "?";
			}
			if (!stage.equals(this.stage)) {
				this.stage = stage;
				start = now; // this report ends a step: the rate counts the steps after it
				startDone = done;
			}
			if (done >= total) return "0s";
			long doneHere = done - startDone;
			if (doneHere < 2 || now - start < 200_000_000L) return "?";
			return duration((now - start) / 1e9 / doneHere * (total - done));
		}

		static String duration(double seconds) {
			long s = Math.round(seconds);
			if (s < 60) return s + "s";
			if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
			return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
		}
	}
}
