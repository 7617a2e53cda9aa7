package org.ssltem.data;

import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.LabkitFiles;
import org.ssltem.core.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The labels of one image for training, from any mask a user may have: an index image (PNG or TIFF; 255 marks
 * unlabelled pixels of a sparse mask, {@link MaskRule#labelsOf}), a Labkit {@code .labeling}, or a Labkit index
 * {@code .tif} with its {@code .tif.labels}. Labkit labels map by name: "background" is class 0, the others 1, 2, ... in
 * the file's order; Labkit's unlabelled pixels stay unlabelled ({@link MaskRule#UNLABELLED}) and do not train.
 */
public final class SparseMasks {

	/** The Labkit labeling ending, accepted beside the image endings as a mask. */
	public static final String LABELING = ".labeling";

	private SparseMasks() {}

	public static boolean isMaskFile(Path p) {
		return ImageFiles.isImageFile(p) || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(LABELING);
	}

	/** Class per pixel (0..C−1) or {@link MaskRule#UNLABELLED}, for an image of {@code width × height}. */
	public static int[] read(Path mask, int width, int height, MaskRule rule) {
		String name = mask.getFileName().toString().toLowerCase(Locale.ROOT);
		boolean labeling = name.endsWith(LABELING), labkitTif = !labeling && Files.exists(mask.resolveSibling(mask.getFileName() + ".labels"));
		if (!labeling && !labkitTif) {
			int[] wh = new int[2];
			int[] raw = ImageFiles.readLabels(mask, wh);
			checkSize(mask, wh[0], wh[1], width, height);
			return rule.labelsOf(raw, wh[0], mask);
		}
		IndexMask m;
		try {
			m = labeling ? LabkitFiles.readLabeling(mask, width, height) : LabkitFiles.readIndexTif(mask);
		}
		catch (IllegalArgumentException e) {
			throw UserInputException.about(mask, e.getMessage().replace(mask + ": ", ""), "export the labeling again from Labkit for this image");
		}
		checkSize(mask, m.width(), m.height(), width, height);
		int[] labels = m.labels();
		for (int i = 0; i < labels.length; i++) {
			int v = labels[i];
			if (v == IndexMask.UNLABELLED) labels[i] = MaskRule.UNLABELLED;
			else if (v >= rule.classes())
				throw UserInputException.about(mask, "has the label '" + m.names().get(v) + "', class " + v + " in the file's order " + m.names()
					+ ", but the task has " + rule.classes() + " classes", "pass {{classes}} " + m.names().size() + ", or merge the labels in Labkit");
		}
		return labels;
	}

	private static void checkSize(Path mask, int w, int h, int width, int height) {
		if (w != width || h != height)
			throw UserInputException.about(mask, "is " + w + "×" + h + " but its image is " + width + "×" + height, "give each mask the size of its image");
	}
}
