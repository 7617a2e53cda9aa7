package org.ssltem.annotate;

/**
 * "Keep training while I paint": when it is on, every change of the labels asks for a round, and a round starts as
 * soon as none is running; changes made while a round runs are taken by one more round after it (not one per stroke).
 * The window tells it when rounds start and end (its own and those the user starts with Train); it starts rounds
 * through {@code start}, which must only hand the work to the window (e.g. post it to the event thread).
 */
public final class KeepTraining {

	private final Runnable start;
	private boolean on, pending, running;

	public KeepTraining(Runnable start) {
		this.start = start;
	}

	/** Turns the mode on or off; turned on with changes not yet trained, a round starts. A running round is not stopped. */
	public synchronized void on(boolean on) {
		this.on = on;
		next();
	}

	public synchronized boolean isOn() {
		return on;
	}

	/** The labels changed (a stroke, an erase, an undo, an accepted prediction). */
	public synchronized void changed() {
		pending = true;
		next();
	}

	/** A round began; it trains on the labels as they are now. */
	public synchronized void started() {
		running = true;
		pending = false;
	}

	/** The round ended (trained, stopped, failed, or did not start). */
	public synchronized void ended() {
		running = false;
		next();
	}

	/** The round asked for could not start yet (other work runs): it starts at the next {@link #ended}. */
	public synchronized void deferred() {
		running = false;
		pending = true;
	}

	private void next() {
		if (on && pending && !running) {
			running = true;
			pending = false;
			start.run();
		}
	}
}
