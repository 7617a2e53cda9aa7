package org.ssltem.spark;

import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.ssltem.core.ProgressListener;
import scala.Tuple4;
import scala.collection.JavaConverters;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images done / total, rate and ETA on the driver while the executors work. Each task counts its images in an
 * accumulator; executors report running tasks' counts with their heartbeats, and a finished task's final count comes
 * with its end, so the count moves during long partitions, and a failed attempt's images drop out again.
 */
final class SparkProgress extends SparkListener implements AutoCloseable {

	private final long accumulatorId;
	private final String stage;
	private final long total;
	private final ProgressListener listener;
	private final Map<Long, Long> running = new ConcurrentHashMap<>();
	private final AtomicLong finished = new AtomicLong();
	private final long start = System.nanoTime();
	private final Thread printer;
	private volatile boolean closed;

	SparkProgress(long accumulatorId, String stage, long total, ProgressListener listener) {
		this.accumulatorId = accumulatorId;
		this.stage = stage;
		this.total = total;
		this.listener = listener;
		printer = new Thread(this::print, "ssl-tem spark progress");
		printer.setDaemon(true);
		printer.start();
	}

	long done() {
		long d = finished.get();
		for (long v : running.values()) d += v;
		return Math.min(d, total);
	}

	@Override
	public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
		for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> t : JavaConverters.seqAsJavaList(update.accumUpdates())) {
			Long value = ours(t._4());
			if (value != null) running.put((Long) t._1(), value);
		}
	}

	@Override
	public void onTaskEnd(SparkListenerTaskEnd end) {
		long task = end.taskInfo().taskId();
		running.remove(task);
		if (end.taskInfo().successful()) {
			Long value = ours(end.taskInfo().accumulables());
			if (value != null) finished.addAndGet(value);
		}
	}

	private Long ours(scala.collection.Seq<AccumulableInfo> infos) {
		for (AccumulableInfo info : JavaConverters.seqAsJavaList(infos))
			if (info.id() == accumulatorId && info.update().isDefined()) return ((Number) info.update().get()).longValue();
		return null;
	}

	private void print() {
		long shown = -1;
		while (!closed) {
			long d = done();
			if (d != shown) {
				report(d);
				shown = d;
			}
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException e) {
				return;
			}
		}
	}

	private void report(long d) {
		double seconds = (System.nanoTime() - start) / 1e9;
		listener.progress(stage, d, total, String.format(Locale.ROOT, "%d/%d images, %.2f images/s", d, total, seconds > 0 ? d / seconds : 0));
	}

	@Override
	public void close() {
		closed = true;
		printer.interrupt();
		try {
			printer.join(2000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
