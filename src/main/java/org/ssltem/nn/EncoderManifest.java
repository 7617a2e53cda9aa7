package org.ssltem.nn;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.FileDigest;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}, next to an encoder's checkpoints: everything needed to use, reproduce or resume it.
 * It is the commit point of a run: written atomically after each checkpoint, naming the checkpoint folder that
 * holds the weights, so a reader never sees a manifest that points to a half-written checkpoint.
 */
public final class EncoderManifest {

	public static final String FILE = "manifest.json";
	public static final String FORMAT = "ssl-tem-encoder/1";

	public static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).disableHtmlEscaping().create();

	public String format = FORMAT;
	/** running, completed, cancelled, stopped_nan, untrained, bn_calibrated, imported */
	public String status;
	/**
	 * For {@code bn_calibrated} encoders: the encoder whose weights these are (folder and identity hash); only the
	 * batch-norm statistics were measured again, on {@link #inputsRoot}.
	 */
	public String weightsFrom;
	public String weightsFromIdentity;
	public String architecture;
	public int inputSize;
	public int featureWidth;
	/** The full pretraining configuration (snake_case keys, the same as the CLI flags and macro keys). */
	public JsonObject config;
	public long seed;
	public String inputsRoot;
	public List<InputFile> inputs = new ArrayList<>();
	public int trainingImages;
	public int stepsPerEpoch;
	public Map<String, String> versions = new LinkedHashMap<>();
	public String device;
	public int epochsCompleted;
	/** Steps done in the epoch after {@link #epochsCompleted}, when a run was cancelled mid-epoch. */
	public int stepsCompletedInEpoch;
	public double partialEpochLossSum;
	public long globalStep;
	public List<Double> lossPerEpoch = new ArrayList<>();
	public double wallTimeS;
	/**
	 * What the weights expect of the input ({@link InputNormalisation}); null for encoders pretrained here (grey repeated
	 * to three channels, no normalisation). The network takes the values from the checkpoint; this records them.
	 */
	public InputNormalisation inputNormalisation;
	/** For encoders imported from another framework: the source file, its SHA-256, its format and the mapping of its tensors. */
	public JsonObject imported;
	/** Checkpoint folder, relative to the manifest. */
	public String checkpoint;
	/** Size and SHA-256 of each file of {@link #checkpoint}, checked before it is used. */
	public Map<String, FileDigest> checkpointFiles;
	/**
	 * The manifest as it was at the checkpoint before this one, which is kept on disk too: a resume falls back to it
	 * when the last checkpoint is damaged. Its own {@code previous} is empty.
	 */
	public EncoderManifest previous;
	public String created;
	public String updated;

	public record InputFile(String file, String sha256) {}

	public static Path fileIn(Path dir) {
		return dir.resolve(FILE);
	}

	public static EncoderManifest read(Path dir) {
		Path f = fileIn(dir);
		if (!Files.isDirectory(dir))
			throw UserInputException.about(dir, "no such encoder folder", "point to the output folder of 'ssl-tem pretrain'");
		if (!Files.isRegularFile(f))
			throw UserInputException.about(dir, "not an encoder folder (manifest.json is missing)", "point to the output folder of 'ssl-tem pretrain'");
		try {
			EncoderManifest m = GSON.fromJson(Files.readString(f), EncoderManifest.class);
			if (m == null || !FORMAT.equals(m.format))
				throw UserInputException.about(f, "not an SSL-TEM encoder manifest (format " + (m == null ? "missing" : m.format) + ")",
					"point to the output folder of 'ssl-tem pretrain'");
			return m;
		}
		catch (IOException | JsonParseException e) {
			throw UserInputException.about(f, "unreadable manifest (" + e.getMessage() + ")", "restore it from a backup or pretrain again");
		}
	}

	public void write(Path dir) {
		AtomicFiles.writeString(fileIn(dir), GSON.toJson(this) + "\n");
	}

	public Path checkpointFolder(Path dir) {
		return checkpoint == null ? null : dir.resolve(checkpoint);
	}

	/**
	 * An untrained encoder or a copy with recalibrated batch-norm statistics (label-efficiency's baselines): never
	 * trained in its folder, so its checkpoint holds the network only and there is nothing to resume.
	 */
	public boolean isBaselineCopy() {
		return "untrained".equals(status) || "bn_calibrated".equals(status);
	}

	/**
	 * A warning when this encoder comes from a run that did not finish (cancelled, stopped or still running), or null:
	 * its features are those of a partly trained network.
	 */
	public String unfinishedWarning(Path dir) {
		if (status == null || status.equals("completed") || isBaselineCopy() || status.equals("imported")) return null;
		int planned = config != null && config.has("epochs") ? config.get("epochs").getAsInt() : 0;
		String why = switch (status) {
			case "cancelled" -> "was cancelled";
			case "stopped_nan" -> "stopped when its loss diverged";
			default -> "has not finished (status " + status + ")";
		};
		return "warning: the encoder " + dir + " " + why + " after " + epochsCompleted + (planned > 0 ? " of " + planned : "")
			+ " epochs; its features are those of a partly trained network. Finish it by resuming its pretraining (pretrain {{resume}} {{out}} " + dir + ")";
	}

	/** Checks the checkpoint's files against their recorded sizes and SHA-256, naming a damaged one. */
	public void verifyCheckpoint(Path dir) {
		Checkpoints.verify(checkpointFolder(dir), checkpointFiles,
			"resume the pretraining run in " + dir + " to write a new checkpoint, or pretrain again");
	}

	public Architecture architecture() {
		return Architecture.parse(architecture);
	}
}
