package org.ssltem.api;

import java.nio.file.Path;

/**
 * How to segment an image in memory: the segmenter folder (Train Segmenter's out), its encoder when it moved (null:
 * the one recorded), the tile side and overlap in px, the scale to resample by (0 = the segmenter's training scale,
 * 1 = native size), the mask clean-up sizes in px (0 = off), the device ("auto", "cpu", "gpu") and TensorFlow threads
 * (0 = all cores). The same settings as the {@code segment} operation.
 */
public record SegmentRequest(Path segmenter, Path encoder, int tile, int overlap, double scale, double minComponent, double fillHoles, String device,
	int threads) {

	public static SegmentRequest of(Path segmenter) {
		OperationSpec spec = Operations.SEGMENT;
		return new SegmentRequest(segmenter, null, spec.defaultInt("tile"), spec.defaultInt("overlap"), spec.defaultDouble("scale"),
			spec.defaultDouble("min_component"), spec.defaultDouble("fill_holes"), spec.defaultText("device"), spec.defaultInt("threads"));
	}

	public SegmentRequest withTile(int tile, int overlap) {
		return new SegmentRequest(segmenter, encoder, tile, overlap, scale, minComponent, fillHoles, device, threads);
	}

	public SegmentRequest withDevice(String device, int threads) {
		return new SegmentRequest(segmenter, encoder, tile, overlap, scale, minComponent, fillHoles, device, threads);
	}
}
