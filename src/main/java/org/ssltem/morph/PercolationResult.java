package org.ssltem.morph;

import java.util.List;

/**
 * What {@link PercolationAnalysis} found in one mask: the paper's pixel density, the DBSCAN clusters of foreground
 * pixels, and whether one of them spans the image.
 *
 * @param foregroundPixels    pixels that match the foreground rule
 * @param pixelDensity        foreground pixels / all pixels
 * @param clusters            number of DBSCAN clusters (noise excluded)
 * @param noisePoints         foreground pixels DBSCAN labels as noise (-1)
 * @param largestCluster      pixels in the largest cluster, 0 when there is none
 * @param percolatingClusters clusters that span the image along both axes
 * @param percolates          at least one cluster percolates
 * @param perCluster          one entry per cluster, in DBSCAN's label order
 */
public record PercolationResult(int width, int height, int foregroundPixels, double pixelDensity, int clusters,
	int noisePoints, int largestCluster, int percolatingClusters, boolean percolates, List<Cluster> perCluster) {

	public PercolationResult {
		perCluster = List.copyOf(perCluster);
	}

	/**
	 * One DBSCAN cluster: its label (0, 1, ... in the order scikit-learn numbers them), its size in pixels and its
	 * bounding box in (row, col), inclusive.
	 */
	public record Cluster(int label, int size, int minRow, int minCol, int maxRow, int maxCol, boolean percolates) {

		/** Extent along the rows as the percolation criterion measures it: max - min (see PercolationAnalysis). */
		public int rowSpan() {
			return maxRow - minRow;
		}

		public int colSpan() {
			return maxCol - minCol;
		}
	}
}
