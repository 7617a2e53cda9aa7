package org.ssltem.bench;

import org.ssltem.annotate.AnnotationSession;
import org.ssltem.annotate.IndexMask;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.OperationResult;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.engine.LocalEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The annotate-and-segment loop as a user runs it, timed: strokes on one image (drawn from its true mask, as a user
 * would draw them on what they see), a first round of training and the prediction of the whole image, then a few
 * correcting strokes where the prediction is wrong and a second, warm-started round with its prediction. Each
 * round's seconds (training, prediction) and the Dice of its prediction against the true mask. The networks are built
 * first, as the window builds them at the first stroke, and timed apart.
 */
public final class InteractiveBenchmark {

	private InteractiveBenchmark() {}

	public record Config(Path encoder, Path image, Path truth, int strokes, int corrections, int strokeLength, int brush, AnnotationSession.Settings settings,
		String device, int threads, long seed) {}

	public static Map<String, Object> run(Config c, ProgressListener log) {
		int[] wh = new int[2];
		int[] truth = new MaskRule(256, null).classesOf(ImageFiles.readLabels(c.truth(), wh), wh[0], c.truth());
		int w = wh[0], h = wh[1];
		for (int i = 0; i < truth.length; i++) truth[i] = truth[i] != 0 ? 1 : 0;
		Path work;
		try {
			work = Files.createTempDirectory("ssl-tem-bench-interactive-");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		LocalEngine engine = new LocalEngine();
		AnnotationSession.Engine calls = new AnnotationSession.Engine() {
			@Override
			public OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
				Map<String, String> p = new HashMap<>(parameters);
				p.put("device", c.device());
				p.put("threads", Integer.toString(c.threads()));
				return engine.run(operation, p, progress, cancel);
			}

			@Override
			public InteractiveSegmenter interactive(Path encoder, int classes) {
				return engine.interactive(encoder, classes, c.device(), c.threads());
			}
		};
		AnnotationSession session = new AnnotationSession(List.of(c.image()), c.encoder(), List.of("background", "nanowire"), calls, work, c.settings());
		SplittableRandom r = new SplittableRandom(c.seed());
		List<Map<String, Object>> rounds = new ArrayList<>();
		Map<String, Object> warmUp = new LinkedHashMap<>();
		try {
			// as the window does at the first stroke: the networks are built while the user paints
			long w0 = System.nanoTime(), cw0 = cpuNanos();
			session.warmUp(0, null, new AtomicBoolean());
			warmUp.put("wall_s", (System.nanoTime() - w0) / 1e9);
			warmUp.put("cpu_s", (cpuNanos() - cw0) / 1e9);
			log.log(String.format(java.util.Locale.ROOT, "bench interactive: networks built while painting: %.1f s (CPU %.1f s)", (double) warmUp.get("wall_s"),
				(double) warmUp.get("cpu_s")));
			for (int k = 0; k < c.strokes(); k++) stroke(session, truth, w, h, k % 2 == 0 ? 1 : 0, null, c, r);
			for (int round = 1; round <= 2; round++) {
				if (round > 1) for (int k = 0; k < c.corrections(); k++) stroke(session, truth, w, h, k % 2 == 0 ? 1 : 0, session.prediction(0), c, r);
				long t0 = System.nanoTime(), c0 = cpuNanos();
				AnnotationSession.Round trained = session.train(null, new AtomicBoolean());
				long t1 = System.nanoTime(), c1 = cpuNanos();
				IndexMask p = session.predict(0, null, new AtomicBoolean());
				long t2 = System.nanoTime(), c2 = cpuNanos();
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("round", round);
				row.put("labelled_pixels", session.labelsOrNull(0).labelledCount());
				row.put("steps", trained.steps());
				row.put("train_s", (t1 - t0) / 1e9);
				row.put("predict_s", (t2 - t1) / 1e9);
				row.put("total_s", (t2 - t0) / 1e9);
				// on a shared machine the wall time depends on the others' load; the process's CPU time does not
				row.put("train_cpu_s", (c1 - c0) / 1e9);
				row.put("predict_cpu_s", (c2 - c1) / 1e9);
				row.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
				row.put("dice", dice(truth, p.labels()));
				rounds.add(row);
				log.log(String.format(java.util.Locale.ROOT, "bench interactive: round %d: %d px labelled, train %.1f s + predict %.1f s = %.1f s (CPU %.1f + %.1f s),"
					+ " Dice %.3f", round, session.labelsOrNull(0).labelledCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, (c1 - c0) / 1e9, (c2 - c1) / 1e9,
					(double) row.get("dice")));
			}
		}
		finally {
			session.close();
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("benchmark", "interactive");
		out.put("image", c.image().toString());
		out.put("size", w + "x" + h);
		out.put("strokes", c.strokes());
		out.put("corrections", c.corrections());
		out.put("window", c.settings().window());
		out.put("first_steps", c.settings().firstSteps());
		out.put("later_steps", c.settings().laterSteps());
		out.put("threads", c.threads());
		out.put("warm_up_while_painting", warmUp);
		out.put("rounds", rounds);
		return out;
	}

	/**
	 * One straight stroke of class {@code cls}, {@code brush} px wide, lying inside that class of the truth; with a
	 * prediction, it starts on a pixel the prediction got wrong (a correcting stroke).
	 */
	static void stroke(AnnotationSession s, int[] truth, int w, int h, int cls, IndexMask prediction, Config c, SplittableRandom r) {
		int half = c.brush() / 2, len = c.strokeLength();
		for (int attempt = 0; attempt < 20_000; attempt++) {
			int x = r.nextInt(w), y = r.nextInt(h);
			if (truth[y * w + x] != cls || prediction != null && attempt < 10_000 && prediction.labels()[y * w + x] == cls) continue;
			double angle = r.nextDouble() * Math.PI;
			byte[] area = new byte[w * h];
			boolean inside = true;
			for (int t = -len / 2; t <= len / 2 && inside; t++) {
				int cx = (int) Math.round(x + t * Math.cos(angle)), cy = (int) Math.round(y + t * Math.sin(angle));
				for (int dy = -half; dy <= half && inside; dy++)
					for (int dx = -half; dx <= half; dx++) {
						int px = cx + dx, py = cy + dy;
						if (px < 0 || py < 0 || px >= w || py >= h || truth[py * w + px] != cls) {
							inside = false;
							break;
						}
						area[py * w + px] = 1;
					}
			}
			if (inside) {
				s.paint(0, w, h, area, cls, "stroke");
				return;
			}
		}
		throw UserInputException.about(c.truth(), "has no room for a " + len + " px stroke of class " + cls, "use a shorter --stroke_length");
	}

	/** CPU time of this process (all threads, TensorFlow's included). */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static double dice(int[] truth, int[] predicted) {
		long tp = 0, t = 0, p = 0;
		for (int i = 0; i < truth.length; i++) {
			boolean a = truth[i] != 0, b = predicted[i] != 0;
			if (a && b) tp++;
			if (a) t++;
			if (b) p++;
		}
		return t + p == 0 ? 1.0 : 2.0 * tp / (t + p);
	}
}
