package org.ssltem.nn;

import org.ssltem.core.UserInputException;

import java.util.Locale;

/** The encoder architectures we build. Both downsample by 32, so inputs must be multiples of 32. */
public enum Architecture {
	/** Keras ResNet50 layout: bottleneck blocks 3-4-6-3, 2048 features. */
	RESNET50("resnet50", new int[] { 3, 4, 6, 3 }, true, 2048, false),
	/** Basic blocks 2-2-2-2 (He et al. 2016), 512 features, named in the Keras style. */
	RESNET18("resnet18", new int[] { 2, 2, 2, 2 }, false, 512, false),
	/**
	 * torchvision's resnet50 (PyTorch encoders such as CEM500K's): the bottleneck strides on its 3x3 convolution instead
	 * of the first 1x1, 3x3 convolutions pad one pixel on every side, batch norm epsilon 1e-5. Same variable names.
	 */
	RESNET50_TORCHVISION("resnet50-torchvision", new int[] { 3, 4, 6, 3 }, true, 2048, true),
	/** torchvision's resnet18: as {@link #RESNET18} with symmetric padding of the strided 3x3 convolutions and epsilon 1e-5. */
	RESNET18_TORCHVISION("resnet18-torchvision", new int[] { 2, 2, 2, 2 }, false, 512, true);

	public final String key;
	public final int[] blocksPerStage;
	public final boolean bottleneck;
	public final int featureWidth;
	/** torchvision's conventions (stride on the 3x3 convolution, symmetric padding, epsilon 1e-5) rather than Keras'. */
	public final boolean torchvision;

	Architecture(String key, int[] blocksPerStage, boolean bottleneck, int featureWidth, boolean torchvision) {
		this.key = key;
		this.blocksPerStage = blocksPerStage;
		this.bottleneck = bottleneck;
		this.featureWidth = featureWidth;
		this.torchvision = torchvision;
	}

	/** Batch norm epsilon of the encoder: Keras' 1.001e-5 or PyTorch's 1e-5. */
	public float bnEpsilon() {
		return torchvision ? 1e-5f : ResNet.BN_EPSILON;
	}

	public static Architecture parse(String s) {
		return parse(s, "{{arch}} ");
	}

	/** @param option how the user gives an architecture, for the fix: "{{arch}} " or "{{encoder}} random:" */
	public static Architecture parse(String s, String option) {
		String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		for (Architecture a : values())
			if (a.key.equals(k)) return a;
		throw UserInputException.option("unknown architecture '" + s + "'; valid values: "
			+ String.join(", ", java.util.Arrays.stream(values()).map(a -> a.key).toList()), "pass " + option + "resnet50 or " + option + "resnet18");
	}

	/** Name of the block output at the end of stage {@code stage} (2..5), e.g. conv4_block6_out. */
	public String stageOutput(int stage) {
		return "conv" + stage + "_block" + blocksPerStage[stage - 2] + "_out";
	}

	/** Checks an input side length, with a message a user can act on. */
	public static void checkInputSize(int size) {
		checkInputSize(size, "{{size}}");
	}

	/** @param option the parameter that gave the size, marked as a key: {@code {{size}}}, {@code {{tile}}}, {@code {{random_size}}} */
	public static void checkInputSize(int size, String option) {
		if (size < 32 || size % 32 != 0)
			throw UserInputException.option(option + " " + size + " is not a positive multiple of 32 (the encoder halves it five times)",
				"use " + option + " 64, 96, 128, 224, ... (e.g. " + option + " " + Math.max(32, Math.round(size / 32.0f) * 32) + ")");
	}
}
