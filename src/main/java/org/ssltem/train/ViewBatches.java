package org.ssltem.train;

import org.ssltem.augment.SslAugmenter;
import org.ssltem.augment.ViewSeeds;
import org.ssltem.data.GreyImage;
import org.ssltem.nn.Tensors;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the {@code [2B,S,S,1]} input of a pretraining step: view 1 of each of the B images, then view 2.
 * A batch depends only on (seed, epoch, step), never on what ran before, which is what makes a resumed run
 * bit-identical to an uninterrupted one. While TF runs a step, the next batch (across epoch boundaries too: an
 * epoch's order is a function of the seed and the epoch) is augmented on a background thread into one reused
 * buffer, which {@link #into} then copies into the caller's reused input tensor: no allocation per step.
 */
public final class ViewBatches implements AutoCloseable {

	private final List<GreyImage> pool;
	private final SslAugmenter augmenter;
	private final long seed;
	private final int batch;
	private final int viewPixels;
	private final float[] buffer;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "ssl-tem-augment");
		t.setDaemon(true);
		return t;
	});
	private Future<?> pending;
	private long pendingKey = -1;
	private int orderEpoch = -1;
	private int[] order;

	public ViewBatches(List<GreyImage> pool, SslAugmenter augmenter, long seed, int batch) {
		this.pool = pool;
		this.augmenter = augmenter;
		this.seed = seed;
		this.batch = batch;
		this.viewPixels = augmenter.outSize() * augmenter.outSize();
		this.buffer = new float[2 * batch * viewPixels];
	}

	public int stepsPerEpoch() {
		return pool.size() / batch;
	}

	/** Floats in one batch, the size of the input tensor {@link #into} fills. */
	public int batchFloats() {
		return buffer.length;
	}

	/**
	 * Writes the batch for (epoch, step) into {@code input} (shape {@code [2B,S,S,1]}), then starts preparing the
	 * step after it in the background.
	 */
	public void into(int epoch, int step, TFloat32 input) throws InterruptedException, ExecutionException {
		long key = key(epoch, step);
		if (pending != null && pendingKey == key) pending.get();
		else {
			if (pending != null) pending.get(); // a batch nobody asked for still owns the buffer: let it finish
			make(epoch, step, buffer);
		}
		pending = null;
		Tensors.write(input, buffer);
		int nextEpoch = step + 1 < stepsPerEpoch() ? epoch : epoch + 1, nextStep = step + 1 < stepsPerEpoch() ? step + 1 : 0;
		pendingKey = key(nextEpoch, nextStep);
		pending = worker.submit(() -> make(nextEpoch, nextStep, buffer));
	}

	public void make(int epoch, int step, float[] views) {
		int[] order = order(epoch);
		for (int i = 0; i < batch; i++) {
			int indexInEpoch = step * batch + i;
			GreyImage source = pool.get(order[indexInEpoch]);
			augmenter.view(source, ViewSeeds.view(seed, epoch, indexInEpoch, 0), views, i * viewPixels);
			augmenter.view(source, ViewSeeds.view(seed, epoch, indexInEpoch, 1), views, (batch + i) * viewPixels);
		}
	}

	/** The epoch's image order, as {@link ViewSeeds#permutation} gives it (cached for the current epoch). */
	private synchronized int[] order(int epoch) {
		if (epoch != orderEpoch) {
			order = ViewSeeds.permutation(seed, epoch, pool.size());
			orderEpoch = epoch;
		}
		return order;
	}

	private static long key(int epoch, int step) {
		return ((long) epoch << 32) | step;
	}

	@Override
	public void close() {
		worker.shutdownNow();
	}
}
