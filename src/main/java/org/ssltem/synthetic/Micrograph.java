package org.ssltem.synthetic;

import org.ssltem.data.GreyImage;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The microscope: turns drawn wires into a negative-stain TEM image. Intensity follows mass-thickness contrast,
 * I = illumination x exp(-mass): the stain layer is the mass (mottled at several scales, grainy, with stray stain
 * blobs); a wire either excludes stain (negative stain: bright wire with a dark rim where stain pools along it) or
 * adds mass (dark wire). Then defocus (Gaussian blur with a Fresnel-like edge fringe), shot noise whose variance
 * grows with intensity, the detector's point spread, and a display window as a camera's auto-contrast would set it.
 */
final class Micrograph {

	static final String DESCRIPTION = "stain as chosen (negative: bright wires, dark stain rim; dark: dark wires; mixed: "
		+ "negative on 60 % of images); stain mottled at 50-100 and 10-25 px plus grain, debris; illumination tilt and "
		+ "vignette; defocus blur sigma 0.3-1.1 with edge fringe; shot noise at 400-2000 e/px; detector blur 0.6 px; "
		+ "0.2-99.8 % display window";

	/** How far from a wire edge the canvas must record distances for the stain rim, pixels. */
	static double edgeReach(Scene scene) {
		return Math.max(2, scene.px(5));
	}

	private Micrograph() {}

	static GreyImage expose(WireCanvas canvas, Scene scene, Stain stain, SplittableRandom random) {
		int size = scene.size(), n = size * size;
		float[] mass = stain(scene, random);
		addDebris(mass, scene, random);
		float[] intensity = new float[n];
		// drawn whatever the stain, so that one seed shows the same scene under every stain
		boolean negativeDraw = random.nextDouble() < Stain.MIXED_NEGATIVE_FRACTION;
		if (stain == Stain.NEGATIVE || stain == Stain.MIXED && negativeDraw) negativeStain(canvas, scene, random, mass);
		else {
			float density = (float) Layout.uniform(random, 0.5, 1.2);
			for (int i = 0; i < n; i++) mass[i] += density * canvas.thickness[i];
		}
		illuminate(mass, intensity, scene, random);
		float[] image = defocus(intensity, scene, random);
		shotNoise(image, random);
		image = GaussianBlur.blur(image, size, 0.6);
		displayWindow(image);
		return new GreyImage(size, size, image);
	}

	/** Stain thickness: a mean level times (1 + broad mottling + patches + fine grain). */
	private static float[] stain(Scene scene, SplittableRandom random) {
		int size = scene.size();
		double level = Layout.uniform(random, 0.9, 1.6);
		float[] broad = ValueNoise.field(size, Math.max(8, scene.px(Layout.uniform(random, 50, 100))), random);
		float[] patches = ValueNoise.field(size, Math.max(4, scene.px(Layout.uniform(random, 10, 25))), random);
		double grainSigma = Math.max(0.6, scene.px(0.8));
		float[] white = new float[size * size];
		for (int i = 0; i < white.length; i++) white[i] = (float) random.nextGaussian();
		float[] grain = GaussianBlur.blur(white, size, grainSigma);
		// blurred unit white noise has standard deviation 1 / (2 sqrt(pi) sigma); bring it back to 1
		float grainGain = (float) (2 * Math.sqrt(Math.PI) * grainSigma);
		float a = (float) Layout.uniform(random, 0.04, 0.12), b = (float) Layout.uniform(random, 0.02, 0.07);
		float c = (float) Layout.uniform(random, 0.03, 0.08) * grainGain;
		float[] mass = new float[size * size];
		for (int i = 0; i < mass.length; i++)
			mass[i] = (float) level * Math.max(0.05f, 1 + a * broad[i] + b * patches[i] + c * grain[i]);
		return mass;
	}

	/** Stain aggregates and specks that are not wires (and so not in the mask): round blobs, denser or thinner. */
	private static void addDebris(float[] mass, Scene scene, SplittableRandom random) {
		int size = scene.size();
		int count = (int) Math.round(Layout.uniform(random, 3, 30) / (scene.magnification() * scene.magnification()));
		for (int k = 0; k < count; k++) {
			double cx = random.nextDouble() * size, cy = random.nextDouble() * size;
			double r = Math.max(0.7, scene.px(Layout.uniform(random, 0.8, 3.5)));
			double amp = Layout.uniform(random, -0.3, 0.7);
			int reach = (int) Math.ceil(3 * r);
			for (int y = Math.max(0, (int) cy - reach); y <= Math.min(size - 1, (int) cy + reach); y++)
				for (int x = Math.max(0, (int) cx - reach); x <= Math.min(size - 1, (int) cx + reach); x++) {
					double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
					mass[y * size + x] += (float) (amp * StrictMath.exp(-d2));
				}
		}
	}

	/** Wires push stain aside (less mass over them) and stain pools in a thin dark rim along their edges. */
	private static void negativeStain(WireCanvas canvas, Scene scene, SplittableRandom random, float[] mass) {
		float exclusion = (float) Layout.uniform(random, 0.45, 0.85);
		float rim = (float) Layout.uniform(random, 0.1, 0.35);
		double rimWidth = Math.max(0.8, scene.px(Layout.uniform(random, 0.8, 2.0)));
		float inv = (float) (1 / (rimWidth * rimWidth));
		for (int i = 0; i < mass.length; i++) {
			float m = mass[i] * (1 - Math.min(0.95f, exclusion * canvas.thickness[i]));
			float e = canvas.edge[i];
			if (canvas.mask[i] == 0 && e != Float.POSITIVE_INFINITY) m += mass[i] * rim * (float) StrictMath.exp(-e * e * inv);
			mass[i] = m;
		}
	}

	/** Uneven illumination: a tilt across the field and a vignette around an off-centre point. */
	private static void illuminate(float[] mass, float[] intensity, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double gx = Layout.uniform(random, -0.3, 0.3), gy = Layout.uniform(random, -0.3, 0.3);
		double vignette = Layout.uniform(random, 0, 0.5);
		double cx = Layout.uniform(random, 0.3, 0.7), cy = Layout.uniform(random, 0.3, 0.7);
		for (int y = 0; y < size; y++) {
			double v = y / (double) size;
			for (int x = 0; x < size; x++) {
				double u = x / (double) size;
				double light = 1 + gx * (u - 0.5) + gy * (v - 0.5) - vignette * ((u - cx) * (u - cx) + (v - cy) * (v - cy));
				intensity[y * size + x] = (float) (light * StrictMath.exp(-mass[y * size + x]));
			}
		}
	}

	/** Defocus blur plus a fringe: a little of the difference from a wider blur, which rings at edges as Fresnel fringes do. */
	private static float[] defocus(float[] intensity, Scene scene, SplittableRandom random) {
		int size = scene.size();
		double sigma = Math.max(0.4, scene.px(Layout.uniform(random, 0.3, 1.1)));
		float fringe = (float) Layout.uniform(random, 0, 0.6);
		float[] sharp = GaussianBlur.blur(intensity, size, sigma);
		float[] wide = GaussianBlur.blur(intensity, size, 2 * sigma);
		for (int i = 0; i < sharp.length; i++) sharp[i] += fringe * (sharp[i] - wide[i]);
		return sharp;
	}

	/**
	 * Poisson-like counting noise: variance proportional to intensity, at a dose of 400 to 2000 electrons per pixel (a
	 * survey image's; at 40-400 the noise hid the thinner wires from every feature the demo compares).
	 */
	private static void shotNoise(float[] image, SplittableRandom random) {
		double dose = StrictMath.exp(Layout.uniform(random, StrictMath.log(400), StrictMath.log(2000)));
		for (int i = 0; i < image.length; i++) {
			double v = Math.max(0, image[i]);
			image[i] = (float) (v + Math.sqrt(v / dose) * random.nextGaussian());
		}
	}

	/** Maps the 0.2 and 99.8 percentiles to 0.02 and 0.98 and clips, as auto-contrast on a camera would. */
	private static void displayWindow(float[] image) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float v : image) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (!(max > min)) {
			Arrays.fill(image, 0.5f);
			return;
		}
		int bins = 4096;
		int[] histogram = new int[bins];
		float binWidth = (max - min) / bins;
		for (float v : image) histogram[Math.min(bins - 1, (int) ((v - min) / binWidth))]++;
		float low = percentile(histogram, 0.002 * image.length, min, binWidth);
		float high = percentile(histogram, 0.998 * image.length, min, binWidth);
		float gain = high > low ? 0.96f / (high - low) : 1;
		for (int i = 0; i < image.length; i++) image[i] = Math.max(0, Math.min(1, 0.02f + (image[i] - low) * gain));
	}

	private static float percentile(int[] histogram, double rank, float min, float binWidth) {
		long seen = 0;
		for (int b = 0; b < histogram.length; b++) {
			seen += histogram[b];
			if (seen >= rank) return min + (b + 0.5f) * binWidth;
		}
		return min + histogram.length * binWidth;
	}
}
