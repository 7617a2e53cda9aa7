package org.ssltem.nn;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the encoder does to the grey input before its first convolution: the image (values in [0,1]) is repeated to
 * three channels, then each channel becomes {@code (x - mean) / std}. Encoders pretrained here use the identity (the
 * paper's input); imported ImageNet-style weights expect their own statistics, which the checkpoint then holds in
 * {@code input_normalisation.mean} and {@code .std}.
 *
 * @param key  how it was chosen: {@code none}, {@code imagenet}, {@code caffe} or {@code custom}
 * @param mean per channel, in the channel order the first convolution sees
 * @param std  per channel
 */
public record InputNormalisation(String key, float[] mean, float[] std, String description) {

	public static final InputNormalisation NONE = new InputNormalisation("none", new float[] { 0, 0, 0 }, new float[] { 1, 1, 1 },
		"grey in [0,1] repeated to three channels, not normalised (the paper's input)");
	/** torchvision's ImageNet statistics (RGB), what PyTorch ResNets and the CEM500K/MicroNet encoders were trained with. */
	public static final InputNormalisation IMAGENET = new InputNormalisation("imagenet", new float[] { 0.485f, 0.456f, 0.406f },
		new float[] { 0.229f, 0.224f, 0.225f }, "grey in [0,1] repeated to RGB, then (x - ImageNet mean) / ImageNet std per channel (torchvision)");
	/**
	 * Keras Applications' "caffe" preprocessing of ResNet50's ImageNet weights: RGB to BGR, 0-255, the ImageNet BGR mean
	 * subtracted, no scaling. As {@code (x - mean) / std} on [0,1]: mean = BGR mean / 255, std = 1/255.
	 */
	public static final InputNormalisation CAFFE = new InputNormalisation("caffe", new float[] { 103.939f / 255f, 116.779f / 255f, 123.68f / 255f },
		new float[] { 1 / 255f, 1 / 255f, 1 / 255f }, "grey in [0,1] repeated to BGR, times 255, minus the ImageNet BGR mean (Keras 'caffe' mode)");

	/**
	 * {@code none}, {@code imagenet}, {@code caffe}, or {@code MEAN/STD} with one value (all channels) or three values
	 * each, e.g. {@code 0.58/0.10} or {@code 0.485,0.456,0.406/0.229,0.224,0.225}.
	 */
	public static InputNormalisation parse(String text) {
		String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "none": return NONE;
			case "imagenet": return IMAGENET;
			case "caffe": return CAFFE;
			default: break;
		}
		String[] parts = t.split("/");
		if (parts.length != 2)
			throw UserInputException.option("normalisation '" + text + "' is not none, imagenet, caffe or MEAN/STD",
				"pass e.g. {{normalisation}} imagenet, or {{normalisation}} 0.58/0.10 for grey statistics");
		float[] mean = channels(parts[0], text), std = channels(parts[1], text);
		for (float s : std)
			if (!(s > 0)) throw UserInputException.option("normalisation '" + text + "': every std must be positive", "pass e.g. {{normalisation}} 0.58/0.10");
		return new InputNormalisation("custom", mean, std, "grey in [0,1] repeated to three channels, then (x - " + Arrays.toString(mean) + ") / "
			+ Arrays.toString(std) + " per channel");
	}

	private static float[] channels(String values, String text) {
		String[] v = values.split(",");
		if (v.length != 1 && v.length != 3)
			throw UserInputException.option("normalisation '" + text + "': give one value or three per side of the '/'", "pass e.g. {{normalisation}} 0.58/0.10");
		float[] out = new float[3];
		try {
			for (int c = 0; c < 3; c++) out[c] = Float.parseFloat(v[v.length == 1 ? 0 : c].trim());
		}
		catch (NumberFormatException e) {
			throw UserInputException.option("normalisation '" + text + "': '" + values + "' is not a number list", "pass e.g. {{normalisation}} 0.58/0.10");
		}
		return out;
	}
}
