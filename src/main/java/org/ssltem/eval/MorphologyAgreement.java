package org.ssltem.eval;

import org.ssltem.morph.PercolationAnalysis;
import org.ssltem.morph.PercolationResult;

import java.util.List;

/**
 * Whether a predicted mask has the morphology of its truth, as the paper measures morphology
 * ({@link PercolationAnalysis}: DBSCAN eps 2, min_samples 2, at the masks' own size): the pixel density, the number
 * of clusters and percolation. A mask can score a good Dice and still break one wire into dozens of clusters, or
 * add specks that double the density; these numbers show it.
 *
 * <p>An image agrees when its density is within {@link #DENSITY_TOLERANCE} (relative) of the truth's and its cluster
 * count within {@link #CLUSTER_TOLERANCE} of the truth's.
 */
public final class MorphologyAgreement {

	/** Relative density error counted as agreement: |predicted − true| ≤ 20 % of the true density. */
	public static final double DENSITY_TOLERANCE = 0.20;
	/** Cluster-count difference counted as agreement: ±2. */
	public static final int CLUSTER_TOLERANCE = 2;

	/**
	 * One image.
	 *
	 * @param densityError (predicted − true density) / true density; 0 when both are empty, null when only the truth is
	 *                     (no relative error exists; the image does not agree)
	 */
	public record Image(double trueDensity, double predictedDensity, Double densityError, int trueClusters, int predictedClusters,
		int clusterDifference, boolean truePercolates, boolean predictedPercolates, boolean densityAgrees, boolean clustersAgree,
		boolean percolationAgrees) {}

	/**
	 * Over all images: medians of |density error| and |cluster difference|, and the fraction of images whose density,
	 * cluster count, percolation, and both density and cluster count agree.
	 */
	public record Summary(double densityErrorMedian, double clusterDifferenceMedian, double densityWithinFraction, double clustersWithinFraction,
		double densityAndClustersFraction, double percolationAgreementFraction, double densityTolerance, int clusterTolerance) {}

	private MorphologyAgreement() {}

	public static Image of(boolean[] truth, boolean[] predicted, int width, int height) {
		PercolationAnalysis dbscan = new PercolationAnalysis();
		PercolationResult t = dbscan.analyse(truth, width, height), p = dbscan.analyse(predicted, width, height);
		Double error = t.foregroundPixels() == 0 ? (p.foregroundPixels() == 0 ? Double.valueOf(0) : null)
			: Double.valueOf((p.pixelDensity() - t.pixelDensity()) / t.pixelDensity());
		int difference = p.clusters() - t.clusters();
		return new Image(t.pixelDensity(), p.pixelDensity(), error, t.clusters(), p.clusters(), difference, t.percolates(), p.percolates(),
			error != null && Math.abs(error) <= DENSITY_TOLERANCE + 1e-12, Math.abs(difference) <= CLUSTER_TOLERANCE, t.percolates() == p.percolates());
	}

	public static Summary summarise(List<Image> images) {
		double[] density = images.stream().mapToDouble(i -> i.densityError() == null ? Double.MAX_VALUE : Math.abs(i.densityError())).toArray();
		double[] clusters = images.stream().mapToDouble(i -> Math.abs(i.clusterDifference())).toArray();
		return new Summary(SegmentationEvaluation.median(density), SegmentationEvaluation.median(clusters), fraction(images, Image::densityAgrees),
			fraction(images, Image::clustersAgree), fraction(images, i -> i.densityAgrees() && i.clustersAgree()),
			fraction(images, Image::percolationAgrees), DENSITY_TOLERANCE, CLUSTER_TOLERANCE);
	}

	private static double fraction(List<Image> images, java.util.function.Predicate<Image> test) {
		return images.isEmpty() ? Double.NaN : images.stream().filter(test).count() / (double) images.size();
	}
}
