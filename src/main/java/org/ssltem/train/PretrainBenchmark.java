package org.ssltem.train;

import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.PretrainingGraph;
import org.ssltem.nn.Projector;
import org.ssltem.nn.SslLoss;
import org.ssltem.nn.Tensors;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times pretraining steps the way ../shared/bench/peer_torch_ssl.py does: one step is 2·batch images (both
 * views) forward and backward through encoder and projector plus the SGD update; warm-up steps are not timed.
 */
public final class PretrainBenchmark {

	private PretrainBenchmark() {}

	public record Result(String arch, int size, int batch, String method, int threads, int steps, double[] stepSeconds, double medianS,
		double minS, double maxS, double imagesPerS, double peakRssMb, String device) {}

	public static Result run(Architecture arch, int size, int batch, int steps, int warmup, SslLoss.Method method, int threads,
		ProgressListener listener)
	{
		if (steps < 1) throw UserInputException.option("--steps must be at least 1", "pass e.g. --steps 5");
		if (batch < 2) throw UserInputException.option("--batch must be at least 2", "pass e.g. --batch 8");
		Device device = Device.choose(Device.Preference.AUTO);
		PretrainingGraph.Spec spec = new PretrainingGraph.Spec(arch, size, Projector.PAPER_SIZES, method, SslLoss.Variant.PAPER, 0.1, 0.005, 0L);
		float[] views = new float[2 * batch * size * size];
		SplittableRandom r = new SplittableRandom(0);
		for (int i = 0; i < views.length; i++) views[i] = (float) r.nextDouble();
		double[] times = new double[steps];
		try (PretrainingGraph g = PretrainingGraph.build(spec, device.sessionConfig(threads));
			TFloat32 x = Tensors.floats(Shape.of(2L * batch, size, size, 1), views))
		{
			g.initialize();
			for (int i = 0; i < warmup + steps; i++) {
				long t = System.nanoTime();
				g.step(x, 0.01f);
				double dt = (System.nanoTime() - t) / 1e9;
				if (i >= warmup) times[i - warmup] = dt;
				listener.progress("bench", i + 1, warmup + steps, (i < warmup ? "warm-up " : "step ") + String.format(java.util.Locale.ROOT, "%.3f s", dt));
			}
		}
		double[] sorted = times.clone();
		Arrays.sort(sorted);
		double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		return new Result(arch.key, size, batch, method.key, threads, steps, times, median, sorted[0], sorted[sorted.length - 1],
			2.0 * batch / median, peakRssMb(), device.description());
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
