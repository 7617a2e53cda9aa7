package org.ssltem.interop;

import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which source tensor goes into which SSL-TEM encoder variable. SSL-TEM names its ResNet variables as Keras names
 * the layers ({@code conv2_block1_1_conv.kernel}, {@code conv1_bn.moving_mean}), so Keras tensors map by name; PyTorch's
 * torchvision names are renamed ({@code layer1.0.conv1.weight} → {@code conv2_block1_1_conv.kernel}, {@code bn} weight,
 * bias, running_mean, running_var → gamma, beta, moving_mean, moving_variance, {@code downsample.0/1} → {@code _0_conv/_0_bn})
 * and their convolution kernels transposed from OIHW to HWIO.
 *
 * <p>SSL-TEM's convolutions have no bias (each feeds a batch norm). A source convolution bias {@code b} (Keras
 * Applications' ResNet50 has them) is folded into the next batch norm: in inference {@code BN(conv + b)} with moving
 * mean {@code m} equals {@code BN(conv)} with moving mean {@code m - b}, and batch statistics remove it anyway.
 */
public final class ResNetWeightMapping {

	/** One variable's new value and where it came from. */
	public record Assignment(String variable, String source, long[] shape, float[] values, String transform) {}

	/** The mapping of a whole file: assignments by variable, source tensors left out and why. */
	public record Mapping(Architecture architecture, String keyPrefix, Map<String, Assignment> assignments, List<String> ignored,
		List<String> folded) {}

	private static final Pattern TORCH_STEM_CONV = Pattern.compile("conv1\\.(weight|bias)");
	private static final Pattern TORCH_STEM_BN = Pattern.compile("bn1\\.(\\w+)");
	private static final Pattern TORCH_BLOCK = Pattern.compile("layer(\\d)\\.(\\d+)\\.(conv(\\d)|bn(\\d)|downsample\\.([01]))\\.(\\w+)");
	private static final Pattern KERAS_BLOCK = Pattern.compile("conv(\\d)_block(\\d+)_(\\d)_conv\\.kernel");

	private ResNetWeightMapping() {}

	// ---- PyTorch (torchvision) ----------------------------------------------------------------------------------

	/**
	 * @param prefix the key prefix of the encoder's tensors ({@code state_dict.module.encoder_q.}), or null to find it
	 * @param arch   null to take the architecture the tensors describe
	 */
	public static Mapping fromTorch(Path file, Map<String, SourceTensor> tensors, String prefix, Architecture arch) {
		String p = torchPrefix(file, tensors, prefix);
		Map<String, SourceTensor> own = new LinkedHashMap<>();
		List<String> ignored = new ArrayList<>();
		tensors.forEach((name, t) -> {
			if (name.startsWith(p)) own.put(name.substring(p.length()), t);
			else ignored.add(name + " (outside the encoder's prefix '" + p + "')");
		});
		boolean bottleneck = own.containsKey("layer1.0.conv3.weight");
		Architecture found = architecture(file, true, bottleneck, blockCounts(own.keySet(), TORCH_BLOCK, 1, 0));
		checkRequested(file, arch, found);

		Map<String, SourceTensor> renamed = new LinkedHashMap<>();
		Map<String, String> transforms = new LinkedHashMap<>();
		own.forEach((n, t) -> {
			String target = torchTarget(n);
			if (target == null) {
				ignored.add(p + n + (n.startsWith("fc.") ? " (classification head)" : n.endsWith("num_batches_tracked") ? " (batch counter)" : " (not part of the ResNet encoder)"));
				return;
			}
			renamed.put(target, t);
			transforms.put(target, t.shape().length == 4 ? "oihw_to_hwio" : "copy");
		});
		return assemble(file, found, p, renamed, transforms, ignored);
	}

	/** torchvision name → SSL-TEM variable, or null for tensors the encoder has no variable for. */
	static String torchTarget(String n) {
		Matcher m = TORCH_STEM_CONV.matcher(n);
		if (m.matches()) return "conv1_conv." + (m.group(1).equals("weight") ? "kernel" : "bias");
		m = TORCH_STEM_BN.matcher(n);
		if (m.matches()) return bn("conv1_bn", m.group(1));
		m = TORCH_BLOCK.matcher(n);
		if (!m.matches()) return null;
		String block = "conv" + (Integer.parseInt(m.group(1)) + 1) + "_block" + (Integer.parseInt(m.group(2)) + 1);
		String field = m.group(7);
		if (m.group(4) != null) return conv(block + "_" + m.group(4) + "_conv", field);
		if (m.group(5) != null) return bn(block + "_" + m.group(5) + "_bn", field);
		return m.group(6).equals("0") ? conv(block + "_0_conv", field) : bn(block + "_0_bn", field);
	}

	private static String conv(String layer, String field) {
		return switch (field) {
			case "weight" -> layer + ".kernel";
			case "bias" -> layer + ".bias";
			default -> null;
		};
	}

	private static String bn(String layer, String field) {
		return switch (field) {
			case "weight" -> layer + ".gamma";
			case "bias" -> layer + ".beta";
			case "running_mean" -> layer + ".moving_mean";
			case "running_var" -> layer + ".moving_variance";
			default -> null;
		};
	}

	/** The prefix before {@code conv1.weight} of the (one) torchvision ResNet in the file. */
	private static String torchPrefix(Path file, Map<String, SourceTensor> tensors, String given) {
		TreeSet<String> candidates = new TreeSet<>();
		for (String k : tensors.keySet())
			if (k.endsWith("conv1.weight")) {
				String p = k.substring(0, k.length() - "conv1.weight".length());
				if (tensors.containsKey(p + "layer1.0.conv1.weight") && tensors.containsKey(p + "bn1.weight")) candidates.add(p);
			}
		if (given != null && !given.isBlank()) {
			String g = given.trim().isEmpty() || given.trim().endsWith(".") ? given.trim() : given.trim() + ".";
			if (!candidates.contains(g))
				throw UserInputException.option("prefix '" + given + "' does not lead to a ResNet in " + file + (candidates.isEmpty() ? "" : "; it has " + quoted(candidates)),
					candidates.isEmpty() ? "pass a torchvision ResNet state dict" : "pass {{prefix}} " + quoted(candidates).split(", ")[0]);
			return g;
		}
		if (candidates.isEmpty())
			throw UserInputException.about(file, "holds no torchvision ResNet (no conv1.weight with layer1.0.conv1.weight and bn1.weight beside it; "
				+ tensors.size() + " tensors, e.g. " + String.join(", ", tensors.keySet().stream().limit(5).toList()) + ")",
				"pass a state dict of a torchvision resnet18 or resnet50 (torch.save(model.state_dict(), f))");
		if (candidates.size() == 1) return candidates.first();
		// MoCo keeps a query encoder and its momentum copy; the query encoder is the one its authors transfer
		List<String> query = candidates.stream().filter(c -> c.contains("encoder_q.")).toList();
		if (query.size() == 1) return query.get(0);
		throw UserInputException.about(file, "holds several ResNets (" + quoted(candidates) + ")", "choose one with {{prefix}}, e.g. {{prefix}} " + candidates.first());
	}

	private static String quoted(java.util.Collection<String> c) {
		return String.join(", ", c.stream().map(s -> s.isEmpty() ? "'' (top level)" : s).toList());
	}

	// ---- Keras ---------------------------------------------------------------------------------------------------

	public static Mapping fromKeras(Path file, Map<String, SourceTensor> tensors, Architecture arch) {
		boolean bottleneck = tensors.containsKey("conv2_block1_3_conv.kernel");
		int[] blocks = blockCounts(tensors.keySet(), KERAS_BLOCK, 2, 1);
		if (!tensors.containsKey("conv1_conv.kernel"))
			throw UserInputException.about(file, "holds no Keras ResNet layer conv1_conv (it has " + String.join(", ", tensors.keySet().stream().limit(6).toList())
				+ (tensors.size() > 6 ? ", …" : "") + ")", "pass weights of keras.applications.ResNet50 or of a model that contains it (layer names conv1_conv, conv2_block1_1_conv, …)");
		Architecture found = architecture(file, false, bottleneck, blocks);
		checkRequested(file, arch, found);
		Map<String, SourceTensor> named = new LinkedHashMap<>();
		Map<String, String> transforms = new LinkedHashMap<>();
		List<String> ignored = new ArrayList<>();
		tensors.forEach((n, t) -> {
			if (isResNetLayer(n)) {
				named.put(n, t);
				transforms.put(n, "copy");
			}
			else ignored.add(t.name() + " (not part of the ResNet encoder)");
		});
		return assemble(file, found, "", named, transforms, ignored);
	}

	private static boolean isResNetLayer(String n) {
		return n.startsWith("conv1_conv.") || n.startsWith("conv1_bn.") || n.matches("conv\\d_block\\d+_\\d_(conv|bn)\\.\\w+");
	}

	// ---- shared ----------------------------------------------------------------------------------------------------

	/**
	 * Blocks in each of the four stages, from names whose {@code pattern} groups 1 and 2 are the stage and block numbers,
	 * counted from {@code firstStage} and {@code firstBlock} (torchvision: layer1.0, Keras: conv2_block1).
	 */
	private static int[] blockCounts(Iterable<String> names, Pattern pattern, int firstStage, int firstBlock) {
		int[] blocks = new int[4];
		for (String n : names) {
			Matcher m = pattern.matcher(n);
			if (!m.matches()) continue;
			int stage = Integer.parseInt(m.group(1)) - firstStage;
			if (stage >= 0 && stage < 4) blocks[stage] = Math.max(blocks[stage], Integer.parseInt(m.group(2)) - firstBlock + 1);
		}
		return blocks;
	}

	private static Architecture architecture(Path file, boolean torchvision, boolean bottleneck, int[] blocks) {
		for (Architecture a : Architecture.values())
			if (a.torchvision == torchvision && a.bottleneck == bottleneck && Arrays.equals(a.blocksPerStage, blocks)) return a;
		throw UserInputException.about(file, "holds a ResNet with " + (bottleneck ? "bottleneck" : "basic") + " blocks " + blocks[0] + "-" + blocks[1] + "-" + blocks[2]
			+ "-" + blocks[3] + ", which SSL-TEM does not build", "import a ResNet18 (basic blocks 2-2-2-2) or ResNet50 (bottleneck blocks 3-4-6-3)");
	}

	private static void checkRequested(Path file, Architecture requested, Architecture found) {
		if (requested != null && requested != found)
			throw UserInputException.option("{{arch}} " + requested.key + " does not match " + file + ", which holds a " + found.key,
				"pass {{arch}} " + found.key.replace("-torchvision", "") + " or {{arch}} auto");
	}

	/** Applies the transforms and folds convolution biases into the following batch norm's moving mean. */
	private static Mapping assemble(Path file, Architecture arch, String prefix, Map<String, SourceTensor> byTarget, Map<String, String> transforms,
		List<String> ignored)
	{
		Map<String, Assignment> out = new LinkedHashMap<>();
		Map<String, SourceTensor> biases = new LinkedHashMap<>();
		byTarget.forEach((target, t) -> {
			if (target.endsWith("_conv.bias")) {
				biases.put(target, t);
				return;
			}
			if (!t.floating())
				throw UserInputException.about(file, "tensor " + t.name() + " holds " + t.dtype() + " values where " + target + " needs floating point", "pass the model's weights");
			String transform = transforms.get(target);
			if (transform.equals("oihw_to_hwio") && t.shape().length == 4) out.put(target, oihwToHwio(target, t));
			else out.put(target, new Assignment(target, t.name(), t.shape(), t.values(), transform));
		});
		List<String> folded = new ArrayList<>();
		biases.forEach((bias, t) -> {
			String meanName = bias.substring(0, bias.length() - "_conv.bias".length()) + "_bn.moving_mean";
			Assignment mean = out.get(meanName);
			if (mean == null || mean.values().length != t.values().length) {
				ignored.add(t.name() + " (a convolution bias without a matching batch norm " + meanName + ")");
				return;
			}
			float[] v = mean.values().clone();
			for (int i = 0; i < v.length; i++) v[i] -= t.values()[i];
			out.put(meanName, new Assignment(meanName, mean.source() + " - " + t.name(), mean.shape(), v, "minus convolution bias"));
			folded.add(t.name() + " into " + meanName);
		});
		return new Mapping(arch, prefix, out, ignored, folded);
	}

	private static Assignment oihwToHwio(String target, SourceTensor t) {
		long[] s = t.shape();
		int o = (int) s[0], i = (int) s[1], h = (int) s[2], w = (int) s[3];
		float[] in = t.values(), out = new float[in.length];
		for (int oo = 0; oo < o; oo++)
			for (int ii = 0; ii < i; ii++)
				for (int hh = 0; hh < h; hh++)
					for (int ww = 0; ww < w; ww++)
						out[((hh * w + ww) * i + ii) * o + oo] = in[((oo * i + ii) * h + hh) * w + ww];
		return new Assignment(target, t.name(), new long[] { h, w, i, o }, out, "OIHW to HWIO");
	}
}
