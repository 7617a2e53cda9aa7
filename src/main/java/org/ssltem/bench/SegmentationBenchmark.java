package org.ssltem.bench;

import org.ssltem.eval.SegmentationEvaluation;
import org.ssltem.infer.ImageSegmentation;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Tiler;
import org.ssltem.synthetic.Morphology;
import org.ssltem.synthetic.SyntheticTemGenerator;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Times {@code segment} on one synthetic TEM image of a given side: the whole path the command runs per image
 * ({@link ImageSegmentation#run}: decode, overlapping tiles through the network, blending, writing the probability
 * TIFF and the mask PNG), repeated {@code steps} times with the network opened once. The network is untrained (seeded
 * initial weights; the same graph as a trained one) unless a trained segmenter folder is given. One tile is predicted
 * untimed first, so TF's one-time kernel set-up is not counted.
 *
 * <p>Peak RSS is this process's high-water mark (VmHWM) when the size is done: honest for one size per process,
 * which is how {@code ssl-tem bench segment} runs each size (a fresh JVM per size).
 */
public final class SegmentationBenchmark {

	/**
	 * What to run. {@code segmenter} null = an untrained network of {@code arch} with {@code classes} and a decoder
	 * ({@code decoder}: "refined" or "paper") {@code decoderWidth} wide, {@code ensemble} of them averaged.
	 */
	public record Settings(Architecture arch, int classes, String decoder, int decoderWidth, int ensemble, int tile, int overlap, int steps, int threads, Path segmenter,
		Path encoder) {

		public Settings {
			Architecture.checkInputSize(tile);
			if (overlap < 0 || overlap >= tile)
				throw UserInputException.option("{{overlap}} must be between 0 and the tile size " + tile + " (exclusive), got " + overlap, "use e.g. {{overlap}} " + tile / 8);
			if (steps < 1) throw UserInputException.option("{{steps}} must be at least 1, got " + steps, "pass e.g. {{steps}} 3");
			if (classes < 2) throw UserInputException.option("{{classes}} must be at least 2, got " + classes, "pass {{classes}} 2 for a binary segmenter");
			org.ssltem.nn.DecoderShape.fromOptions(decoderWidth, ensemble, decoder); // the options checked before any network is built
		}

		/** The untrained segmenter's decoders. */
		public org.ssltem.nn.DecoderShape decoderShape() {
			return org.ssltem.nn.DecoderShape.fromOptions(decoderWidth, ensemble, decoder);
		}
	}

	/** One image side's timings. */
	public record SizeResult(int size, int tile, int tiles, double[] seconds, double medianS, double minS, double maxS, double megapixelsPerS,
		double peakRssMb, double openS, String device) {

		public Map<String, Object> json() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("size", size);
			m.put("tile", tile);
			m.put("tiles", tiles);
			m.put("steps", seconds.length);
			m.put("median_s", round(medianS));
			m.put("min_s", round(minS));
			m.put("max_s", round(maxS));
			m.put("megapixels_per_s", Math.round(megapixelsPerS * 1000) / 1000.0);
			m.put("peak_rss_mb", Math.round(peakRssMb));
			m.put("open_s", round(openS));
			return m;
		}
	}

	private SegmentationBenchmark() {}

	public static SizeResult run(Settings s, int size, ProgressListener listener) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		SyntheticTemGenerator.checkSize(size);
		Device device = Device.choose(Device.Preference.AUTO);
		Path tmp;
		try {
			tmp = Files.createTempDirectory("ssl-tem-bench-segment-");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try {
			Path image = tmp.resolve("network-" + size + ".png");
			ImageFiles.writePng(new SyntheticTemGenerator().generate(Morphology.NETWORK, size, 0L).image(), image);
			long t0 = System.nanoTime();
			ImageSegmentation.Networks raw = s.segmenter() != null ? ImageSegmentation.segmenter(s.segmenter(), s.encoder(), device, s.threads())
				: ImageSegmentation.untrained(s.arch(), s.classes(), s.decoderShape(), 0L, device, s.threads());
			double[] times = new double[s.steps()];
			int tile = s.tile();
			try (OpenOnce networks = new OpenOnce(raw)) {
				ImageSegmentation.TileNetwork warm = networks.open(tile);
				double openS = (System.nanoTime() - t0) / 1e9;
				warm.predict(new float[tile * tile]);
				log.progress("bench", 0, s.steps(), String.format(Locale.ROOT, "%d px: network opened in %.1f s, warm-up tile done", size, openS));
				for (int i = 0; i < s.steps(); i++) {
					long t = System.nanoTime();
					ImageSegmentation.Summary r = ImageSegmentation.run(networks, image, tmp.resolve("out"), tile, s.overlap(), true, null, null);
					times[i] = (System.nanoTime() - t) / 1e9;
					tile = r.finalTile();
					log.progress("bench", i + 1, s.steps(), String.format(Locale.ROOT, "%d px: step %.3f s", size, times[i]));
				}
				double[] sorted = times.clone();
				Arrays.sort(sorted);
				double median = SegmentationEvaluation.median(times);
				int w = Math.max(tile, size), stride = tile - Math.min(s.overlap(), tile / 2);
				int tiles = Tiler.origins(w, tile, stride).length * Tiler.origins(w, tile, stride).length;
				return new SizeResult(size, tile, tiles, times, median, sorted[0], sorted[sorted.length - 1], size * (double) size / 1e6 / median,
					PretrainBenchmark.peakRssMb(), openS, device.description());
			}
		}
		finally {
			AtomicFiles.deleteQuietly(tmp);
		}
	}

	/** Opens each tile size's network once and keeps it for every step; closes them all at the end. */
	private static final class OpenOnce implements ImageSegmentation.Networks, AutoCloseable {
		private final ImageSegmentation.Networks inner;
		private final Map<Integer, ImageSegmentation.TileNetwork> open = new LinkedHashMap<>();

		OpenOnce(ImageSegmentation.Networks inner) {
			this.inner = inner;
		}

		@Override
		public ImageSegmentation.TileNetwork open(int tile) {
			// a new size replaces the old network (as the out-of-memory retry does), so its memory is given back
			open.keySet().removeIf(t -> {
				if (t != tile) open.get(t).close();
				return t != tile;
			});
			ImageSegmentation.TileNetwork n = open.computeIfAbsent(tile, inner::open);
			return new ImageSegmentation.TileNetwork() {
				@Override
				public float[] predict(float[] pixels) {
					return n.predict(pixels);
				}

				@Override
				public int channels() {
					return n.channels();
				}

				@Override
				public void close() {
					// kept open for the next step; closed with the benchmark
				}
			};
		}

		@Override
		public void close() {
			open.values().forEach(ImageSegmentation.TileNetwork::close);
		}
	}

	static double round(double v) {
		return Math.round(v * 10000) / 10000.0;
	}
}
