package org.ssltem.nn;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Features averaged over the 8 orientations: the mean of the 8 turned and mirrored images' own features, and the same for a turned image. */
class EncoderOrientationsTest {

	private static final int SIDE = 32;
	private static float[] image;

	@BeforeAll
	static void image() {
		Random r = new Random(3);
		image = new float[SIDE * SIDE];
		// a gradient plus noise: no symmetry that could hide a wrong orientation
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) image[y * SIDE + x] = 0.6f * x / SIDE + 0.3f * y * y / (SIDE * SIDE) + 0.1f * r.nextFloat();
	}

	/** Orientation v: mirrored left-right (bit 0), up-down (bit 1), of the transpose (bit 2); as the graph orders them. */
	private static float[] oriented(float[] src, int v) {
		float[] out = new float[SIDE * SIDE];
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) {
				int sx = (v & 1) != 0 ? SIDE - 1 - x : x, sy = (v & 2) != 0 ? SIDE - 1 - y : y;
				out[y * SIDE + x] = (v & 4) != 0 ? src[sx * SIDE + sy] : src[sy * SIDE + sx];
			}
		return out;
	}

	private static float[] quarterTurn(float[] src) {
		float[] out = new float[SIDE * SIDE];
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) out[y * SIDE + x] = src[(SIDE - 1 - x) * SIDE + y];
		return out;
	}

	private static EncoderGraph graph(boolean orientations) {
		return EncoderGraph.build(Architecture.RESNET18, SIDE, 7L, Device.choose(Device.Preference.CPU).sessionConfig(1), true, orientations);
	}

	@Test
	void theFeaturesAreTheMeanOfTheEightOrientations() {
		float[] averaged, mean;
		try (EncoderGraph all = graph(true); EncoderGraph one = graph(false)) {
			averaged = all.features(image, 1);
			float[] batch = new float[8 * SIDE * SIDE];
			for (int v = 0; v < 8; v++) System.arraycopy(oriented(image, v), 0, batch, v * SIDE * SIDE, SIDE * SIDE);
			float[] each = one.features(batch, 8);
			int width = one.featureWidth;
			assertEquals(width, all.featureWidth);
			mean = new float[width];
			for (int v = 0; v < 8; v++)
				for (int j = 0; j < width; j++) mean[j] += each[v * width + j] / 8;
			// the orientations really differ, so the mean is not any one of them
			double spread = 0;
			for (int j = 0; j < width; j++) spread = Math.max(spread, Math.abs(each[j] - mean[j]));
			assertTrue(spread > 1e-3, "orientations give different features: " + spread);
		}
		for (int j = 0; j < mean.length; j++) assertEquals(mean[j], averaged[j], 1e-4 + 1e-4 * Math.abs(mean[j]), "feature " + j);
	}

	@Test
	void aTurnedOrMirroredImageHasTheSameFeaturesAndImagesInABatchStayApart() {
		float[] turned = quarterTurn(image), other = oriented(quarterTurn(quarterTurn(image)), 1);
		float[] batch = new float[3 * SIDE * SIDE];
		System.arraycopy(image, 0, batch, 0, SIDE * SIDE);
		System.arraycopy(turned, 0, batch, SIDE * SIDE, SIDE * SIDE);
		float[] noise = new float[SIDE * SIDE];
		Random r = new Random(5);
		for (int i = 0; i < noise.length; i++) noise[i] = r.nextFloat();
		System.arraycopy(noise, 0, batch, 2 * SIDE * SIDE, SIDE * SIDE);
		try (EncoderGraph all = graph(true)) {
			int width = all.featureWidth;
			float[] f = all.features(batch, 3), alone = all.features(other, 1);
			double noiseDistance = 0;
			for (int j = 0; j < width; j++) {
				assertEquals(f[j], f[width + j], 1e-4 + 1e-4 * Math.abs(f[j]), "a quarter turn, feature " + j);
				assertEquals(f[j], alone[j], 1e-4 + 1e-4 * Math.abs(f[j]), "a mirrored half turn, feature " + j);
				noiseDistance = Math.max(noiseDistance, Math.abs(f[j] - f[2 * width + j]));
			}
			assertTrue(noiseDistance > 1e-3, "another image in the batch keeps its own features: " + noiseDistance);
		}
	}
}
