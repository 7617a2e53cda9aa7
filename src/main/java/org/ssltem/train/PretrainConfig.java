package org.ssltem.train;

import com.google.gson.JsonObject;
import org.ssltem.augment.CropMode;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.Projector;
import org.ssltem.nn.SslLoss;
import org.ssltem.nn.WeightUpdates;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything a pretraining run takes, with the paper's defaults. Field names become the snake_case keys of the
 * CLI flags, the Fiji macro keys and the manifest ({@code lossVariant} → {@code loss_variant}).
 */
public final class PretrainConfig implements java.io.Serializable {

	public String images;
	public String out;
	/**
	 * {@code paper}: the fields as given (their defaults are the paper's). {@code cpu}: a recipe that learns within
	 * about 30 CPU-minutes on 2 cores ({@link #applyPreset}); fields still at the paper's default take the recipe's value.
	 */
	public String preset = "paper";
	public String method = "barlow";
	public String lossVariant = "paper";
	public String arch = "resnet50";
	public int size = 224;
	public int batch = 64;
	public int epochs = 200;
	public String crop = "randcrop";
	public String projector = "128,64,1024";
	public double lr = 0.2;
	/** {@code sgd} (the paper), {@code adam} or {@code lars}; see {@link WeightUpdates}. */
	public String optimizer = "sgd";
	/** Heavy-ball momentum for sgd and lars (0 = none, the paper). */
	public double momentum = 0.0;
	/** L2 weight decay added to the gradients of weights (not biases or batch norm). */
	public double weightDecay = 0.0;
	public long seed = 0;
	public int checkpointEvery = 10;
	public boolean resume;
	/** 0 = all images. */
	public int maxImages;
	/** 0 = no tiling; else cut images into tiles of this side before use. */
	public int tile;
	public double temperature = 0.1;
	public double lambda = 0.005;
	public String device = "auto";
	/** 0 = all cores. */
	public int threads;

	/** Keys that may change between a run and its resume. */
	static final Set<String> RESUMABLE_CHANGES = Set.of("out", "epochs", "resume", "checkpoint_every", "device", "threads",
		// compared through the settings it resolves to (check() applies it first), so a manifest without one still resumes
		"preset");

	/** Parsed, checked values. Throws {@link UserInputException} naming the option and the fix. */
	public record Checked(SslLoss.Method method, SslLoss.Variant variant, Architecture arch, CropMode crop, int[] projector,
		Device.Preference device, int threads, WeightUpdates.Settings optimizer) {}

	/** The CPU recipe's values (docs/classification.md has the measurements behind them). */
	static final PretrainConfig CPU = cpuRecipe();

	private static PretrainConfig cpuRecipe() {
		PretrainConfig c = new PretrainConfig();
		c.method = "simclr";
		c.arch = "resnet18";
		c.size = 96;
		c.batch = 32;
		c.epochs = 30;
		c.optimizer = "adam";
		c.lr = 1e-3;
		return c;
	}

	/**
	 * With {@code preset cpu}, every recipe field (method, arch, size, batch, epochs, optimizer, lr) that still holds
	 * the paper's default takes the CPU recipe's value; a field set to something else is kept. Returns this.
	 */
	public PretrainConfig applyPreset() {
		String p = preset == null ? "paper" : preset.trim().toLowerCase(java.util.Locale.ROOT);
		if (p.equals("paper")) return this;
		if (!p.equals("cpu")) throw UserInputException.option("unknown preset '" + preset + "'; valid values: paper, cpu",
			"pass {{preset}} cpu (learns on a laptop-class CPU) or {{preset}} paper (the paper's settings)");
		PretrainConfig paper = new PretrainConfig();
		if (method.equals(paper.method)) method = CPU.method;
		if (arch.equals(paper.arch)) arch = CPU.arch;
		if (size == paper.size) size = CPU.size;
		if (batch == paper.batch) batch = CPU.batch;
		if (epochs == paper.epochs) epochs = CPU.epochs;
		if (optimizer.equals(paper.optimizer)) optimizer = CPU.optimizer;
		if (lr == paper.lr) lr = CPU.lr;
		return this;
	}

	public Checked check() {
		applyPreset();
		if (images == null || images.isBlank()) throw UserInputException.option("no images folder given", "pass {{images}} DIR");
		if (out == null || out.isBlank()) throw UserInputException.option("no output folder given", "pass {{out}} DIR");
		SslLoss.Method m = SslLoss.Method.parse(method);
		SslLoss.Variant v = SslLoss.Variant.parse(lossVariant);
		Architecture a = Architecture.parse(arch);
		CropMode c = CropMode.parse(crop);
		int[] p = Projector.parseSizes(projector);
		Architecture.checkInputSize(size);
		if (batch < 2) throw UserInputException.option("{{batch}} " + batch + " is too small: both losses compare images within a batch", "use {{batch}} 2 or more (the paper uses 64)");
		if (epochs < 1) throw UserInputException.option("{{epochs}} " + epochs + " must be at least 1", "pass e.g. {{epochs}} 200");
		if (!(lr > 0) || Double.isInfinite(lr)) throw UserInputException.option("{{lr}} " + lr + " must be a positive number", "pass e.g. {{lr}} 0.2");
		if (checkpointEvery < 1) throw UserInputException.option("{{checkpoint_every}} " + checkpointEvery + " must be at least 1", "pass e.g. {{checkpoint_every}} 10");
		if (maxImages < 0) throw UserInputException.option("{{max_images}} must be 0 (all) or more", "pass e.g. {{max_images}} 500");
		if (tile != 0 && tile < size) throw UserInputException.option("{{tile}} " + tile + " is smaller than {{size}} " + size, "use {{tile}} 0 (no tiling) or a tile ≥ the input size");
		if (!(temperature > 0)) throw UserInputException.option("{{temperature}} must be positive", "pass e.g. {{temperature}} 0.1");
		if (!(lambda >= 0)) throw UserInputException.option("{{lambda}} must be zero or positive", "pass e.g. {{lambda}} 0.005");
		if (threads < 0) throw UserInputException.option("{{threads}} must be 0 (all cores) or more", "pass e.g. {{threads}} 2");
		WeightUpdates.Settings o = new WeightUpdates.Settings(WeightUpdates.Kind.parse(optimizer), momentum, weightDecay);
		return new Checked(m, v, a, c, p, Device.Preference.parse(device), threads == 0 ? Device.defaultThreads() : threads, o);
	}

	public static PretrainConfig copyOf(PretrainConfig c) {
		return EncoderManifest.GSON.fromJson(c.toJson(), PretrainConfig.class);
	}

	public JsonObject toJson() {
		return EncoderManifest.GSON.toJsonTree(this).getAsJsonObject();
	}

	/** Names the settings that differ from an earlier run's, ignoring those a resume may change. */
	public List<String> differencesFrom(JsonObject earlier) {
		JsonObject now = toJson();
		List<String> diffs = new ArrayList<>();
		for (String key : now.keySet()) {
			if (RESUMABLE_CHANGES.contains(key)) continue;
			var before = earlier.get(key);
			if (before == null || !before.equals(now.get(key)))
				diffs.add("--" + key + " was " + (before == null ? "unset" : before) + ", now " + now.get(key));
		}
		return diffs;
	}
}
