package org.ssltem.train;

import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small textured test images (stripes at varying angles plus noise), written as PNG. */
final class TinyImages {

	private TinyImages() {}

	static Path write(Path dir, int count, int side, long seed) throws Exception {
		Files.createDirectories(dir);
		SplittableRandom r = new SplittableRandom(seed);
		for (int n = 0; n < count; n++) {
			double angle = r.nextDouble() * Math.PI, freq = 0.1 + 0.3 * r.nextDouble();
			GreyImage g = org.ssltem.testing.StripeImages.stripes(side, side, angle, freq, r);
			ImageFiles.writePng(g, dir.resolve(String.format("img-%03d.png", n)));
		}
		return dir;
	}

	static PretrainConfig config(Path images, Path out) {
		return org.ssltem.testing.TinyPretraining.config(images, out, 2, "32,16,64");
	}
}
