package org.ssltem.bench;

import org.ssltem.train.Pretrainer;
import org.ssltem.train.ViewBatches;

import org.ssltem.augment.CropMode;
import org.ssltem.augment.SslAugmenter;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.TrainingImages;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.nn.PretrainingGraph;
import org.ssltem.nn.Projector;
import org.ssltem.nn.SslLoss;
import org.ssltem.nn.Tensors;
import org.ssltem.core.AtomicFiles;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Benchmarks counted the way ../shared/bench/peer_torch_ssl.py counts: a pretraining step is 2·batch images (both
 * views) forward and backward through encoder and projector plus the SGD update; feature extraction is one
 * batch through the encoder alone (inference mode, no projector, no gradients). Warm-up steps are not timed.
 *
 * <p>Pipelines: {@code graph} feeds one fixed random batch, timing TF alone; {@code full} does what pretraining
 * does per step: augment both views of real decoded images (prefetched on a background thread), copy them into a
 * tensor, run the step. Decoding happens once, when the pool is loaded, and is reported apart.
 */
public final class PretrainBenchmark {

	private PretrainBenchmark() {}

	public enum Pipeline { GRAPH, FULL }

	public record Result(String what, String pipeline, String arch, int size, int batch, int threads, int steps, double[] stepSeconds,
		double medianS, double minS, double maxS, double imagesPerS, double peakRssMb, String device, double loadS, double flopsPerStep,
		double gemmPeakGflops) {

		/** Achieved FLOP rate ÷ the GEMM peak measured in the same run. */
		public double flopUtilisation() {
			return gemmPeakGflops > 0 ? flopsPerStep / medianS / 1e9 / gemmPeakGflops : Double.NaN;
		}
	}

	public static Result pretrain(Architecture arch, int size, int batch, int steps, int warmup, SslLoss.Method method, int threads,
		Pipeline pipeline, Path images, ProgressListener listener)
	{
		check(steps, batch);
		Device device = Device.choose(Device.Preference.AUTO);
		PretrainingGraph.Spec spec = new PretrainingGraph.Spec(arch, size, Projector.PAPER_SIZES, method, SslLoss.Variant.PAPER, 0.1, 0.005, 0L);
		Shape shape = Shape.of(2L * batch, size, size, 1);
		double[] times = new double[steps];
		double loadS = 0;
		long flops;
		try (PretrainingGraph g = PretrainingGraph.build(spec, device.sessionConfig(threads))) {
			g.initialize();
			flops = 3L * g.forwardFlopsPerImage * 2 * batch;
			if (pipeline == Pipeline.GRAPH) {
				try (TFloat32 x = Tensors.floats(shape, randomPixels(2 * batch * size * size))) {
					time(times, warmup, listener, i -> g.step(x, 0.01f, i + 1L));
				}
			}
			else {
				List<Path> files = benchImages(images, size, 4 * batch);
				long t0 = System.nanoTime();
				List<GreyImage> pool = TrainingImages.load(files, size, null, listener, null);
				loadS = (System.nanoTime() - t0) / 1e9;
				if (pool.size() < batch) throw UserInputException.option("the benchmark needs at least {{batch}} images", "pass more images");
				// as Pretrainer: one reused input tensor, the next batch augmented while the step runs
				try (ViewBatches batches = new ViewBatches(pool, new SslAugmenter(size, CropMode.RANDCROP), 0L, batch);
					TFloat32 x = TFloat32.tensorOf(shape))
				{
					int perEpoch = batches.stepsPerEpoch();
					time(times, warmup, listener, i -> {
						try {
							batches.into(i / perEpoch, i % perEpoch, x);
						}
						catch (Exception e) {
							throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
						}
						g.step(x, 0.01f, i + 1L);
					});
				}
			}
		}
		return result("pretrain", pipeline.name().toLowerCase(Locale.ROOT), arch, size, batch, threads, times, 2.0 * batch, device, loadS,
			flops, gemmPeakGflops(threads, device));
	}

	/** Feature extraction: one batch of {@code batch} images through the encoder in inference mode. */
	public static Result features(Architecture arch, int size, int batch, int steps, int warmup, int threads, ProgressListener listener) {
		check(steps, batch);
		Device device = Device.choose(Device.Preference.AUTO);
		double[] times = new double[steps];
		long flops;
		try (EncoderGraph g = EncoderGraph.build(arch, size, 0L, device.sessionConfig(threads))) {
			float[] pixels = randomPixels(batch * size * size);
			flops = g.forwardFlopsPerImage * batch;
			time(times, warmup, listener, i -> g.features(pixels, batch));
		}
		return result("features", "graph", arch, size, batch, threads, times, batch, device, 0, flops, gemmPeakGflops(threads, device));
	}

	/**
	 * The machine's practical float32 peak: a 2048×2048 matrix product in TF with the same threads (median of 5
	 * after 2 warm-up runs), in GFLOP/s.
	 */
	public static double gemmPeakGflops(int threads, Device device) {
		int n = 2048;
		try (Graph g = new Graph(); Session s = new Session(g, device.sessionConfig(threads))) {
			Ops tf = Ops.create(g);
			// fed, not a constant: Grappler would fold a product of constants before the clock starts
			var a = tf.placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(n, n)));
			Operand<TFloat32> product = tf.reduceSum(tf.linalg.matMul(a, a), tf.constant(new int[] { 0, 1 }));
			double[] t = new double[5];
			try (TFloat32 x = Tensors.floats(Shape.of(n, n), randomPixels(n * n))) {
				for (int i = 0; i < 7; i++) {
					long t0 = System.nanoTime();
					s.runner().feed(a, x).fetch(product).run().close();
					if (i >= 2) t[i - 2] = (System.nanoTime() - t0) / 1e9;
				}
			}
			return 2.0 * n * n * n / median(t) / 1e9;
		}
	}

	private static void check(int steps, int batch) {
		if (steps < 1) throw UserInputException.option("{{steps}} must be at least 1", "pass e.g. {{steps}} 5");
		if (batch < 2) throw UserInputException.option("{{batch}} must be at least 2", "pass e.g. {{batch}} 8");
	}

	private static void time(double[] times, int warmup, ProgressListener listener, IntConsumer step) {
		int steps = times.length;
		for (int i = 0; i < warmup + steps; i++) {
			long t = System.nanoTime();
			step.accept(i);
			double dt = (System.nanoTime() - t) / 1e9;
			if (i >= warmup) times[i - warmup] = dt;
			listener.progress("bench", i + 1, warmup + steps, (i < warmup ? "warm-up " : "step ") + String.format(Locale.ROOT, "%.3f s", dt));
		}
	}

	private static Result result(String what, String pipeline, Architecture arch, int size, int batch, int threads, double[] times,
		double imagesPerStep, Device device, double loadS, double flops, double peak)
	{
		double[] sorted = times.clone();
		Arrays.sort(sorted);
		double median = median(times);
		return new Result(what, pipeline, arch.key, size, batch, threads, times.length, times, median, sorted[0], sorted[sorted.length - 1],
			imagesPerStep / median, peakRssMb(), device.description(), loadS, flops, peak);
	}

	static double median(double[] values) {
		double[] s = values.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static float[] randomPixels(int n) {
		float[] v = new float[n];
		SplittableRandom r = new SplittableRandom(0);
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
		return v;
	}

	/** The given folder's images, or synthetic TEM images written to a temporary folder (deleted on exit). */
	private static List<Path> benchImages(Path images, int size, int count) {
		if (images != null) return ImageDataset.scan(images).files();
		try {
			Path tmp = Files.createTempDirectory("ssl-tem-bench-");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteQuietly(tmp)));
			new SyntheticDatasetWriter().write(tmp, (count + 3) / 4, Math.max(2 * size, 64), 0L, null, null);
			return ImageDataset.scan(tmp.resolve("images")).files();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Peak resident memory of this process (VmHWM), or -1 where /proc is missing. */
	public static double peakRssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
		}
		catch (IOException | NumberFormatException ignored) {
			// not Linux
		}
		return -1;
	}
}
