package org.ssltem.annotate;

import ij.gui.Roi;
import ij.process.ByteProcessor;

import java.util.List;
import java.util.Locale;

/**
 * Paints ROIs into an index mask: a ROI named "background…" (e.g. by the ROI Manager's Rename) clears its pixels to 0,
 * any other ROI sets them to 1 (nanowire). ROIs are applied in order, so a later background stroke erases an
 * earlier nanowire one. Works with every ImageJ ROI type, brush strokes (composite ROIs) included.
 */
public final class MaskFromRois {

	private MaskFromRois() {}

	public static final List<String> NAMES = List.of("background", "nanowire");

	public static IndexMask paint(int width, int height, List<Roi> rois) {
		ByteProcessor bp = new ByteProcessor(width, height);
		for (Roi roi : rois) {
			bp.setValue(isBackground(roi) ? 0 : 1);
			if (roi.isLine()) bp.draw(roi);
			else bp.fill(roi);
		}
		int[] labels = new int[width * height];
		byte[] px = (byte[]) bp.getPixels();
		for (int i = 0; i < labels.length; i++) labels[i] = px[i] & 0xff;
		return new IndexMask(width, height, labels, NAMES);
	}

	public static boolean isBackground(Roi roi) {
		String n = roi.getName();
		return n != null && n.toLowerCase(Locale.ROOT).startsWith("background");
	}

}
