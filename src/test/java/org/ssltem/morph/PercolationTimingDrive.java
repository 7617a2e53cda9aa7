package org.ssltem.morph;

import java.util.SplittableRandom;

/**
 * Times PercolationAnalysis on 1024 x 1024 masks, by hand (not a test):
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes org.ssltem.morph.PercolationTimingDrive}.
 * Two masks: random pixels at 30 % (many small clusters) and a dense mesh of lines (one big cluster).
 */
public final class PercolationTimingDrive {

	public static void main(String[] args) {
		int n = 1024;
		SplittableRandom random = new SplittableRandom(1);
		boolean[] sparse = new boolean[n * n];
		for (int i = 0; i < sparse.length; i++) sparse[i] = random.nextDouble() < 0.3;
		boolean[] mesh = new boolean[n * n];
		for (int r = 0; r < n; r++)
			for (int c = 0; c < n; c++) mesh[r * n + c] = r % 16 < 3 || c % 16 < 3;
		PercolationAnalysis analysis = new PercolationAnalysis();
		for (int round = 0; round < 5; round++) {
			for (var mask : new boolean[][] { sparse, mesh }) {
				long t0 = System.nanoTime();
				PercolationResult r = analysis.analyse(mask, n, n);
				long ms = (System.nanoTime() - t0) / 1_000_000;
				System.out.printf("round %d %s: %d ms, %d foreground, %d clusters, percolates %b%n", round,
					mask == sparse ? "random 30%" : "mesh", ms, r.foregroundPixels(), r.clusters(), r.percolates());
			}
		}
	}
}
