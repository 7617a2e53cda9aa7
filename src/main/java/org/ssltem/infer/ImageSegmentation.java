package org.ssltem.infer;

import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.Resize;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.Segmenter;
import org.ssltem.nn.SegmenterManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code segment}: runs a trained segmenter over images ({@link TiledInference}) and writes, per image,
 * {@code probabilities/<name>.tif} (32-bit; one slice per class for a multi-class segmenter) and
 * {@code masks/<name>.png} (binary: 0/255, foreground where p ≥ 0.5; multi-class: the most probable class index),
 * both at the image's native size. Existing outputs are never replaced unless {@code overwrite}; all are checked
 * before the first image is read.
 *
 * <p>Each image is first resampled to the pixel scale the segmenter was trained at ({@code scale_x/scale_y} in
 * segmenter.json: a segmenter trained with {@code --size 224} on 1024 px frames sees every image at 224/1024 of its
 * size), tiled at that scale, and its probabilities resampled back to native size; a chosen {@code scale} overrides
 * it. Masks are then cleaned ({@link MaskCleanup}): the one place masks are made, for the CLI, the Fiji commands and
 * the Annotate-and-Segment window alike.
 *
 * <p>An image that fits inside the tile on both sides runs as one tile of its own size (rounded up to a multiple of
 * 32; {@link #fittedTile}), not padded out to the full tile.
 *
 * <p>When a tile does not fit in memory, the image is retried with tiles half the size (down to 32 px); later
 * images keep the smaller size. The networks come from a {@link Networks} factory, so tests can force the failure.
 */
public final class ImageSegmentation {

	public static final int DEFAULT_TILE = 512, DEFAULT_OVERLAP = 64;

	/** A network that segments square tiles of one size. */
	public interface TileNetwork extends TiledInference.TilePredictor, AutoCloseable {
		int channels();

		@Override
		void close();
	}

	/** Opens a network for a tile size. */
	@FunctionalInterface
	public interface Networks {
		TileNetwork open(int tile);
	}

	public record Summary(int images, int finalTile, double seconds, Path out) {}

	private ImageSegmentation() {}

	/** The real networks: a {@link Segmenter} built for the tile size. */
	public static Networks segmenter(Path segmenterDir, Path encoderOverride, Device device, int threads) {
		return tile -> {
			Segmenter s = Segmenter.open(segmenterDir, encoderOverride, tile, tile, device, threads);
			return new TileNetwork() {
				@Override
				public float[] predict(float[] pixels) {
					return s.graph.predict(pixels, 1);
				}

				@Override
				public int channels() {
					return s.channels();
				}

				@Override
				public void close() {
					s.close();
				}
			};
		};
	}

	/**
	 * Untrained networks of the segmenter's shape (seeded initial weights, no checkpoint read), for benchmarks: the
	 * same graph and the same tiled path as {@link #segmenter}, without needing a trained segmenter.
	 */
	public static Networks untrained(Architecture arch, int classes, org.ssltem.nn.DecoderShape decoder, long seed, Device device, int threads) {
		return tile -> {
			org.ssltem.nn.SegmenterGraph g = org.ssltem.nn.SegmenterGraph.build(arch, tile, tile, classes, decoder, false, null, seed, device.sessionConfig(threads));
			try {
				g.initialize();
			}
			catch (RuntimeException e) {
				g.close();
				throw e;
			}
			return network(g, classes, g::close);
		};
	}

	/** A graph as a tile network of {@code classes} classes, one tile per run; {@code close} is what closing it does. */
	static TileNetwork network(org.ssltem.nn.SegmenterGraph g, int classes, Runnable close) {
		return new TileNetwork() {
			@Override
			public float[] predict(float[] pixels) {
				return g.predict(pixels, 1);
			}

			@Override
			public int channels() {
				return classes == 2 ? 1 : classes;
			}

			@Override
			public void close() {
				close.run();
			}
		};
	}

	/**
	 * How {@code segment} treats each image.
	 *
	 * @param scaleX       resample each image by this factor along x before the network sees it (1 = native size); the
	 *                     probabilities and masks come back at native size
	 * @param minComponent mask clean-up ({@link MaskCleanup}) in pixels at the working scale; 0 = off
	 * @param maxHole      holes of at most this many pixels (working scale) are filled; 0 = off
	 */
	public record Options(int tile, int overlap, double scaleX, double scaleY, double minComponent, double maxHole) {

		/** Native size with the default clean-up. */
		public static Options atNativeSize(int tile, int overlap) {
			return new Options(tile, overlap, 1, 1, MaskCleanup.DEFAULT_MIN_COMPONENT, MaskCleanup.DEFAULT_MAX_HOLE);
		}
	}

	/** As {@link #run(Path, Path, Path, Path, int, int, double, double, double, boolean, String, int, ProgressListener, CancelToken)} with the segmenter's scale and the default clean-up. */
	public static Summary run(Path segmenterDir, Path encoderOverride, Path input, Path out, int tile, int overlap, boolean overwrite,
		String devicePreference, int threads, ProgressListener listener, CancelToken cancel)
	{
		return run(segmenterDir, encoderOverride, input, out, tile, overlap, 0, MaskCleanup.DEFAULT_MIN_COMPONENT, MaskCleanup.DEFAULT_MAX_HOLE, overwrite,
			devicePreference, threads, listener, cancel);
	}

	/**
	 * @param scale 0 = resample each image to the scale the segmenter was trained at (recorded in segmenter.json);
	 *              else the factor to resample by (1 = native size)
	 */
	public static Summary run(Path segmenterDir, Path encoderOverride, Path input, Path out, int tile, int overlap, double scale, double minComponent,
		double maxHole, boolean overwrite, String devicePreference, int threads, ProgressListener listener, CancelToken cancel)
	{
		// locked for the whole run, before the segmenter is read: a second segment on this folder would replace these outputs
		try (OutputFolder folder = OutputFolder.claim(out, "segment", "{{out}}")) {
			SegmenterManifest m = SegmenterManifest.read(segmenterDir);
			double[] s = scale(m, scale, listener == null ? ProgressListener.SILENT : listener);
			Device device = Device.choose(Device.Preference.parse(devicePreference));
			return segment(segmenter(segmenterDir, encoderOverride, device, threads > 0 ? threads : Device.defaultThreads()), input, folder.path(),
				new Options(tile, overlap, s[0], s[1], minComponent, maxHole), overwrite, listener, cancel);
		}
	}

	/** The factors {@code [x, y]} to resample by: {@code requested} when positive, else the segmenter's training scale. */
	public static double[] scale(SegmenterManifest m, double requested, ProgressListener log) {
		if (requested < 0 || Double.isNaN(requested) || Double.isInfinite(requested))
			throw UserInputException.option("{{scale}} must be 0 (the segmenter's training scale) or a positive factor, got " + requested,
				"pass {{scale}} 0, or e.g. {{scale}} 1 for native size");
		if (requested > 0) return new double[] { requested, requested };
		if (m.scaleX > 0 && m.scaleY > 0) {
			if (m.scaleX != 1 || m.scaleY != 1)
				log.log(String.format(Locale.ROOT, "segment: resampling each image by %.4g x %.4g, the scale this segmenter was trained at"
					+ " (its training images were resized to %dx%d); probabilities and masks come back at native size. {{scale}} 1 segments at native size",
					m.scaleX, m.scaleY, m.size, m.size));
			return new double[] { m.scaleX, m.scaleY };
		}
		if (m.size > 0)
			log.log("segment: this segmenter was trained on images resized to " + m.size + "x" + m.size + " but does not record from which size;"
				+ " segmenting at native resolution, so give it images at the scale the training images had after resizing, or pass {{scale}}");
		return new double[] { 1, 1 };
	}

	/** At native size with the default clean-up. */
	public static Summary run(Networks networks, Path input, Path out, int tile, int overlap, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		return run(networks, input, out, Options.atNativeSize(tile, overlap), overwrite, listener, cancel);
	}

	public static Summary run(Networks networks, Path input, Path out, Options options, boolean overwrite, ProgressListener listener, CancelToken cancel) {
		try (OutputFolder folder = OutputFolder.claim(out, "segment", "{{out}}")) {
			return segment(networks, input, folder.path(), options, overwrite, listener, cancel);
		}
	}

	private static Summary segment(Networks networks, Path input, Path out, Options options, boolean overwrite, ProgressListener listener,
		CancelToken cancel)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		check(options);
		Map<String, Path> images = inputs(input);
		Map<String, Path[]> targets = new LinkedHashMap<>();
		for (String key : images.keySet()) {
			Path[] t = targets(out, key);
			for (Path p : t)
				if (Files.exists(p) && !overwrite)
					throw UserInputException.about(p, "already exists", "choose another {{out}} folder, or pass {{overwrite}} to replace the outputs");
			targets.put(key, t);
		}
		int done = 0;
		log.progress("segment", 0, images.size(), "building the network and reading the first image");
		try (Segmenting segmenting = new Segmenting(networks, options, log)) {
			for (var e : images.entrySet()) {
				if (cancel != null) cancel.throwIfCancelled();
				segmenting.segment(e.getKey(), e.getValue(), targets.get(e.getKey()), cancel);
				done++;
				log.progress("segment", done, images.size(), e.getKey());
			}
			return new Summary(done, segmenting.tile(), (System.nanoTime() - t0) / 1e9, out);
		}
	}

	/** Fails with a sentence when the tile or the overlap cannot be used. */
	public static void checkTiling(int tile, int overlap) {
		Architecture.checkInputSize(tile, "{{tile}}");
		if (overlap < 0 || overlap >= tile)
			throw UserInputException.option("{{overlap}} must be between 0 and the tile size " + tile + " (exclusive), got " + overlap, "use e.g. {{overlap}} " + tile / 8);
	}

	/** The tile, overlap, scale and clean-up sizes, checked before any image is read. */
	public static void check(Options options) {
		checkTiling(options.tile(), options.overlap());
		if (!(options.scaleX() > 0) || !(options.scaleY() > 0))
			throw UserInputException.option("{{scale}} must be positive, got " + options.scaleX() + " x " + options.scaleY(), "pass e.g. {{scale}} 1 for native size");
		MaskCleanup.check(options.minComponent(), options.maxHole());
	}

	/** Where an image's outputs go: {@code probabilities/<key>.tif} and {@code masks/<key>.png} under {@code out}. */
	public static Path[] targets(Path out, String key) {
		return new Path[] { out.resolve("probabilities").resolve(key + ".tif"), out.resolve("masks").resolve(key + ".png") };
	}

	/**
	 * Per-pixel probabilities at the image's native size ({@code channels} per pixel, interleaved) and the cleaned
	 * classes (0 background; a binary segmenter gives 0/1).
	 */
	public record Probabilities(float[] values, int channels, int[] classes) {}

	/**
	 * Segments images one after another with networks opened once: one per tile size in use (the base tile, and a
	 * fitted tile for images smaller than it). {@link #run} and the Spark runner both stream their images through it.
	 */
	public static final class Segmenting implements AutoCloseable {

		private final Networks networks;
		private final Options options;
		private final ProgressListener log;
		private final Map<Integer, TileNetwork> nets = new java.util.HashMap<>();
		private int tile;

		public Segmenting(Networks networks, Options options, ProgressListener log) {
			check(options);
			this.networks = networks;
			this.options = options;
			this.tile = options.tile();
			this.log = log == null ? ProgressListener.SILENT : log;
		}

		/** The tile size in use (smaller than asked after running out of memory). */
		public int tile() {
			return tile;
		}

		/** Reads, segments and writes one image ({@link #targets}); each file appears whole or not at all. */
		public void segment(String key, Path image, Path[] targets, CancelToken cancel) {
			GreyImage original = ImageFiles.readGrey(image);
			Probabilities p = predict(key, original, cancel);
			write(p.values(), original.width, original.height, p.channels(), p.classes(), targets);
		}

		/**
		 * One image at the options' scale (tiles halved when memory runs out), its probabilities resampled back to
		 * native size and its classes cleaned.
		 */
		public Probabilities predict(String key, GreyImage original, CancelToken cancel) {
			GreyImage img = atScale(original, options.scaleX(), options.scaleY());
			int overlap = options.overlap();
			float[] p;
			int channels;
			while (true) {
				int t = fittedTile(tile, img.width, img.height);
				if (img.width < t || img.height < t)
					log.log("segment: " + key + " is " + img.width + "x" + img.height + sizeNote(original, img) + ", smaller than the " + t
						+ " px tile; padded (edge pixels repeated) and cropped back");
				else if (t < tile)
					log.log("segment: " + key + " is " + img.width + "x" + img.height + sizeNote(original, img) + "; segmented whole with a " + t
						+ " px tile instead of " + tile + " px");
				TileNetwork net = nets.get(t);
				if (net == null) nets.put(t, net = networks.open(t));
				try {
					p = TiledInference.predict(img, t, Math.min(overlap, t / 2), net.channels(), net, cancel);
					channels = net.channels();
					break;
				}
				catch (RuntimeException | OutOfMemoryError failure) {
					if (!isOutOfMemory(failure) || t <= 32) throw failure;
					int smaller = Math.max(32, t / 2 / 32 * 32);
					log.log("segment: out of memory with " + t + " px tiles on " + key + "; retrying with " + smaller + " px tiles");
					nets.remove(t).close();
					tile = smaller;
				}
			}
			p = resample(p, img.width, img.height, channels, original.width, original.height);
			// clean-up sizes are at the working scale; one working pixel covers 1/(sx·sy) native pixels
			double area = 1 / (options.scaleX() * options.scaleY());
			return new Probabilities(p, channels, classes(p, original.width, original.height, channels, options.minComponent() * area,
				options.maxHole() * area));
		}

		@Override
		public void close() {
			nets.values().forEach(TileNetwork::close);
			nets.clear();
		}
	}

	/** The image the network sees: resampled bilinearly by the factors (each side at least 1 px), or the image itself at 1. */
	static GreyImage atScale(GreyImage image, double scaleX, double scaleY) {
		int w = Math.max(1, (int) Math.round(image.width * scaleX)), h = Math.max(1, (int) Math.round(image.height * scaleY));
		return w == image.width && h == image.height ? image : Resize.bilinear(image, w, h);
	}

	/** {@code [h, w, channels]} probabilities resampled bilinearly to {@code [toH, toW, channels]}. */
	static float[] resample(float[] p, int w, int h, int channels, int toW, int toH) {
		if (w == toW && h == toH) return p;
		float[] out = new float[toW * toH * channels];
		float[] slice = new float[w * h];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < slice.length; i++) slice[i] = p[i * channels + c];
			float[] r = Resize.bilinear(new GreyImage(w, h, slice), toW, toH).pixels;
			for (int i = 0; i < r.length; i++) out[i * channels + c] = Math.min(1f, Math.max(0f, r[i]));
		}
		return out;
	}

	private static String sizeNote(GreyImage original, GreyImage img) {
		return original == img ? "" : " after resampling from " + original.width + "x" + original.height;
	}

	/**
	 * One image in memory, segmented as {@link #run} segments a file (at the segmenter's training scale unless
	 * {@code scale} is positive, classes cleaned): no file is read or written.
	 */
	public static Probabilities segment(Path segmenterDir, Path encoderOverride, GreyImage img, int tile, int overlap, double scale, double minComponent,
		double maxHole, String devicePreference, int threads, ProgressListener listener, CancelToken cancel)
	{
		Device device = Device.choose(Device.Preference.parse(devicePreference));
		// networks open lazily, so the options are checked before any is built
		Networks networks = segmenter(segmenterDir, encoderOverride, device, threads > 0 ? threads : Device.defaultThreads());
		return segment(networks, SegmenterManifest.read(segmenterDir), img, tile, overlap, scale, minComponent, maxHole, listener, cancel);
	}

	/** As the one above, with networks already open (the annotate window keeps its own between rounds); {@code m} is their segmenter's manifest. */
	public static Probabilities segment(Networks networks, SegmenterManifest m, GreyImage img, int tile, int overlap, double scale, double minComponent,
		double maxHole, ProgressListener listener, CancelToken cancel)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		double[] s = scale(m, scale, log);
		Options options = new Options(tile, overlap, s[0], s[1], minComponent, maxHole);
		check(options);
		try (Segmenting segmenting = new Segmenting(counted(networks, atScale(img, s[0], s[1]), overlap, log), options, log)) {
			return segmenting.predict("the image", img, cancel);
		}
	}

	/** Networks that report each tile of {@code img} as progress (tile k of n), so a long single image shows it is moving. */
	private static Networks counted(Networks networks, GreyImage img, int overlap, ProgressListener log) {
		return t -> {
			int stride = t - Math.min(overlap, t / 2);
			int total = org.ssltem.data.Tiler.origins(Math.max(t, img.width), t, stride).length * org.ssltem.data.Tiler.origins(Math.max(t, img.height), t, stride).length;
			log.progress("segment", 0, total, "building the network"); // seconds to minutes before the first tile: say so
			TileNetwork net = networks.open(t);
			int[] done = { 0 };
			return new TileNetwork() {
				@Override
				public float[] predict(float[] pixels) {
					float[] p = net.predict(pixels);
					log.progress("segment", ++done[0], total, "tile " + done[0] + " of " + total);
					return p;
				}

				@Override
				public int channels() {
					return net.channels();
				}

				@Override
				public void close() {
					net.close();
				}
			};
		};
	}

	/**
	 * The tile for an image: the given tile, or, when the image fits inside it on both sides, the image's larger side
	 * rounded up to a multiple of 32. A 224 px image then runs as one 224 px tile (as a segmenter trained at 224 px
	 * saw its images) instead of as a 512 px tile that is mostly repeated edge pixels, which changes what the network
	 * sees: on the HRTEM frames below, median Dice 0.749 against 0.640.
	 */
	static int fittedTile(int tile, int width, int height) {
		int fit = Math.max((width + 31) / 32 * 32, (height + 31) / 32 * 32);
		return Math.min(tile, fit);
	}

	/**
	 * The classes of {@code [h, w, channels]} probabilities: binary 1 where p ≥ 0.5, else the most probable class, then
	 * cleaned ({@link MaskCleanup}, sizes in pixels of this mask): a removed piece becomes background, a filled hole
	 * takes its most probable non-background class.
	 */
	public static int[] classes(float[] p, int w, int h, int channels, double minComponent, double maxHole) {
		int[] classes = new int[w * h];
		boolean[] foreground = new boolean[w * h];
		for (int i = 0; i < classes.length; i++) {
			int best = 0;
			if (channels == 1) best = p[i] >= 0.5f ? 1 : 0;
			else for (int c = 1; c < channels; c++) if (p[i * channels + c] > p[i * channels + best]) best = c;
			foreground[i] = best != 0;
			classes[i] = best;
		}
		MaskCleanup.apply(foreground, w, h, minComponent, maxHole);
		for (int i = 0; i < classes.length; i++) {
			if (!foreground[i]) classes[i] = 0;
			else if (classes[i] == 0) {
				int best = 1;
				for (int c = 2; c < channels; c++) if (p[i * channels + c] > p[i * channels + best]) best = c;
				classes[i] = best;
			}
		}
		return classes;
	}

	static boolean isOutOfMemory(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof OutOfMemoryError) return true;
			String m = String.valueOf(c.getMessage());
			if (m.contains("OOM") || m.contains("ResourceExhausted") || m.contains("out of memory") || m.contains("Out of memory")) return true;
		}
		return false;
	}

	private static Map<String, Path> inputs(Path input) {
		if (Files.isRegularFile(input)) {
			if (!ImageFiles.isImageFile(input))
				throw UserInputException.about(input, "is not an image (png, tif, tiff, jpg, jpeg)", "give an image file or a folder of images");
			Map<String, Path> one = new LinkedHashMap<>();
			one.put(MatchedFiles.key(input.toAbsolutePath().getParent(), input.toAbsolutePath()), input);
			return one;
		}
		return MatchedFiles.imagesWithoutMasks(input, "{{images}}");
	}

	private static void write(float[] p, int w, int h, int channels, int[] classes, Path[] targets) {
		List<float[]> slices = new ArrayList<>();
		byte[] mask = new byte[w * h];
		for (int i = 0; i < mask.length; i++) mask[i] = (byte) (channels == 1 ? classes[i] * 255 : classes[i]);
		if (channels == 1) slices.add(p);
		else
			for (int c = 0; c < channels; c++) {
				float[] s = new float[w * h];
				for (int i = 0; i < s.length; i++) s[i] = p[i * channels + c];
				slices.add(s);
			}
		try {
			Files.createDirectories(targets[0].getParent());
			Files.createDirectories(targets[1].getParent());
		}
		catch (java.io.IOException e) {
			throw UserInputException.about(targets[0].getParent(), "cannot be created (" + e.getMessage() + ")", "check the path and write permission");
		}
		ImageFiles.writeFloatTiff(slices, w, h, targets[0]);
		ImageFiles.writeMaskPng(mask, w, h, targets[1]);
	}

}
