package org.ssltem.nn;

import com.google.gson.JsonParseException;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.Hashing;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code segmenter.json} beside a segmenter's {@code decoder/} checkpoint. The segmenter stores only its decoder;
 * the frozen encoder stays in its own folder, named here with a SHA-256 of its checkpoint files, so a segmenter is
 * never run on top of an encoder other than the one it was trained on.
 */
public final class SegmenterManifest {

	public static final String FILE = "segmenter.json";
	public static final String FORMAT = "ssl-tem-segmenter/1";
	public static final String DECODER = "decoder";

	public String format = FORMAT;
	public String encoder;
	public String encoderSha256;
	public String architecture;
	/** 2 = binary (one sigmoid channel), else the softmax classes. */
	public int classes;
	public Integer foreground;
	public int size;
	/**
	 * Filters of the decoder's deepest stage ({@link TransferredUNet#decoderFilters}); 0 in segmenters written before
	 * it was recorded, which all had the paper's width. Read it with {@link #decoderWidth()}.
	 */
	public int decoderWidth;
	/**
	 * Decoders trained side by side and averaged ({@link DecoderShape#members}); 0 in segmenters written before
	 * ensembles existed, which had one. Read it with {@link #decoder()}.
	 */
	public int ensemble;
	/**
	 * How the decoder's stages are built ({@link DecoderShape.Stages}: "refined" or "paper"); null in segmenters
	 * written before the choice existed, which had the paper's. Read it with {@link #decoder()}.
	 */
	public String decoder;
	/**
	 * Why the training side is {@link #size} when it was not given: the labelled structures' median width (in the
	 * images' pixels) and the side chosen for it; null when the side was given.
	 */
	public String sizeChoice;
	/** The labelled structures' median width in the images' own pixels when {@link #sizeChoice} measured it, else null. */
	public Double structureWidthPx;
	public String loss;
	public double lr;
	public int batch;
	public int epochs;
	public long seed;
	public int labeled;
	public List<String> labeledFiles = new ArrayList<>();
	public List<Double> lossPerEpoch = new ArrayList<>();
	public String padded;
	/**
	 * The encoder's batch-norm statistics were re-measured on the training images (train-segmenter --calibrate_bn) and
	 * are stored in {@code decoder/}; they replace the encoder's own when the segmenter runs. Its weights are untouched.
	 */
	public boolean encoderBnCalibrated;
	/** Images the encoder's statistics were measured on (0 without calibration). */
	public int calibrationImages;
	/** Size and SHA-256 of each file of {@code decoder/}, checked before it is used. */
	public Map<String, org.ssltem.core.FileDigest> decoderFiles;
	/** Training crop side in px (0 = whole images). */
	public int crop;
	/** How the labelled images were chosen from the pool: coverage, random, or all (the pool was not larger). */
	public String labelChoice;
	/**
	 * The training pixel scale: training pixels per pixel of the original images, along x and y (the median over the
	 * labelled images; 1 at native size). {@code segment} resamples its inputs by it. 0 in segmenters written before
	 * it was recorded, which {@code segment} runs at native size.
	 */
	public double scaleX, scaleY;
	public Map<String, String> versions = new LinkedHashMap<>();
	public String device;
	public double wallTimeS;
	public String created;

	public static SegmenterManifest read(Path dir) {
		Path f = dir.resolve(FILE);
		if (!Files.isDirectory(dir))
			throw UserInputException.about(dir, "no such segmenter folder", "point to the output folder of 'ssl-tem train-segmenter'");
		if (!Files.isRegularFile(f) || !Checkpoints.exists(dir.resolve(DECODER)))
			throw UserInputException.about(dir, "not a segmenter folder (segmenter.json or decoder/ is missing)",
				"point to the output folder of 'ssl-tem train-segmenter'");
		try {
			SegmenterManifest m = EncoderManifest.GSON.fromJson(Files.readString(f), SegmenterManifest.class);
			if (m == null || !FORMAT.equals(m.format))
				throw UserInputException.about(f, "not an SSL-TEM segmenter manifest", "point to the output folder of 'ssl-tem train-segmenter'");
			return m;
		}
		catch (IOException | JsonParseException e) {
			throw UserInputException.about(f, "unreadable manifest (" + e.getMessage() + ")", "train the segmenter again");
		}
	}

	/** The decoder's width: as recorded, or the paper's for segmenters written before it was recorded. */
	public int decoderWidth() {
		return decoderWidth > 0 ? decoderWidth : TransferredUNet.PAPER_WIDTH;
	}

	/** The decoder's width, members and stages, as recorded (with what segmenters written before each was recorded had). */
	public DecoderShape decoder() {
		return new DecoderShape(decoderWidth(), Math.max(1, ensemble), DecoderShape.Stages.parse(decoder));
	}

	public void write(Path dir) {
		AtomicFiles.writeString(dir.resolve(FILE), EncoderManifest.GSON.toJson(this) + "\n");
	}

	/**
	 * The manifest of a segmenter trained on the encoder of {@code encoderHash} for {@code classes} classes with an
	 * {@code architecture} encoder, its decoder files checked; else a sentence naming the folder.
	 */
	public static SegmenterManifest readMatching(Path dir, String architecture, int classes, String encoderHash) {
		SegmenterManifest m = read(dir);
		if (!m.architecture.equals(architecture) || m.classes != classes || !encoderHash.equals(m.encoderSha256))
			throw UserInputException.about(dir, "was trained " + (encoderHash.equals(m.encoderSha256) ? "" : "on another encoder, ") + "for " + m.classes
				+ " classes with a " + m.architecture + " encoder; this session has " + classes + " classes and a " + architecture + " encoder",
				"continue from a segmenter of the same encoder and classes");
		Checkpoints.verify(dir.resolve(DECODER), m.decoderFiles, "train again from fresh weights");
		return m;
	}

	/** SHA-256 over the encoder's checkpoint files (names and contents), the encoder's identity. */
	public static String encoderHash(Path encoderDir) {
		EncoderManifest m = EncoderManifest.read(encoderDir);
		Path ckpt = m.checkpointFolder(encoderDir);
		if (ckpt == null || !Checkpoints.exists(ckpt))
			throw UserInputException.about(encoderDir, "the encoder's checkpoint is missing (" + m.checkpoint + ")",
				"pretrain again, or restore the checkpoints/ folder next to manifest.json");
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.list(ckpt)) {
			for (Path p : (Iterable<Path>) files.sorted()::iterator)
				if (Files.isRegularFile(p)) all.append(p.getFileName()).append(' ').append(Hashing.sha256(p)).append('\n');
		}
		catch (IOException e) {
			throw UserInputException.about(ckpt, "cannot be read (" + e.getMessage() + ")", "check its permissions");
		}
		return Hashing.sha256(all.toString());
	}

	/** The encoder folder to use: {@code override} if given, else the one recorded; refused when its hash differs. */
	public Path checkedEncoder(Path segmenterDir, Path override) {
		Path enc = override != null ? override : Path.of(encoder);
		String hash = encoderHash(enc);
		if (!hash.equals(encoderSha256))
			throw UserInputException.about(enc, "is not the encoder this segmenter was trained on (" + segmenterDir + " needs the encoder with checkpoint hash "
				+ encoderSha256.substring(0, 12) + "…, this one has " + hash.substring(0, 12) + "…)",
				"pass {{encoder}} with the encoder folder used by train-segmenter (" + encoder + "), or train a segmenter on this encoder");
		return enc;
	}
}
