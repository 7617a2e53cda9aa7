package org.ssltem.export;

import ij.process.ImageProcessor;
import org.ssltem.core.UserInputException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How raw pixel values become the network's grey values in [0,1], the way SSL-TEM reads images
 * ({@code data.ImageFiles#toGrey}): 8-bit divided by 255, 16-bit by 65535, 32-bit stretched from its minimum to its
 * maximum. As a bioimage.io preprocessing step that is {@code scale_linear} with the gain 1/255 or 1/65535, or
 * {@code scale_range} over the 0th to 100th percentile of the image.
 */
record InputScaling(int bitDepth) {

	/** bioimage.io's epsilon in scale_range: (x - min) / (max - min + eps). */
	static final double EPSILON = 1e-6;

	static InputScaling of(ImageProcessor ip, Path file) {
		int depth = ip.getBitDepth();
		if (depth != 8 && depth != 16 && depth != 32)
			throw UserInputException.about(file, "is " + (depth == 24 ? "an RGB" : depth + "-bit") + " image; the exported model reads one grey channel",
				"convert the sample to 8-bit, 16-bit or 32-bit greyscale (Image > Type) as the images you will segment are");
		return new InputScaling(depth);
	}

	/** The rdf.yaml preprocessing list. */
	List<Map<String, Object>> preprocessing() {
		Map<String, Object> step = new LinkedHashMap<>();
		Map<String, Object> kwargs = new LinkedHashMap<>();
		if (bitDepth == 32) {
			step.put("id", "scale_range");
			kwargs.put("axes", List.of("y", "x"));
			kwargs.put("min_percentile", 0.0);
			kwargs.put("max_percentile", 100.0);
			kwargs.put("eps", EPSILON);
		}
		else {
			step.put("id", "scale_linear");
			kwargs.put("gain", 1.0 / maximum());
			kwargs.put("offset", 0.0);
		}
		step.put("kwargs", kwargs);
		return List.of(step);
	}

	/** Applies the preprocessing to raw values, as a bioimage.io runner does. */
	float[] apply(float[] raw) {
		float[] out = new float[raw.length];
		if (bitDepth == 32) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (float v : raw) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			for (int i = 0; i < raw.length; i++) out[i] = (float) ((raw[i] - min) / (max - min + EPSILON));
		}
		else {
			double gain = 1.0 / maximum();
			for (int i = 0; i < raw.length; i++) out[i] = (float) (raw[i] * gain);
		}
		return out;
	}

	private double maximum() {
		return bitDepth == 8 ? 255.0 : 65535.0;
	}

	String describe() {
		return bitDepth == 32 ? "32-bit images are stretched from their minimum to their maximum (scale_range, percentiles 0 and 100)"
			: bitDepth + "-bit grey values are divided by " + (long) maximum() + " (scale_linear, gain 1/" + (long) maximum() + ")";
	}
}
