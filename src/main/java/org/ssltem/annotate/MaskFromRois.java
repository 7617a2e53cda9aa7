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
		IndexMask mask = new IndexMask(width, height, new int[width * height], NAMES);
		for (Roi roi : rois) paintInto(mask, roi, isBackground(roi) ? 0 : 1);
		return mask;
	}

	/**
	 * Paints one ROI into an existing mask with class {@code index} (0 erases to background): areas are filled, lines
	 * drawn (with their stroke width). Pixels outside the ROI keep their class. Returns the number of pixels painted.
	 */
	public static long paintInto(IndexMask mask, Roi roi, int index) {
		if (index < 0 || index >= mask.names().size())
			throw new IllegalArgumentException("class " + index + " is not one of the mask's " + mask.names().size() + " classes " + mask.names());
		ByteProcessor bp = new ByteProcessor(mask.width(), mask.height());
		bp.setValue(1);
		if (roi.isLine()) bp.draw(roi);
		else bp.fill(roi);
		byte[] px = (byte[]) bp.getPixels();
		int[] labels = mask.labels();
		long n = 0;
		for (int i = 0; i < labels.length; i++)
			if (px[i] != 0) {
				labels[i] = index;
				n++;
			}
		return n;
	}

	public static boolean isBackground(Roi roi) {
		String n = roi.getName();
		return n != null && n.toLowerCase(Locale.ROOT).startsWith("background");
	}

}
