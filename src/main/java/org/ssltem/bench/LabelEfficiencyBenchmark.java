package org.ssltem.bench;

import org.ssltem.api.Csv;

import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.eval.SegmentationEvaluation;
import org.ssltem.infer.FeatureExtractor;

import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the classifier stage of the label-efficiency protocol ({@link LabelEfficiencyProtocol#classifiers}: every
 * split seed × label count, one linear classifier each) on features already computed, as the protocol runs once the
 * feature cache is warm. The features are a {@code features} CSV ({@code file,class,f0,f1,…}) or a synthetic matrix
 * shaped like a real one: non-negative (post-ReLU, average-pooled) vectors, one mean per class plus noise.
 */
public final class LabelEfficiencyBenchmark {

	/** Feature matrix and labels. */
	public record Features(float[][] x, int[] classOf, List<String> classes, String source) {}

	public record Result(Features features, int[] labels, int splitSeeds, int threads, double[] seconds, double medianS, double minS, double maxS,
		int classifiers, double peakRssMb, List<LabelEfficiencyProtocol.Summary> summary) {

		public Map<String, Object> json() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("bench", "label-efficiency");
			m.put("features", features.source());
			m.put("images", features.x().length);
			m.put("classes", features.classes().size());
			m.put("dim", features.x()[0].length);
			m.put("labels", labels);
			m.put("split_seeds", splitSeeds);
			m.put("classifiers", classifiers);
			m.put("threads", threads);
			m.put("steps", seconds.length);
			m.put("median_s", SegmentationBenchmark.round(medianS));
			m.put("min_s", SegmentationBenchmark.round(minS));
			m.put("max_s", SegmentationBenchmark.round(maxS));
			m.put("classifiers_per_s", Math.round(classifiers / medianS * 100) / 100.0);
			m.put("peak_rss_mb", Math.round(peakRssMb));
			return m;
		}
	}

	private LabelEfficiencyBenchmark() {}

	/** Runs the classifier stage {@code steps} times on the same features and splits. */
	public static Result run(Features f, int[] labels, int splitSeeds, int steps, int threads, ProgressListener listener) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (steps < 1) throw UserInputException.option("{{steps}} must be at least 1, got " + steps, "pass e.g. {{steps}} 1");
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.labels = labels;
		c.splitSeeds = splitSeeds;
		c.threads = threads;
		double[] times = new double[steps];
		LabelEfficiencyProtocol.Classifiers last = null;
		for (int i = 0; i < steps; i++) {
			long t = System.nanoTime();
			last = LabelEfficiencyProtocol.classifiers(List.of("features"), List.<float[][]>of(f.x()), f.classOf(), f.classes(), c, null, null);
			times[i] = (System.nanoTime() - t) / 1e9;
			log.progress("bench", i + 1, steps, String.format(Locale.ROOT, "%d classifiers in %.3f s", last.rows().size(), times[i]));
		}
		double[] sorted = times.clone();
		Arrays.sort(sorted);
		return new Result(f, labels, splitSeeds, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), times,
			SegmentationEvaluation.median(times), sorted[0], sorted[sorted.length - 1], last.rows().size(), PretrainBenchmark.peakRssMb(), last.summary());
	}

	/**
	 * Synthetic features: class c has a mean vector {@code m_c = b + 0.5·|d_c|} (b shared, d_c per class, both
	 * |N(0,1)|), each image {@code max(0, m_c + N(0,1))}, so classes overlap the way frozen features of similar
	 * micrographs do.
	 */
	public static Features synthetic(int classes, int perClass, int dim, long seed) {
		if (classes < 2 || perClass < 2 || dim < 1)
			throw UserInputException.option("synthetic features need at least 2 classes of 2 images and 1 dimension", "pass e.g. {{classes}} 3 {{per_class}} 60 {{dim}} 2048");
		SplittableRandom r = new SplittableRandom(seed);
		float[] base = new float[dim];
		for (int j = 0; j < dim; j++) base[j] = (float) Math.abs(gauss(r));
		float[][] x = new float[classes * perClass][];
		int[] classOf = new int[x.length];
		List<String> names = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			names.add("class" + c);
			float[] mean = new float[dim];
			for (int j = 0; j < dim; j++) mean[j] = base[j] + 0.5f * (float) Math.abs(gauss(r));
			for (int n = 0; n < perClass; n++) {
				float[] v = new float[dim];
				for (int j = 0; j < dim; j++) v[j] = Math.max(0f, mean[j] + (float) gauss(r));
				x[c * perClass + n] = v;
				classOf[c * perClass + n] = c;
			}
		}
		return new Features(x, classOf, names, String.format(Locale.ROOT, "synthetic %d x %d x %d-d", classes, perClass, dim));
	}

	private static double gauss(SplittableRandom r) {
		double u = 1 - r.nextDouble(), v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Reads a {@code features} CSV: header {@code file,class,f0,…}; every row needs a class. */
	public static Features readCsv(Path csv) {
		List<String> lines;
		try {
			lines = Files.readAllLines(csv);
		}
		catch (IOException e) {
			throw UserInputException.about(csv, "cannot be read (" + e.getMessage() + ")", "give the CSV written by 'ssl-tem features'");
		}
		if (lines.isEmpty() || !lines.get(0).startsWith("file,class,f0"))
			throw UserInputException.about(csv, "does not start with the header file,class,f0,…", "give the CSV written by 'ssl-tem features' on a folder of class folders");
		List<String> classes = new ArrayList<>();
		List<float[]> rows = new ArrayList<>();
		List<Integer> labels = new ArrayList<>();
		for (int i = 1; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) continue;
			List<String> fields = Csv.split(line);
			if (fields.size() < 3 || fields.get(1).isEmpty())
				throw UserInputException.about(csv, "line " + (i + 1) + " has no class", "extract features from a folder of class folders");
			float[] v = new float[fields.size() - 2];
			try {
				for (int j = 0; j < v.length; j++) v[j] = Float.parseFloat(fields.get(j + 2));
			}
			catch (NumberFormatException e) {
				throw UserInputException.about(csv, "line " + (i + 1) + " holds a value that is not a number", "give the CSV written by 'ssl-tem features'");
			}
			if (!rows.isEmpty() && v.length != rows.get(0).length)
				throw UserInputException.about(csv, "line " + (i + 1) + " has " + v.length + " features, unlike the first row's " + rows.get(0).length,
					"give the CSV written by 'ssl-tem features'");
			if (!classes.contains(fields.get(1))) classes.add(fields.get(1));
			labels.add(classes.indexOf(fields.get(1)));
			rows.add(v);
		}
		if (classes.size() < 2) throw UserInputException.about(csv, "holds fewer than 2 classes", "extract features from a folder of at least two class folders");
		return new Features(rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(), classes, csv.toString());
	}

}
