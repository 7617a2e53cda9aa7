package org.ssltem.spark;

import org.ssltem.core.Hashing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engines kept open in an executor JVM from one partition to the next, so a job can be cut into more partitions than
 * cores (a core that finishes early takes the next partition instead of waiting for the slowest one) without opening
 * the model once per partition. A task borrows an idle engine of the same work and thread count, or opens one, and
 * gives it back at its end; so there are never more engines than tasks that ran at once. They are closed at the end
 * of the job where the executors run in the driver's JVM ({@code local[N]}), else when the executor exits with the
 * application.
 */
final class OpenEngines {

	private static final Map<String, Deque<ImageWork.Engine>> IDLE = new HashMap<>();

	private OpenEngines() {}

	/** What an engine can be reused for: every setting of the work (its model identity included) and the threads. */
	static String key(ImageWork work, int threads) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
			o.writeObject(work);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not identify the work " + work.operation(), e);
		}
		return Hashing.sha256(bytes.toByteArray()) + " threads " + threads;
	}

	/** An idle engine for {@code key}, or a new one opened by {@code work}. */
	static ImageWork.Engine borrow(String key, ImageWork work, int threads) {
		synchronized (IDLE) {
			Deque<ImageWork.Engine> idle = IDLE.get(key);
			if (idle != null && !idle.isEmpty()) return idle.pop();
		}
		return work.open(threads);
	}

	static void giveBack(String key, ImageWork.Engine engine) {
		synchronized (IDLE) {
			IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(engine);
		}
	}

	/** Closes every idle engine of this JVM. */
	static void closeAll() {
		List<ImageWork.Engine> all = new ArrayList<>();
		synchronized (IDLE) {
			IDLE.values().forEach(all::addAll);
			IDLE.clear();
		}
		for (ImageWork.Engine e : all) e.close();
	}
}
