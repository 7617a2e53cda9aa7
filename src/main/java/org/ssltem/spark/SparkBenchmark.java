package org.ssltem.spark;

import org.apache.spark.sql.SparkSession;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.Resize;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.nn.Device;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Images per second of {@code segment} and {@code features}: the single-machine path with N TensorFlow threads against
 * the Spark runner on {@code local[N]} (N tasks of one thread each, Spark's cores per task), for N = 1 and 2, in one
 * run and interleaved, so the machine's load hits every configuration alike. A Spark job's time runs from submitting
 * the job to its tables being written (hashing, per-partition model loading and the Parquet tables included); the
 * session's start-up (a few seconds, once per command) is reported apart.
 *
 * <p>The models are an untrained ResNet encoder written once and a segmenter trained for one epoch on two of the
 * images: the same graphs and the same code path as trained ones, which is what the timing depends on.
 */
public final class SparkBenchmark {

	/** @param operations {@code segment} and/or {@code features} */
	public record Settings(Path images, int count, int side, String arch, int encoderSize, int tile, int batch, int repeats, Path work, List<String> operations) {

		public Settings {
			for (String op : operations)
				if (!op.equals("segment") && !op.equals("features"))
					throw UserInputException.option("{{operations}} names '" + op + "'; the benchmark times segment and features", "pass {{operations}} segment,features");
		}
	}

	/**
	 * One timed run: what, where, how many images in how many seconds.
	 *
	 * @param imageSeconds for a Spark job, the part of {@code seconds} until every image was through (before the tables)
	 * @param cpuSeconds   the process's CPU time (all its threads, TensorFlow's and Spark's included) during the run:
	 *                     the work a configuration costs, which other jobs on a shared machine disturb far less than
	 *                     the wall-clock time
	 */
	public record Run(String operation, String mode, int n, int repeat, int images, double seconds, double imageSeconds, double sessionStartS, double cpuSeconds) {
		public double imagesPerSecond() {
			return images / seconds;
		}

		public double cpuMsPerImage() {
			return 1000 * cpuSeconds / images;
		}
	}

	/** CPU time of this process so far, in seconds (NaN where the JVM does not tell). */
	static double processCpuSeconds() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
			? os.getProcessCpuTime() / 1e9 : Double.NaN;
	}

	private SparkBenchmark() {}

	public static List<Run> run(Settings s, ProgressListener listener) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		// every session gets the threads it asks for (as the Spark tasks' do), not those of the first session of this JVM
		System.setProperty(Device.PER_SESSION_THREADS, "true");
		Path images = prepareImages(s);
		Path encoder = s.work().resolve("encoder");
		if (!Files.isRegularFile(encoder.resolve("manifest.json"))) {
			PretrainConfig c = new PretrainConfig();
			c.images = images.toString();
			c.out = encoder.toString();
			c.arch = s.arch();
			c.size = s.encoderSize();
			c.batch = 2;
			c.epochs = 1;
			c.seed = 0;
			c.device = "cpu";
			Pretrainer.untrained(c, log, null);
		}
		boolean segment = s.operations().contains("segment"), features = s.operations().contains("features");
		Path segmenter = s.work().resolve("segmenter");
		if (segment && !Files.isRegularFile(segmenter.resolve("segmenter.json"))) {
			Path masks = s.work().resolve("masks");
			for (Map.Entry<String, Path> e : MatchedFiles.index(images, "{{images}}").entrySet()) {
				byte[] m = new byte[s.side() * s.side()];
				float[] p = ImageFiles.readGrey(e.getValue()).pixels;
				for (int i = 0; i < m.length; i++) m[i] = p[i] > 0.5f ? (byte) 255 : 0;
				ImageFiles.writeMaskPng(m, s.side(), s.side(), masks.resolve(e.getKey() + ".png"));
			}
			SegmenterConfig c = new SegmenterConfig();
			c.encoder = encoder.toString();
			c.images = images.toString();
			c.masks = masks.toString();
			c.size = s.encoderSize();
			c.labeled = 2;
			c.epochs = 1;
			c.batch = 2;
			c.device = "cpu";
			c.out = segmenter.toString();
			SegmenterTrainer.run(c, log, null);
		}
		List<Run> runs = new ArrayList<>();
		for (int repeat = 0; repeat < s.repeats(); repeat++)
			for (int n : new int[] { 1, 2 }) {
				if (segment) {
					runs.add(timeSingleMachine("segment", n, repeat, () -> ImageSegmentation.run(segmenter, null, images, s.work().resolve("out-local"), s.tile(),
						ImageSegmentation.DEFAULT_OVERLAP, true, "cpu", n, null, null).images()));
					log.log(describe(runs.get(runs.size() - 1)));
				}
				if (features) {
					runs.add(timeSingleMachine("features", n, repeat, () -> features(encoder, images, s.batch(), n)));
					log.log(describe(runs.get(runs.size() - 1)));
				}
				long t0 = System.nanoTime();
				SparkSession spark = SparkSession.builder().master("local[" + n + "]").appName("ssl-tem bench spark").config("spark.ui.enabled", "false")
					.config("spark.ui.showConsoleProgress", "false").getOrCreate();
				double start = (System.nanoTime() - t0) / 1e9;
				try {
					List<ImageWork> works = new ArrayList<>();
					if (segment) works.add(new SegmentWork(segmenter, null, s.tile(), ImageSegmentation.DEFAULT_OVERLAP, "cpu"));
					if (features) works.add(new FeaturesWork(encoder, org.ssltem.infer.FeatureView.ENCODER, s.batch()));
					for (ImageWork work : works) {
						long t = System.nanoTime();
						double cpu = processCpuSeconds();
						SparkImageJob.Summary r = SparkImageJob.run(spark, work, images.toString(), s.work().resolve("out-spark-" + work.operation()),
							new SparkImageJob.Options(true, true, 0), null);
						runs.add(new Run(work.operation(), "spark local[" + n + "]", n, repeat, r.processed(), (System.nanoTime() - t) / 1e9, r.imageSeconds(), start,
							processCpuSeconds() - cpu));
						log.log(describe(runs.get(runs.size() - 1)));
					}
				}
				finally {
					spark.stop();
				}
			}
		return runs;
	}

	public static String describe(Run r) {
		return String.format(Locale.ROOT, "bench spark: %-8s %-16s repeat %d: %d images in %.2f s = %.3f images/s, CPU %.1f ms/image%s", r.operation(), r.mode(), r.repeat(),
			r.images(), r.seconds(), r.imagesPerSecond(), r.cpuMsPerImage(), r.sessionStartS() > 0 ? String.format(Locale.ROOT, " (%.2f s until the last image, then the tables;"
				+ " session start %.1f s, not counted)", r.imageSeconds(), r.sessionStartS()) : "");
	}

	private interface Timed {
		int run();
	}

	private static Run timeSingleMachine(String operation, int threads, int repeat, Timed work) {
		long t = System.nanoTime();
		double cpu = processCpuSeconds();
		int images = work.run();
		double seconds = (System.nanoTime() - t) / 1e9;
		return new Run(operation, "single " + threads + " thr", threads, repeat, images, seconds, seconds, 0, processCpuSeconds() - cpu);
	}

	/** What {@code ssl-tem features --feature_size 0 --pooling last --orientations 1} does with N threads: open the encoder once, batches through it. */
	private static int features(Path encoder, Path images, int batch, int threads) {
		List<Path> files = new ArrayList<>(MatchedFiles.index(images, "{{images}}").values());
		try (TrainedEncoder e = TrainedEncoder.open(encoder, 0, Device.choose(Device.Preference.AUTO), threads)) {
			float[][] f = FeatureExtractor.compute(e.graph, files, batch, null, null);
			return f.length;
		}
	}

	/** The first {@code count} images of the folder, resized to side × side, written once under the work folder. */
	private static Path prepareImages(Settings s) {
		Path dir = s.work().resolve("images-" + s.count() + "x" + s.side() + "px");
		List<Path> sources = new ArrayList<>(MatchedFiles.index(s.images(), "{{images}}").values());
		if (sources.size() < s.count())
			throw UserInputException.about(s.images(), "has " + sources.size() + " images, fewer than {{count}} " + s.count(), "pass a smaller {{count}}");
		try {
			Files.createDirectories(dir);
			for (Path f : sources.subList(0, s.count())) {
				Path target = dir.resolve(f.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png");
				if (!Files.exists(target)) ImageFiles.writePng(Resize.bilinear(ImageFiles.readGrey(f), s.side(), s.side()), target);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not prepare the benchmark images in " + dir, e);
		}
		return dir;
	}
}
