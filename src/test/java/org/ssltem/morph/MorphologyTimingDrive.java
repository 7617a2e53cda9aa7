package org.ssltem.morph;

import org.ssltem.data.MaskRule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times percolation alone and the whole morphology row on the real 1024 x 1024 HRTEM masks, by hand (not a test):
 * {@code java -cp target/classes:target/test-classes:<deps> org.ssltem.morph.MorphologyTimingDrive ../shared/data/nanowire-hrtem-seg/masks}.
 */
public final class MorphologyTimingDrive {

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/nanowire-hrtem-seg/masks");
		List<Path> files;
		try (var s = Files.list(dir)) {
			files = s.sorted().limit(8).toList();
		}
		PercolationAnalysis percolation = new PercolationAnalysis();
		MorphologyAnalysis morphology = new MorphologyAnalysis();
		MaskRule nanowire = new MaskRule(3, 1);
		for (int round = 0; round < 3; round++) {
			for (Path f : files) {
				int[] wh = new int[2];
				boolean[] fg = nanowire.readForeground(f, wh);
				long t0 = System.nanoTime();
				PercolationResult p = percolation.analyse(fg, wh[0], wh[1]);
				long t1 = System.nanoTime();
				MorphologyAnalysis.Measures m = morphology.measure(f.getFileName().toString(), fg, wh[0], wh[1]);
				long t2 = System.nanoTime();
				System.out.printf("round %d %s %dx%d: percolation %d ms, whole row %d ms (density %.3f, %d clusters, percolates %b)%n", round,
					f.getFileName(), wh[0], wh[1], (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, p.pixelDensity(), m.clusters(), p.percolates());
			}
		}
	}
}
