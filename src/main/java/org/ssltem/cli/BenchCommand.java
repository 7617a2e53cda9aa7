package org.ssltem.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.SslLoss;
import org.ssltem.train.PretrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; the last line of each is one JSON object.",
	subcommands = { BenchCommand.Pretrain.class })
final class BenchCommand {

	static final Gson JSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Time pretraining steps (2*batch images per step, as ../shared/bench/peer_torch_ssl.py counts them).")
	static final class Pretrain implements Callable<Integer> {

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

		@Option(names = "--method", defaultValue = "barlow", description = "default: ${DEFAULT-VALUE}")
		String method;

		@Option(names = "--threads", defaultValue = "0", description = "TF threads, 0 = all cores; default: ${DEFAULT-VALUE}")
		int threads;

		@Override
		public Integer call() {
			int t = threads > 0 ? threads : Device.defaultThreads();
			PretrainBenchmark.Result r = PretrainBenchmark.run(Architecture.parse(arch), size, batch, steps, warmup, SslLoss.Method.parse(method), t,
				new ConsoleProgress(System.err));
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("bench", "pretrain");
			json.put("pipeline", "graph");
			json.put("arch", r.arch());
			json.put("size", r.size());
			json.put("batch", r.batch());
			json.put("method", r.method());
			json.put("threads", r.threads());
			json.put("steps", r.steps());
			json.put("device", r.device());
			json.put("median_s", round(r.medianS()));
			json.put("min_s", round(r.minS()));
			json.put("max_s", round(r.maxS()));
			json.put("images_per_s", Math.round(r.imagesPerS() * 100) / 100.0);
			json.put("peak_rss_mb", Math.round(r.peakRssMb()));
			System.out.println(JSON.toJson(json));
			return 0;
		}
	}

	static double round(double v) {
		return Math.round(v * 10000) / 10000.0;
	}
}
