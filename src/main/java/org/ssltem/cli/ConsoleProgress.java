package org.ssltem.cli;

import org.ssltem.api.ParameterText;

import org.ssltem.core.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders engine progress on standard error: a live bar with ETA on a terminal, and a plain line every few
 * seconds otherwise (CI logs, pipes), so logs stay readable.
 */
final class ConsoleProgress implements ProgressListener {

	private static final int BAR = 28;
	private final PrintStream err;
	private final boolean terminal;
	private final long intervalNanos;
	private String stage;
	private long stageStart;
	private long stageStartDone;
	private long lastPrint;
	private boolean barOpen;

	ConsoleProgress(PrintStream err) {
		this(err, System.console() != null, 10_000_000_000L);
	}

	ConsoleProgress(PrintStream err, boolean terminal, long intervalNanos) {
		this.err = err;
		this.terminal = terminal;
		this.intervalNanos = intervalNanos;
	}

	@Override
	public synchronized void progress(String stage, long done, long total, String message) {
		long now = System.nanoTime();
		if (!stage.equals(this.stage)) {
			closeBar();
			this.stage = stage;
			stageStart = now;
			stageStartDone = done > 0 ? done - 1 : 0;
			lastPrint = 0;
		}
		message = ParameterText.forCli(message);
		double fraction = total <= 0 ? 0 : Math.min(1, done / (double) total);
		String eta = eta(now, done, total);
		if (terminal) {
			int filled = (int) Math.round(fraction * BAR);
			err.print(String.format(Locale.ROOT, "\r%-9s [%s%s] %3.0f%% %s  ETA %s   ", stage, "#".repeat(filled), ".".repeat(BAR - filled),
				fraction * 100, message, eta));
			barOpen = true;
			if (done >= total) closeBar();
		}
		else if (now - lastPrint >= intervalNanos || done >= total || lastPrint == 0) {
			err.println(String.format(Locale.ROOT, "%s %3.0f%% %s ETA %s", stage, fraction * 100, message, eta));
			lastPrint = now;
		}
		err.flush();
	}

	@Override
	public synchronized void log(String line) {
		closeBar();
		err.println(ParameterText.forCli(line));
	}

	private void closeBar() {
		if (barOpen) err.println();
		barOpen = false;
	}

	/** Remaining time from the rate since this stage started (resumed work counts from where it resumed). */
	String eta(long now, long done, long total) {
		long doneHere = done - stageStartDone;
		if (done >= total) return "0s";
		// one unit, or a blink of time, says nothing about the rate yet
		if (doneHere < 2 || now - stageStart < 200_000_000L) return "?";
		double perUnit = (now - stageStart) / 1e9 / doneHere;
		return duration(perUnit * (total - done));
	}

	static String duration(double seconds) {
		long s = Math.round(seconds);
		if (s < 60) return s + "s";
		if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
		return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
	}
}
