package org.ssltem.train;

import com.google.gson.JsonObject;
import org.ssltem.augment.CropMode;
import org.ssltem.augment.SslAugmenter;
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
 * Everything a pretraining run takes. The defaults are the CPU recipe (what learns on a laptop-class CPU); {@code
 * preset paper} gives the paper's settings. Field names become the snake_case keys of the
 * CLI flags, the Fiji macro keys and the manifest ({@code lossVariant} → {@code loss_variant}).
 */
public final class PretrainConfig implements java.io.Serializable {

	public String images;
	public String out;
	/**
	 * {@code cpu}: the fields as given (their defaults are a recipe that learns within about 30 CPU-minutes on 2
	 * cores). {@code paper}: the paper's settings ({@link #applyPreset}) for every recipe field left at its default.
	 */
	public String preset = "cpu";
	public String method = "simclr";
	public String lossVariant = "paper";
	public String arch = "resnet18";
	public int size = 96;
	public int batch = 32;
	public int epochs = 90;
	public String crop = "randcrop";
	/**
	 * {@code none}: the paper's augmentations; {@code quarter}: views are also turned by a random multiple of 90°
	 * (level on SEM nanofibre classification over three seeds; better classification but worse segmentation of the
	 * synthetic demo images: docs/classification.md).
	 */
	public String rotations = "none";
	/**
	 * Strength of the colour jitter of the views: with probability 0.8 a view's brightness moves by up to ± jitter and
	 * its contrast by a factor 1 ± jitter. The paper's 0.4 (from natural images) teaches the encoder to ignore the grey
	 * levels that tell EM materials apart; 0.1 measured better on SEM nanofibres (docs/classification.md).
	 */
	public double jitter = 0.1;
	public String projector = "128,64,1024";
	public double lr = 1e-3;
	/** {@code adam} (the CPU recipe), {@code sgd} (the paper) or {@code lars}; see {@link WeightUpdates}. */
	public String optimizer = "adam";
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
	/**
	 * Minutes this run may take (0 = no limit): fewer epochs are planned so that the run fits, before it starts from the
	 * measured rates and again from the first epoch's time, and the run ends at an epoch's end if another would overrun.
	 */
	public double timeBudget;

	/** Keys that may change between a run and its resume. */
	static final Set<String> RESUMABLE_CHANGES = Set.of("out", "epochs", "resume", "checkpoint_every", "device", "threads", "time_budget",
		// compared through the settings it resolves to (check() applies it first), so a manifest without one still resumes
		"preset");

	/** Parsed, checked values. Throws {@link UserInputException} naming the option and the fix. */
	public record Checked(SslLoss.Method method, SslLoss.Variant variant, Architecture arch, CropMode crop, boolean quarterTurns, int[] projector,
		Device.Preference device, int threads, WeightUpdates.Settings optimizer) {}

	/** The paper's values (SGD 0.2, Barlow Twins, resnet50 at 224 px, batch 64, 200 epochs). */
	static final PaperRecipe PAPER = new PaperRecipe("barlow", "resnet50", 224, 64, 200, "sgd", 0.2, SslAugmenter.PAPER_BRIGHTNESS);

	record PaperRecipe(String method, String arch, int size, int batch, int epochs, String optimizer, double lr, double jitter) {}

	/**
	 * With {@code preset paper}, every recipe field (method, arch, size, batch, epochs, optimizer, lr, jitter) that still holds
	 * its default (the CPU recipe's value) takes the paper's value; a field set to something else is kept. Returns this.
	 */
	public PretrainConfig applyPreset() {
		String p = preset == null ? "cpu" : preset.trim().toLowerCase(java.util.Locale.ROOT);
		if (p.equals("cpu")) return this;
		if (!p.equals("paper")) throw UserInputException.option("unknown preset '" + preset + "'; valid values: cpu, paper",
			"pass {{preset}} cpu (learns on a laptop-class CPU) or {{preset}} paper (the paper's settings)");
		PretrainConfig cpu = new PretrainConfig();
		if (method.equals(cpu.method)) method = PAPER.method();
		if (arch.equals(cpu.arch)) arch = PAPER.arch();
		if (size == cpu.size) size = PAPER.size();
		if (batch == cpu.batch) batch = PAPER.batch();
		if (epochs == cpu.epochs) epochs = PAPER.epochs();
		if (optimizer.equals(cpu.optimizer)) optimizer = PAPER.optimizer();
		if (lr == cpu.lr) lr = PAPER.lr();
		if (jitter == cpu.jitter) jitter = PAPER.jitter();
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
		boolean turns = switch (rotations == null ? "" : rotations.trim().toLowerCase(java.util.Locale.ROOT)) {
			case "quarter" -> true;
			case "none" -> false;
			default -> throw UserInputException.option("{{rotations}} '" + rotations + "' is not quarter or none",
				"pass {{rotations}} quarter (views turned by multiples of 90°) or {{rotations}} none (the paper)");
		};
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
		if (!(jitter >= 0 && jitter <= 1)) throw UserInputException.option("{{jitter}} " + jitter + " must be between 0 and 1", "pass e.g. {{jitter}} 0.1");
		if (!(timeBudget >= 0) || Double.isInfinite(timeBudget))
			throw UserInputException.option("{{time_budget}} " + timeBudget + " must be 0 (no limit) or a number of minutes", "pass e.g. {{time_budget}} 30");
		WeightUpdates.Settings o = new WeightUpdates.Settings(WeightUpdates.Kind.parse(optimizer), momentum, weightDecay);
		return new Checked(m, v, a, c, turns, p, Device.Preference.parse(device), threads == 0 ? Device.defaultThreads() : threads, o);
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
			// runs recorded before the jitter was a setting used the paper's
			if (before == null && key.equals("jitter")) before = new com.google.gson.JsonPrimitive(SslAugmenter.PAPER_BRIGHTNESS);
			if (before == null || !before.equals(now.get(key)))
				diffs.add("--" + key + " was " + (before == null ? "unset" : before) + ", now " + now.get(key));
		}
		return diffs;
	}
}
