package org.ssltem.infer;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderIdentity;
import org.ssltem.nn.TrainedEncoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encoder features computed once per (encoder, image) and kept on disk, so the label-efficiency protocol, the
 * classifier and later studies never run the encoder twice on the same image.
 *
 * <p><b>Where.</b> {@code ENCODER/feature-cache/features.bin}, inside the encoder folder it belongs to: it moves and
 * is deleted with the encoder, and every dataset shares it. It holds the encoder's {@link EncoderIdentity} hash, the
 * input size, the feature width, and per image the SHA-256 of the file's bytes, its original size and its features.
 * An image is found by its content, whatever its path or name. Deleting the folder is always safe.
 *
 * <p><b>Disagreement.</b> If the cache was written by another state of the encoder (a resumed or retrained run in the
 * same folder gives a new hash), another input size or width, or cannot be read, it is dropped and rebuilt, and the
 * listener is told why. When the encoder folder is not writable, features are computed but not kept.
 *
 * <p>Images are resized (bilinear) to the encoder's input size as {@link FeatureExtractor} does; when they come in
 * several sizes, or are not square (and so are stretched), the listener is told.
 */
public final class FeatureCache {

	public static final String FOLDER = "feature-cache";
	public static final String FILE = "features.bin";
	private static final String MAGIC = "SSLTEM-FEATURES-1";

	private FeatureCache() {}

	/**
	 * @param features       {@code [files][width]}, in the order of the files asked for
	 * @param computed       images that went through the encoder in this call
	 * @param reused         images whose features came from the cache
	 * @param rebuiltBecause why an existing cache was dropped, or null
	 * @param originalSizes  distinct "WxH" sizes of the images, sorted
	 */
	public record Result(EncoderIdentity encoder, float[][] features, int computed, int reused, String rebuiltBecause, List<String> originalSizes) {}

	private record Entry(int width, int height, float[] features) {}

	public static Path fileFor(Path encoderDir) {
		return encoderDir.resolve(FOLDER).resolve(FILE);
	}

	/**
	 * The cache of one view: {@link #FILE} for the paper's view (the encoder's own size, last stage, as it is), else
	 * e.g. {@code features-384px-stages-8orientations.bin}.
	 */
	public static Path fileFor(Path encoderDir, FeatureView view, int encoderSize) {
		if (view.sizeFor(encoderSize) == encoderSize && !view.stages() && !view.allOrientations()) return fileFor(encoderDir);
		return encoderDir.resolve(FOLDER).resolve("features-" + view.sizeFor(encoderSize) + "px" + (view.stages() ? "-stages" : "")
			+ (view.allOrientations() ? "-" + view.orientations() + "orientations" : "") + ".bin");
	}

	/** Features of every file at the encoder's own size, last stage ({@link FeatureView#ENCODER}). */
	public static Result features(Path encoderDir, List<Path> files, ProgressListener listener, CancelToken cancel) {
		return features(encoderDir, FeatureView.ENCODER, files, listener, cancel);
	}

	/**
	 * Features of every file seen as {@code view}, from the cache where it has them, else from the encoder (and then
	 * cached). The result's {@link EncoderIdentity} carries the view's input size and feature width.
	 */
	public static Result features(Path encoderDir, FeatureView view, List<Path> files, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		EncoderIdentity encoderId = EncoderIdentity.of(encoderDir);
		int size = view.sizeFor(encoderId.inputSize());
		EncoderIdentity id = new EncoderIdentity(encoderId.folder(), encoderId.architecture(), size,
			view.widthFor(org.ssltem.nn.Architecture.parse(encoderId.architecture())), encoderId.sha256());
		Path file = fileFor(encoderDir, view, encoderId.inputSize());
		String[] problem = new String[1];
		Map<String, Entry> cache = read(file, id, problem);
		if (problem[0] != null) log.log("ssl-tem: " + file + ": " + problem[0] + "; rebuilding the feature cache");

		String[] hashes = new String[files.size()];
		List<Integer> missing = new ArrayList<>();
		java.util.Set<String> pending = new java.util.HashSet<>();
		for (int i = 0; i < files.size(); i++) {
			if (cancel != null) cancel.throwIfCancelled();
			hashes[i] = Hashing.sha256(files.get(i));
			// identical files (same bytes) go through the encoder once
			if (!cache.containsKey(hashes[i]) && pending.add(hashes[i])) missing.add(i);
		}
		int cachedBefore = cache.size(), computed = 0;
		if (!missing.isEmpty()) {
			log.log(String.format(Locale.ROOT, "ssl-tem: encoder %s (%s): features of %d image%s (%d already cached)", id.shortHash(), id.architecture(),
				missing.size(), missing.size() == 1 ? "" : "s", files.size() - missing.size()));
			try {
				compute(encoderDir, view, files, hashes, missing, cache, log, cancel);
			}
			finally {
				// keep what was computed, even when cancelled (the cache grows batch by batch)
				computed = cache.size() - cachedBefore;
				if (computed > 0 || problem[0] != null) write(file, id, cache, log);
			}
		}
		float[][] out = new float[files.size()][];
		InputSizes sizes = new InputSizes();
		for (int i = 0; i < files.size(); i++) {
			Entry e = cache.get(hashes[i]);
			out[i] = e.features();
			sizes.add(e.width(), e.height(), files.get(i));
		}
		String note = sizes.note(id.inputSize(), size == encoderId.inputSize());
		if (note != null) log.log("ssl-tem: " + note);
		return new Result(id, out, computed, files.size() - missing.size(), problem[0], sizes.distinct());
	}

	/** Puts the features of {@code files[missing]} into {@code cache}, by content hash, one batch at a time. */
	private static void compute(Path encoderDir, FeatureView view, List<Path> files, String[] hashes, List<Integer> missing, Map<String, Entry> cache,
		ProgressListener log, CancelToken cancel)
	{
		List<Path> toCompute = new ArrayList<>(missing.size());
		for (int index : missing) toCompute.add(files.get(index));
		InputSizes sizes = new InputSizes();
		try (TrainedEncoder enc = FeatureExtractor.open(encoderDir, view, Device.defaultThreads())) {
			int width = enc.featureWidth();
			FeatureExtractor.forEachBatch(enc.graph, toCompute, FeatureExtractor.DEFAULT_BATCH, log, cancel, sizes, (start, n, f) -> {
				for (int i = 0; i < n; i++) {
					int[] wh = sizes.widthHeight(start + i);
					cache.put(hashes[missing.get(start + i)], new Entry(wh[0], wh[1], Arrays.copyOfRange(f, i * width, (i + 1) * width)));
				}
			});
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** The cache's entries, or an empty map with {@code problem[0]} saying why an existing file was not used. */
	private static Map<String, Entry> read(Path file, EncoderIdentity id, String[] problem) {
		Map<String, Entry> map = new LinkedHashMap<>();
		if (!Files.isRegularFile(file)) return map;
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			if (!MAGIC.equals(in.readUTF())) {
				problem[0] = "not a feature cache of this version";
				return map;
			}
			String encoderHash = in.readUTF();
			int inputSize = in.readInt(), width = in.readInt(), count = in.readInt();
			if (!encoderHash.equals(id.sha256())) {
				problem[0] = "made by another state of the encoder (hash " + encoderHash.substring(0, Math.min(12, encoderHash.length())) + ", the encoder now is "
					+ id.shortHash() + ": it was retrained or resumed)";
				return map;
			}
			if (inputSize != id.inputSize() || width != id.featureWidth()) {
				problem[0] = "made at " + inputSize + " px with " + width + " features, the encoder gives " + id.featureWidth() + " at " + id.inputSize() + " px";
				return map;
			}
			byte[] sha = new byte[32];
			for (int i = 0; i < count; i++) {
				in.readFully(sha);
				int w = in.readInt(), h = in.readInt();
				float[] f = new float[width];
				for (int j = 0; j < width; j++) f[j] = in.readFloat();
				map.put(HexFormat.of().formatHex(sha), new Entry(w, h, f));
			}
			return map;
		}
		catch (IOException | RuntimeException e) {
			map.clear();
			problem[0] = "unreadable (" + e.getMessage() + ")";
			return map;
		}
	}

	private static void write(Path file, EncoderIdentity id, Map<String, Entry> cache, ProgressListener log) {
		Path dir = file.getParent();
		try {
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			log.log("ssl-tem: warning: cannot create " + dir + " (" + e.getMessage() + "); features are not cached");
			return;
		}
		if (!Files.isWritable(dir)) {
			log.log("ssl-tem: warning: " + dir + " is not writable; features are not cached");
			return;
		}
		AtomicFiles.write(file, os -> {
			DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
			out.writeUTF(MAGIC);
			out.writeUTF(id.sha256());
			out.writeInt(id.inputSize());
			out.writeInt(id.featureWidth());
			out.writeInt(cache.size());
			for (var e : cache.entrySet()) {
				out.write(HexFormat.of().parseHex(e.getKey()));
				out.writeInt(e.getValue().width());
				out.writeInt(e.getValue().height());
				for (float v : e.getValue().features()) out.writeFloat(v);
			}
			out.flush();
		});
	}
}
