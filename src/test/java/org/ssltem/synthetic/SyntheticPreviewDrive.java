package org.ssltem.synthetic;

import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.nio.file.Path;

/**
 * For looking at samples by eye; not a test. Writes one sample per class to /tmp/synth-preview-{class}.png and a
 * montage (images on top, masks below) to /tmp/synth-preview-all.png; with a class as third argument, the montage
 * shows four seeds of that class instead. Prints generation times.
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$HOME/.m2/repository/net/imagej/ij/1.54f/ij-1.54f.jar org.ssltem.synthetic.SyntheticPreviewDrive [size] [seed] [class]}
 */
public final class SyntheticPreviewDrive {

	public static void main(String[] args) {
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
		long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
		Morphology only = args.length > 2 ? Morphology.parse(args[2]) : null;
		SyntheticTemGenerator generator = new SyntheticTemGenerator();
		GreyImage montage = new GreyImage(4 * size, 2 * size);
		for (int k = 0; k < 4; k++) {
			Morphology m = only != null ? only : Morphology.values()[k];
			long t0 = System.nanoTime();
			SyntheticTemGenerator.Sample s = generator.generate(m, size, only != null ? seed + k : seed);
			System.out.println(m + ": " + (System.nanoTime() - t0) / 1_000_000 + " ms");
			if (only == null) ImageFiles.writePng(s.image(), Path.of("/tmp/synth-preview-" + m.key() + ".png"));
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					montage.set(k * size + x, y, s.image().get(x, y));
					montage.set(k * size + x, size + y, s.mask()[y * size + x]);
				}
		}
		ImageFiles.writePng(montage, Path.of("/tmp/synth-preview-all.png"));
	}
}
