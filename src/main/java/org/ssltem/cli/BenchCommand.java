package org.ssltem.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.SslLoss;
import org.ssltem.train.PretrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; the last line of each is one JSON object.",
	subcommands = { BenchCommand.Pretrain.class, BenchCommand.Features.class })
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
}
