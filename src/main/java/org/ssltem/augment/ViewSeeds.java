package org.ssltem.augment;

import java.util.SplittableRandom;

/**
 * Random streams addressed by position in a run rather than drawn one after another, so a resumed pretraining run
 * can reproduce any step without replaying the steps before it. Pure arithmetic on longs: the same numbers on
 * every JVM.
 */
public final class ViewSeeds {

	/** Distinct tags keep the shuffle streams apart from the view streams of the same run and epoch. */
	private static final long VIEW_STREAM = 0x5649_4557_0000_0001L;
	private static final long ORDER_STREAM = 0x4f52_4445_5200_0002L;

	private ViewSeeds() {}

	/** The stream for view {@code viewIndex} (0 or 1) of the {@code indexInEpoch}-th image of {@code epoch}. */
	public static SplittableRandom view(long runSeed, int epoch, int indexInEpoch, int viewIndex) {
		return new SplittableRandom(mix(mix(mix(mix(runSeed ^ VIEW_STREAM) + epoch) + indexInEpoch) + viewIndex));
	}

	/** The order in which an epoch visits images 0..n-1 (Fisher–Yates). */
	public static int[] permutation(long runSeed, int epoch, int n) {
		if (n < 0) throw new IllegalArgumentException("n must not be negative, got " + n);
		SplittableRandom rng = new SplittableRandom(mix(mix(runSeed ^ ORDER_STREAM) + epoch));
		int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		return order;
	}

	/** SplitMix64's finaliser: consecutive inputs give unrelated outputs. */
	static long mix(long z) {
		z += 0x9E37_79B9_7F4A_7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
		return z ^ (z >>> 31);
	}
}
