package org.ssltem.synthetic;

import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.morph.PercolationAnalysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic negative-stain TEM images of nanowires in the paper's four morphology classes, each with its exact
 * ground-truth mask. Same (morphology, size, seed), same sample: all randomness comes from one seeded stream, and
 * geometry uses {@link StrictMath} so the masks do not depend on the machine.
 *
 * <p>The class definitions hold by construction (see the layouts) and are checked once more on the mask with
 * {@link PercolationAnalysis} at the image's own size: a network must percolate, a dispersed sample must not. A
 * sample that failed the check would be redrawn from a seed derived from the same seed.
 */
public final class SyntheticTemGenerator {

	public static final int MIN_SIZE = 64;
	public static final int MAX_SIZE = 4096;
	/** Per-image magnification, drawn log-uniformly: wire widths and lengths scale with it. */
	public static final double MIN_MAGNIFICATION = 0.7, MAX_MAGNIFICATION = 1.5;
	/** Bumped whenever the same seed starts giving different images (2: one stain per dataset, a survey dose). */
	public static final int VERSION = 2;
	private static final int MAX_ATTEMPTS = 20;

	private final PercolationAnalysis percolation = new PercolationAnalysis();
	private final Stain stain;

	/** Negative stain on every image, as on a real sample series prepared with one protocol. */
	public SyntheticTemGenerator() {
		this(Stain.NEGATIVE);
	}

	public SyntheticTemGenerator(Stain stain) {
		this.stain = Objects.requireNonNull(stain, "stain");
	}

	/** An image in [0,1], its mask (1 = nanowire, 0 = background, row-major, same size) and its class. */
	public record Sample(GreyImage image, byte[] mask, Morphology morphology) {}

	public Sample generate(Morphology morphology, int size, long seed) {
		if (morphology == null)
			throw UserInputException.option("no morphology given", "use one of " + Morphology.keys());
		checkSize(size);
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			SplittableRandom random = new SplittableRandom(Seeds.derive(seed, morphology.key(), attempt));
			Scene scene = new Scene(size, magnification(random));
			WireCanvas canvas = new WireCanvas(size, Micrograph.edgeReach(scene));
			Layout.of(morphology).lay(canvas, scene, random);
			if (isTrueTo(morphology, canvas))
				return new Sample(Micrograph.expose(canvas, scene, stain, random), canvas.mask, morphology);
		}
		throw new IllegalStateException("could not draw a " + morphology + " sample of " + size + " px from seed " + seed
			+ " in " + MAX_ATTEMPTS + " attempts (a bug in the layout)");
	}

	/** Whether the drawn mask meets the class definition: wires present; network percolates; dispersed does not. */
	boolean isTrueTo(Morphology morphology, WireCanvas canvas) {
		if (canvas.isEmpty()) return false;
		return switch (morphology) {
			case NETWORK -> percolation.analyse(canvas.mask, canvas.size, canvas.size, 1).percolates();
			case DISPERSED -> !percolation.analyse(canvas.mask, canvas.size, canvas.size, 1).percolates();
			default -> true;
		};
	}

	public static void checkSize(int size) {
		if (size < MIN_SIZE || size > MAX_SIZE)
			throw UserInputException.option("synthetic image size must be " + MIN_SIZE + " to " + MAX_SIZE + " px, got " + size,
				"choose a size such as 224 (the paper's input size)");
	}

	private static double magnification(SplittableRandom random) {
		return StrictMath.exp(Layout.uniform(random, StrictMath.log(MIN_MAGNIFICATION), StrictMath.log(MAX_MAGNIFICATION)));
	}

	/** What a dataset's synthetic.json records about the generator, so a reader knows what made the images. */
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("generator", SyntheticTemGenerator.class.getName());
		p.put("version", VERSION);
		p.put("stain", stain.key());
		p.put("magnification_range", new double[] { MIN_MAGNIFICATION, MAX_MAGNIFICATION });
		p.put("reference_frame", "lengths are set for a 256 px image at magnification 1 and scaled by size / 256 x magnification");
		for (Morphology m : Morphology.values()) p.put(m.key(), Layout.of(m).description());
		p.put("optics", Micrograph.DESCRIPTION);
		p.put("percolation_check", "DBSCAN eps " + PercolationAnalysis.DEFAULT_EPS + ", min_samples "
			+ PercolationAnalysis.DEFAULT_MIN_SAMPLES + ", span >= size - " + PercolationAnalysis.SPAN_MARGIN + " on both axes");
		return p;
	}
}
