package org.ssltem.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.ssltem.core.UserInputException;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.bench.LabelEfficiencyBenchmark;
import org.ssltem.bench.SegmentationBenchmark;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.SslLoss;
import org.ssltem.bench.PretrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; the last line of each is one JSON object.",
	subcommands = { BenchCommand.Pretrain.class, BenchCommand.Features.class, BenchCommand.Segment.class, BenchCommand.LabelEfficiency.class,
		SparkBenchCommand.class, BenchCommand.Interactive.class })
final class BenchCommand {

	static final Gson JSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	/** Options every benchmark shares. */
	static final class Common {
		@Option(names = "--arch", defaultValue = "resnet50", description = "default: ${DEFAULT-VALUE}")
		String arch;

		@Option(names = "--size", defaultValue = "224", description = "default: ${DEFAULT-VALUE}")
		int size;

		@Option(names = "--batch", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
		int batch;

		@Option(names = "--steps", defaultValue = "5", description = "timed steps; default: ${DEFAULT-VALUE}")
		int steps;

		@Option(names = "--warmup", defaultValue = "2", description = "untimed steps first; default: ${DEFAULT-VALUE}")
		int warmup;

		@Option(names = "--threads", defaultValue = "0", description = "TF threads, 0 = all cores; default: ${DEFAULT-VALUE}")
		int threads;

		int threads() {
			return threads > 0 ? threads : Device.defaultThreads();
		}
	}

	@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time pretraining steps (2*batch images per step, as ../shared/bench/peer_torch_ssl.py counts them).")
	static final class Pretrain implements Callable<Integer> {

		@Mixin
		Common common;

		@Option(names = "--method", defaultValue = "barlow", description = "default: ${DEFAULT-VALUE}")
		String method;

		@Option(names = "--pipeline", defaultValue = "graph", description = "graph (the step alone) or full (augmentation, prefetch, "
			+ "tensor copy and step on decoded images); default: ${DEFAULT-VALUE}")
		String pipeline;

		@Option(names = "--images", paramLabel = "DIR", description = "images for --pipeline full (default: synthetic TEM images)")
		Path images;

		@Override
		public Integer call() {
			PretrainBenchmark.Pipeline p;
			try {
				p = PretrainBenchmark.Pipeline.valueOf(pipeline.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw org.ssltem.core.UserInputException.option("unknown pipeline '" + pipeline + "'; valid values: graph, full", "pass --pipeline full");
			}
			print(PretrainBenchmark.pretrain(Architecture.parse(common.arch), common.size, common.batch, common.steps, common.warmup,
				SslLoss.Method.parse(method), common.threads(), p, images, new ConsoleProgress(System.err)));
			return 0;
		}
	}

	@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time feature extraction: one batch through the encoder alone (inference, no projector, no gradients).")
	static final class Features implements Callable<Integer> {

		@Mixin
		Common common;

		@Override
		public Integer call() {
			print(PretrainBenchmark.features(Architecture.parse(common.arch), common.size, common.batch, common.steps, common.warmup,
				common.threads(), new ConsoleProgress(System.err)));
			return 0;
		}
	}

	@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time 'segment' (decode, blended tiles, writing) on synthetic TEM images of each size; each size runs in a fresh JVM so "
			+ "its peak RSS is its own.")
	static final class Segment implements Callable<Integer> {

		@Option(names = "--arch", defaultValue = "resnet50", description = "encoder of the untrained segmenter; default: ${DEFAULT-VALUE}")
		String arch;

		@Option(names = "--sizes", paramLabel = "N,N,...", split = ",", defaultValue = "1024,2048", description = "image sides; default: ${DEFAULT-VALUE}")
		int[] sizes;

		@Option(names = "--tile", paramLabel = "N", defaultValue = "" + ImageSegmentation.DEFAULT_TILE, description = "as 'segment'; default: ${DEFAULT-VALUE}")
		int tile;

		@Option(names = "--overlap", paramLabel = "N", defaultValue = "" + ImageSegmentation.DEFAULT_OVERLAP, description = "as 'segment'; default: ${DEFAULT-VALUE}")
		int overlap;

		@Option(names = "--classes", paramLabel = "C", defaultValue = "2", description = "2 = binary (one sigmoid channel); default: ${DEFAULT-VALUE}")
		int classes;

		@Option(names = "--decoder", paramLabel = "refined|paper", defaultValue = org.ssltem.train.SegmenterConfig.DEFAULT_DECODER,
			description = "the untrained segmenter's decoder stages, as train-segmenter; default: ${DEFAULT-VALUE}")
		String decoder;

		@Option(names = "--decoder_width", paramLabel = "N", defaultValue = "" + org.ssltem.nn.TransferredUNet.DEFAULT_WIDTH,
			description = "the untrained segmenter's decoder width, as train-segmenter (1024 = the paper's); default: ${DEFAULT-VALUE}")
		int decoderWidth;

		@Option(names = "--ensemble", paramLabel = "N", defaultValue = "1",
			description = "decoders averaged in the untrained segmenter, as train-segmenter; default: ${DEFAULT-VALUE}")
		int ensemble;

		@Option(names = "--steps", paramLabel = "N", defaultValue = "3", description = "timed runs per size (after one untimed tile); default: ${DEFAULT-VALUE}")
		int steps;

		@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TF threads, 0 = all cores; default: ${DEFAULT-VALUE}")
		int threads;

		@Option(names = "--segmenter", paramLabel = "DIR", description = "time a trained segmenter instead of an untrained network")
		Path segmenter;

		@Option(names = "--encoder", paramLabel = "DIR", description = "the segmenter's encoder, if it moved")
		Path encoder;

		@Option(names = "--in_process", description = "run every size in this JVM (peak RSS is then the process's, over all sizes so far)")
		boolean inProcess;

		@Override
		public Integer call() {
			int t = threads > 0 ? threads : Device.defaultThreads();
			SegmentationBenchmark.Settings settings = new SegmentationBenchmark.Settings(Architecture.parse(arch), classes, decoder, decoderWidth, ensemble, tile, overlap, steps, t,
				segmenter, encoder);
			if (sizes.length == 0) throw UserInputException.option("--sizes is empty", "pass e.g. --sizes 1024,2048");
			for (int size : sizes) org.ssltem.synthetic.SyntheticTemGenerator.checkSize(size); // before any JVM is started
			boolean fork = !inProcess && sizes.length > 1;
			ConsoleProgress progress = new ConsoleProgress(System.err);
			List<Map<String, Object>> results = new ArrayList<>();
			String device = null;
			for (int size : sizes) {
				if (fork) {
					Map<String, Object> child = forked(size, t);
					device = String.valueOf(child.remove("device"));
					results.add(child);
				}
				else {
					SegmentationBenchmark.SizeResult r = SegmentationBenchmark.run(settings, size, progress);
					device = r.device();
					results.add(r.json());
				}
				Map<String, Object> last = results.get(results.size() - 1);
				if (!fork) System.err.println(String.format(Locale.ROOT, "bench segment: %d px: median %s s, %s MP/s, peak RSS %s MB", size, last.get("median_s"),
					last.get("megapixels_per_s"), last.get("peak_rss_mb")));
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("bench", "segment");
			json.put("arch", segmenter != null ? "segmenter:" + segmenter : Architecture.parse(arch).key);
			if (segmenter == null) {
				json.put("decoder", decoder);
				json.put("decoder_width", decoderWidth);
				json.put("ensemble", ensemble);
			}
			json.put("tile", tile);
			json.put("overlap", overlap);
			json.put("threads", t);
			json.put("device", device);
			json.put("rss", fork ? "each size in a fresh JVM" : "one JVM for all sizes");
			json.put("sizes", results);
			if (results.size() > 1) {
				double first = ((Number) results.get(0).get("median_s")).doubleValue(), lastS = ((Number) results.get(results.size() - 1).get("median_s")).doubleValue();
				json.put("time_ratio", Math.round(lastS / first * 1000) / 1000.0);
				json.put("time_ratio_of", sizes[sizes.length - 1] + "/" + sizes[0]);
			}
			System.out.println(JSON.toJson(json));
			return 0;
		}

		/** Runs one size in a fresh JVM (same java, JVM options and class path); its progress goes to our stderr. */
		private Map<String, Object> forked(int size, int t) {
			List<String> cmd = new ArrayList<>();
			cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
				if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
			cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "segment", "--in_process",
				"--sizes", String.valueOf(size), "--arch", arch, "--decoder", decoder, "--decoder_width", String.valueOf(decoderWidth), "--ensemble", String.valueOf(ensemble), "--tile", String.valueOf(tile), "--overlap", String.valueOf(overlap),
				"--classes", String.valueOf(classes), "--steps", String.valueOf(steps), "--threads", String.valueOf(t)));
			if (segmenter != null) cmd.addAll(List.of("--segmenter", segmenter.toString()));
			if (encoder != null) cmd.addAll(List.of("--encoder", encoder.toString()));
			try {
				Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
				String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
				int code = p.waitFor();
				String lastLine = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
				if (code != 0 || !lastLine.startsWith("{"))
					throw new IllegalStateException("the benchmark of " + size + " px in a fresh JVM failed (exit " + code + ")");
				com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(lastLine).getAsJsonObject();
				Map<String, Object> r = JSON.fromJson(o.getAsJsonArray("sizes").get(0), LinkedHashMap.class);
				r.put("device", o.get("device").getAsString());
				// Gson reads numbers as doubles; keep integers integral
				for (String k : List.of("size", "tile", "tiles", "steps", "peak_rss_mb")) r.put(k, ((Number) r.get(k)).longValue());
				return r;
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new org.ssltem.core.CancelToken.CancelledException();
			}
		}
	}

	@Command(name = "label-efficiency", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time the label-efficiency protocol's classifiers on cached features (every split seed x label count).")
	static final class LabelEfficiency implements Callable<Integer> {

		@Option(names = "--features", paramLabel = "FILE.csv", description = "a CSV from 'ssl-tem features' on class folders (default: synthetic features)")
		Path features;

		@Option(names = "--classes", paramLabel = "C", defaultValue = "3", description = "synthetic features: classes; default: ${DEFAULT-VALUE}")
		int classes;

		@Option(names = "--per_class", paramLabel = "N", defaultValue = "60", description = "synthetic features: images per class; default: ${DEFAULT-VALUE}")
		int perClass;

		@Option(names = "--dim", paramLabel = "D", defaultValue = "2048", description = "synthetic features: width; default: ${DEFAULT-VALUE}")
		int dim;

		@Option(names = "--labels", paramLabel = "K,K,...", split = ",", defaultValue = "1,2,4,8,16,32,80", description = "default: ${DEFAULT-VALUE}")
		int[] labels;

		@Option(names = "--split_seeds", paramLabel = "N", defaultValue = "100", description = "default: ${DEFAULT-VALUE}")
		int splitSeeds;

		@Option(names = "--steps", paramLabel = "N", defaultValue = "3", description = "timed runs of the whole classifier stage; default: ${DEFAULT-VALUE}")
		int steps;

		@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "classifiers trained at once, 0 = all cores; default: ${DEFAULT-VALUE}")
		int threads;

		@Override
		public Integer call() {
			LabelEfficiencyBenchmark.Features f = features != null ? LabelEfficiencyBenchmark.readCsv(features)
				: LabelEfficiencyBenchmark.synthetic(classes, perClass, dim, 0L);
			LabelEfficiencyBenchmark.Result r = LabelEfficiencyBenchmark.run(f, labels, splitSeeds, steps, threads, new ConsoleProgress(System.err));
			System.out.println(JSON.toJson(r.json()));
			return 0;
		}
	}

	static void print(PretrainBenchmark.Result r) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("bench", r.what());
		json.put("pipeline", r.pipeline());
		json.put("arch", r.arch());
		json.put("size", r.size());
		json.put("batch", r.batch());
		json.put("threads", r.threads());
		json.put("steps", r.steps());
		json.put("device", r.device());
		json.put("median_s", round(r.medianS()));
		json.put("min_s", round(r.minS()));
		json.put("max_s", round(r.maxS()));
		json.put("images_per_s", Math.round(r.imagesPerS() * 100) / 100.0);
		json.put("peak_rss_mb", Math.round(r.peakRssMb()));
		if (r.loadS() > 0) json.put("load_s", round(r.loadS()));
		json.put("gflops_per_step", Math.round(r.flopsPerStep() / 1e7) / 100.0);
		json.put("gemm_peak_gflops", Math.round(r.gemmPeakGflops() * 10) / 10.0);
		json.put("flop_utilisation", Math.round(r.flopUtilisation() * 1000) / 1000.0);
		System.out.println(JSON.toJson(json));
	}

	static double round(double v) {
		return Math.round(v * 10000) / 10000.0;
	}

	@Command(name = "interactive", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time the annotate-and-segment loop: strokes drawn from a true mask, a first round (train + predict the whole image), correcting strokes and a warm-started second round.")
	static final class Interactive implements Callable<Integer> {

		@Option(names = "--encoder", required = true, paramLabel = "DIR", description = "an encoder folder (Pretrain Encoder's out)")
		Path encoder;

		@Option(names = "--image", required = true, paramLabel = "FILE", description = "the image to annotate, e.g. ../shared/data/nanowire-hrtem-seg/images/0000001.png")
		Path image;

		@Option(names = "--truth", required = true, paramLabel = "FILE", description = "its true mask (non-zero = nanowire); the strokes are drawn inside it")
		Path truth;

		@Option(names = "--strokes", defaultValue = "10", description = "first strokes, alternating nanowire and background; default: ${DEFAULT-VALUE}")
		int strokes;

		@Option(names = "--corrections", defaultValue = "4", description = "strokes on wrongly predicted pixels before round 2; default: ${DEFAULT-VALUE}")
		int corrections;

		@Option(names = "--stroke_length", defaultValue = "60", description = "px; default: ${DEFAULT-VALUE}")
		int strokeLength;

		@Option(names = "--brush", defaultValue = "7", description = "stroke width in px; default: ${DEFAULT-VALUE}")
		int brush;

		@Option(names = "--window", defaultValue = "256", description = "training window side in px; default: ${DEFAULT-VALUE}")
		int window;

		@Option(names = "--first_steps", defaultValue = "30", description = "default: ${DEFAULT-VALUE}")
		int firstSteps;

		@Option(names = "--later_steps", defaultValue = "15", description = "default: ${DEFAULT-VALUE}")
		int laterSteps;

		@Option(names = "--threads", defaultValue = "0", description = "TF threads, 0 = all cores; default: ${DEFAULT-VALUE}")
		int threads;

		@Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
		long seed;

		@Override
		public Integer call() {
			var settings = new org.ssltem.annotate.AnnotationSession.Settings(window, firstSteps, laterSteps, 0.45, brush);
			Map<String, Object> r = org.ssltem.bench.InteractiveBenchmark.run(new org.ssltem.bench.InteractiveBenchmark.Config(encoder, image, truth, strokes,
				corrections, strokeLength, brush, settings, "cpu", threads > 0 ? threads : Device.defaultThreads(), seed), new ConsoleProgress(System.err));
			System.out.println(JSON.toJson(r));
			return 0;
		}
	}
}
