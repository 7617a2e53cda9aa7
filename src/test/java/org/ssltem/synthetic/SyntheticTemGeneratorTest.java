package org.ssltem.synthetic;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;
import org.ssltem.synthetic.SyntheticTemGenerator.Sample;
import org.ssltem.morph.PercolationAnalysis;
import org.ssltem.morph.PercolationResult;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticTemGeneratorTest {

	private static final int SEEDS = 10;
	private final SyntheticTemGenerator generator = new SyntheticTemGenerator();
	private final PercolationAnalysis percolation = new PercolationAnalysis();

	@Test
	void sameSeedSameSampleOtherSeedOtherSample() {
		for (Morphology m : Morphology.values()) {
			Sample a = generator.generate(m, 128, 42), b = generator.generate(m, 128, 42);
			assertEquals(a.image(), b.image(), m + " image");
			assertArrayEquals(a.mask(), b.mask(), m + " mask");
			Sample c = generator.generate(m, 128, 43);
			assertFalse(Arrays.equals(a.mask(), c.mask()), m + " masks for seeds 42 and 43");
		}
		assertFalse(Arrays.equals(generator.generate(Morphology.NETWORK, 128, 1).mask(),
			generator.generate(Morphology.DISPERSED, 128, 1).mask()), "classes draw from different streams");
	}

	/**
	 * One seed is one scene under every stain; negative stain shows the wires brighter than the background around them,
	 * dark stain darker, and mixed draws either per image.
	 */
	@Test
	void theStainSetsTheWiresPolarityAndKeepsTheScene() {
		int brighter = 0, darker = 0;
		for (long seed = 0; seed < SEEDS; seed++) {
			Sample negative = new SyntheticTemGenerator(Stain.NEGATIVE).generate(Morphology.NETWORK, 128, seed);
			Sample dark = new SyntheticTemGenerator(Stain.DARK).generate(Morphology.NETWORK, 128, seed);
			Sample mixed = new SyntheticTemGenerator(Stain.MIXED).generate(Morphology.NETWORK, 128, seed);
			assertArrayEquals(negative.mask(), dark.mask(), "seed " + seed);
			assertArrayEquals(negative.mask(), mixed.mask(), "seed " + seed);
			assertTrue(wireContrast(negative) > 0, "negative stain, seed " + seed + ": " + wireContrast(negative));
			assertTrue(wireContrast(dark) < 0, "dark stain, seed " + seed + ": " + wireContrast(dark));
			if (wireContrast(mixed) > 0) brighter++;
			else darker++;
		}
		assertTrue(brighter > 0 && darker > 0, "mixed stain: " + brighter + " bright, " + darker + " dark of " + SEEDS);
		assertEquals(Stain.NEGATIVE, Stain.parse(" Negative "));
		assertThrows(UserInputException.class, () -> Stain.parse("positive"));
		assertEquals(Stain.keys(), org.ssltem.api.Operations.GENERATE.parameter("stain").choices(), "generate's stain choices");
	}

	/** Mean grey level on the wires minus the mean elsewhere. */
	private static double wireContrast(Sample s) {
		double[] io = MaskMeasures.insideOutside(s.image().pixels, s.mask());
		return io[0] - io[1];
	}

	@Test
	void masksAreBinaryNonEmptyAndLabelled() {
		for (Morphology m : Morphology.values())
			for (int size : new int[] { 128, 224 }) {
				Sample s = generator.generate(m, size, 7);
				assertEquals(m, s.morphology());
				assertEquals(size, s.image().width);
				assertEquals(size, s.image().height);
				assertEquals(size * size, s.mask().length);
				int ones = 0;
				for (byte v : s.mask()) {
					assertTrue(v == 0 || v == 1, m + " mask value " + v);
					ones += v;
				}
				assertTrue(ones > 0, m + " mask is empty");
				assertTrue(ones < size * size / 2, m + " mask covers half the image");
			}
	}

	/** The paper's criterion at the image's own size: networks always percolate, dispersed samples never do. */
	@Test
	void networksPercolateAndDispersedSamplesDoNot() {
		for (int size : new int[] { 128, 224 })
			for (int seed = 0; seed < (size == 128 ? SEEDS : 2); seed++) {
				Sample network = generator.generate(Morphology.NETWORK, size, seed);
				assertTrue(analyse(network, size).percolates(), "network " + size + " px seed " + seed);
				Sample dispersed = generator.generate(Morphology.DISPERSED, size, seed);
				PercolationResult r = analyse(dispersed, size);
				assertFalse(r.percolates(), "dispersed " + size + " px seed " + seed);
				assertTrue(r.clusters() >= 5, "dispersed " + size + " px seed " + seed + " has only " + r.clusters() + " wires");
			}
	}

	/** Without the generator's safety net (the check and redraw), the layouts alone meet the class definitions. */
	@Test
	void layoutsMeetTheDefinitionsByConstruction() {
		for (double magnification : new double[] { SyntheticTemGenerator.MIN_MAGNIFICATION, 1, SyntheticTemGenerator.MAX_MAGNIFICATION })
			for (int seed = 0; seed < SEEDS; seed++)
				for (Morphology m : new Morphology[] { Morphology.NETWORK, Morphology.DISPERSED }) {
					Scene scene = new Scene(SyntheticTemGenerator.MIN_SIZE, magnification);
					WireCanvas canvas = new WireCanvas(scene.size(), Micrograph.edgeReach(scene));
					Layout.of(m).lay(canvas, scene, new SplittableRandom(seed));
					assertTrue(generator.isTrueTo(m, canvas), m + " at magnification " + magnification + " seed " + seed);
				}
	}

	/** Singular wires are isolated: each is one DBSCAN cluster, and there are one to three of them. */
	@Test
	void singularSamplesHoldOneToThreeSeparateWires() {
		for (int seed = 0; seed < SEEDS; seed++) {
			PercolationResult r = analyse(generator.generate(Morphology.SINGULAR, 128, seed), 128);
			assertTrue(r.clusters() >= 1 && r.clusters() <= 3, "seed " + seed + ": " + r.clusters() + " clusters");
			assertEquals(0, r.noisePoints(), "seed " + seed);
			assertFalse(r.percolates(), "seed " + seed);
		}
	}

	/** Bundles are aligned: the mask's orientation coherence is clearly above that of any network. */
	@Test
	void bundlesAreMoreAlignedThanNetworks() {
		double weakestBundle = 1, strongestNetwork = 0;
		for (int seed = 0; seed < SEEDS; seed++) {
			weakestBundle = Math.min(weakestBundle, MaskMeasures.coherence(generator.generate(Morphology.BUNDLE, 128, seed).mask(), 128));
			strongestNetwork = Math.max(strongestNetwork, MaskMeasures.coherence(generator.generate(Morphology.NETWORK, 128, seed).mask(), 128));
		}
		assertTrue(weakestBundle > 0.5, "weakest bundle coherence " + weakestBundle);
		assertTrue(weakestBundle > strongestNetwork + 0.2,
			"weakest bundle coherence " + weakestBundle + " vs strongest network " + strongestNetwork);
	}

	/** Images are in [0,1], textured, and the wires stand out from the background by more than its noise. */
	@Test
	void pixelStatisticsArePlausible() {
		for (Morphology m : Morphology.values())
			for (int seed = 0; seed < SEEDS; seed++) {
				Sample s = generator.generate(m, 128, seed);
				for (float v : s.image().pixels) assertTrue(v >= 0 && v <= 1, m + " seed " + seed + " pixel " + v);
				double[] io = MaskMeasures.insideOutside(s.image().pixels, s.mask());
				double meanIn = io[0], meanOut = io[1], sdOut = io[2];
				assertTrue(sdOut > 0.02, m + " seed " + seed + ": background is flat (sd " + sdOut + ")");
				assertTrue(Math.abs(meanIn - meanOut) > 0.5 * sdOut,
					m + " seed " + seed + ": wires " + meanIn + " vs background " + meanOut + " +- " + sdOut);
			}
	}

	@Test
	void refusesSizesOutsideTheRangeAndNoMorphology() {
		assertThrows(UserInputException.class, () -> generator.generate(Morphology.NETWORK, 16, 1));
		assertThrows(UserInputException.class, () -> generator.generate(Morphology.NETWORK, 100_000, 1));
		assertThrows(UserInputException.class, () -> generator.generate(null, 128, 1));
		assertNotEquals(null, generator.generate(Morphology.NETWORK, SyntheticTemGenerator.MIN_SIZE, 1));
	}

	private PercolationResult analyse(Sample s, int size) {
		return percolation.analyse(s.mask(), size, size, 1);
	}
}
