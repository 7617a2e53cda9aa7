package org.ssltem.cli;

import org.ssltem.spark.SparkBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "spark", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Images/s of segment and features: the single-machine path with N threads against 'ssl-tem spark' on local[N], N = 1, 2, interleaved.")
final class SparkBenchCommand implements Callable<Integer> {

	@Option(names = "--images", paramLabel = "DIR", defaultValue = "../shared/data/nanowire-hrtem-seg/images", description = "default: ${DEFAULT-VALUE}")
	Path images;

	@Option(names = "--count", paramLabel = "N", defaultValue = "24", description = "images used; default: ${DEFAULT-VALUE}")
	int count;

	@Option(names = "--side", paramLabel = "PX", defaultValue = "256", description = "images resized to this side first; default: ${DEFAULT-VALUE}")
	int side;

	@Option(names = "--arch", defaultValue = "resnet18", description = "default: ${DEFAULT-VALUE}")
	String arch;

	@Option(names = "--encoder_size", paramLabel = "PX", defaultValue = "224", description = "the encoder's input size (features); default: ${DEFAULT-VALUE}")
	int encoderSize;

	@Option(names = "--tile", paramLabel = "PX", defaultValue = "256", description = "segment's tile; default: ${DEFAULT-VALUE}")
	int tile;

	@Option(names = "--batch", paramLabel = "N", defaultValue = "16", description = "features' batch; default: ${DEFAULT-VALUE}")
	int batch;

	@Option(names = "--repeats", paramLabel = "N", defaultValue = "2", description = "rounds over all configurations; default: ${DEFAULT-VALUE}")
	int repeats;

	@Option(names = "--operations", paramLabel = "OP,OP", split = ",", defaultValue = "segment,features", description = "default: ${DEFAULT-VALUE}")
	List<String> operations;

	@Option(names = "--work", paramLabel = "DIR", defaultValue = "target/bench-spark", description = "models, images and outputs; default: ${DEFAULT-VALUE}")
	Path work;

	@Override
	public Integer call() throws IOException {
		String loadBefore = load();
		List<SparkBenchmark.Run> runs = SparkBenchmark.run(new SparkBenchmark.Settings(images, count, side, arch, encoderSize, tile, batch, repeats, work, operations),
			new ConsoleProgress(System.err));
		String loadAfter = load();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("benchmark", "spark");
		json.put("images", count);
		json.put("side", side);
		json.put("arch", arch);
		json.put("cores", Runtime.getRuntime().availableProcessors());
		json.put("loadavg_before", loadBefore);
		json.put("loadavg_after", loadAfter);
		for (String op : operations) {
			Map<String, Object> m = new LinkedHashMap<>();
			double s1 = median(runs, op, "single 1 thr"), s2 = median(runs, op, "single 2 thr"), l1 = median(runs, op, "spark local[1]"),
				l2 = median(runs, op, "spark local[2]");
			m.put("single_1_thread_images_per_s", round(s1));
			m.put("single_2_threads_images_per_s", round(s2));
			m.put("spark_local1_images_per_s", round(l1));
			m.put("spark_local2_images_per_s", round(l2));
			double p1 = median(runs, op, "spark local[1]", r -> r.images() / r.imageSeconds()), p2 = median(runs, op, "spark local[2]", r -> r.images() / r.imageSeconds());
			m.put("spark_local1_images_per_s_before_tables", round(p1));
			m.put("spark_local2_images_per_s_before_tables", round(p2));
			m.put("local2_over_local1", round(l2 / l1));
			m.put("local1_over_single_1_thread", round(l1 / s1));
			m.put("local2_over_single_2_threads", round(l2 / s2));
			double c1 = cpu(runs, op, "single 1 thr"), c2 = cpu(runs, op, "single 2 thr"), cl1 = cpu(runs, op, "spark local[1]"), cl2 = cpu(runs, op, "spark local[2]");
			m.put("cpu_ms_per_image", Map.of("single_1_thread", round(c1), "single_2_threads", round(c2), "spark_local1", round(cl1), "spark_local2", round(cl2)));
			m.put("all_images_per_s", runs.stream().filter(r -> r.operation().equals(op)).map(r -> r.mode() + " " + round(r.imagesPerSecond())).toList());
			json.put(op, m);
			System.out.println(String.format(Locale.ROOT, "%-8s median images/s: single 1 thr %.3f, 2 thr %.3f; spark local[1] %.3f, local[2] %.3f"
				+ " (until the last image, before the tables: %.3f, %.3f); local[2]/local[1] %.2f, local[1]/single-1 %.2f, local[2]/single-2 %.2f", op, s1, s2, l1, l2,
				p1, p2, l2 / l1, l1 / s1, l2 / s2));
			System.out.println(String.format(Locale.ROOT, "%-8s median CPU ms/image: single 1 thr %.1f, 2 thr %.1f; spark local[1] %.1f, local[2] %.1f", op, c1, c2, cl1, cl2));
		}
		System.out.println("load average (1, 5, 15 min) before " + loadBefore + ", after " + loadAfter + " on " + Runtime.getRuntime().availableProcessors() + " cores");
		System.out.println(BenchCommand.JSON.toJson(json));
		return 0;
	}

	private static double median(List<SparkBenchmark.Run> runs, String op, String mode) {
		return median(runs, op, mode, SparkBenchmark.Run::imagesPerSecond);
	}

	private static double median(List<SparkBenchmark.Run> runs, String op, String mode, java.util.function.ToDoubleFunction<SparkBenchmark.Run> rate) {
		double[] v = runs.stream().filter(r -> r.operation().equals(op) && r.mode().equals(mode)).mapToDouble(rate).sorted().toArray();
		if (v.length == 0) return Double.NaN;
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	private static double cpu(List<SparkBenchmark.Run> runs, String op, String mode) {
		return median(runs, op, mode, SparkBenchmark.Run::cpuMsPerImage);
	}

	private static double round(double x) {
		return Math.round(x * 1000) / 1000.0;
	}

	private static String load() throws IOException {
		Path p = Path.of("/proc/loadavg");
		if (!Files.isReadable(p)) return "unknown";
		String[] f = Files.readString(p).trim().split("\\s+");
		return String.join(" ", Arrays.asList(f).subList(0, 3));
	}
}
