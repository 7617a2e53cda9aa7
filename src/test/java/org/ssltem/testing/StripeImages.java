package org.ssltem.testing;

import org.ssltem.data.GreyImage;

import java.util.SplittableRandom;

/** Small stripe textures with noise: test images whose content a tiny encoder can tell apart. */
public final class StripeImages {

	private StripeImages() {}

	/** Sinusoidal stripes at {@code angle} (radians) and {@code frequency} (radians per px), plus Gaussian noise 0.1, in [0,1]. */
	public static GreyImage stripes(int width, int height, double angle, double frequency, SplittableRandom noise) {
		GreyImage g = new GreyImage(width, height);
		double cos = Math.cos(angle), sin = Math.sin(angle);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				g.set(x, y, (float) Math.min(1, Math.max(0, 0.5 + 0.35 * Math.sin(frequency * (x * cos + y * sin)) + 0.1 * noise.nextGaussian())));
		return g;
	}
}
