package org.ssltem.train;

import org.ssltem.augment.SslAugmenter;
import org.ssltem.augment.ViewSeeds;
import org.ssltem.data.GreyImage;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the {@code [2B,S,S,1]} input of a pretraining step: view 1 of each of the B images, then view 2.
 * A batch depends only on (seed, epoch, step), never on what ran before, which is what makes a resumed run
 * bit-identical to an uninterrupted one. The next batch is prepared on a background thread while TF runs
 * the current step.
 */
final class ViewBatches implements AutoCloseable {

	private final List<GreyImage> pool;
	private final SslAugmenter augmenter;
	private final long seed;
	private final int batch;
	private final int viewPixels;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "ssl-tem-augment");
		t.setDaemon(true);
		return t;
	});
	private Future<float[]> pending;
	private long pendingKey = -1;

	ViewBatches(List<GreyImage> pool, SslAugmenter augmenter, long seed, int batch) {
		this.pool = pool;
		this.augmenter = augmenter;
		this.seed = seed;
		this.batch = batch;
		this.viewPixels = augmenter.outSize() * augmenter.outSize();
	}

	int stepsPerEpoch() {
		return pool.size() / batch;
	}

	/** The batch for (epoch, step); starts preparing (epoch, step + 1) in the background. */
	float[] get(int epoch, int[] order, int step) throws Exception {
		long key = key(epoch, step);
		float[] views = (pending != null && pendingKey == key) ? pending.get() : make(epoch, order, step);
		if (step + 1 < stepsPerEpoch()) {
			pendingKey = key(epoch, step + 1);
			pending = worker.submit(() -> make(epoch, order, step + 1));
		}
		else pending = null;
		return views;
	}

	float[] make(int epoch, int[] order, int step) {
		float[] views = new float[2 * batch * viewPixels];
		for (int i = 0; i < batch; i++) {
			int indexInEpoch = step * batch + i;
			GreyImage source = pool.get(order[indexInEpoch]);
			augmenter.view(source, ViewSeeds.view(seed, epoch, indexInEpoch, 0), views, i * viewPixels);
			augmenter.view(source, ViewSeeds.view(seed, epoch, indexInEpoch, 1), views, (batch + i) * viewPixels);
		}
		return views;
	}

	private static long key(int epoch, int step) {
		return ((long) epoch << 32) | step;
	}

	@Override
	public void close() {
		worker.shutdownNow();
	}
}
