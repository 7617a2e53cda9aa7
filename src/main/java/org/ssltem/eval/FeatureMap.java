package org.ssltem.eval;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureExtractor;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYImageAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Resize;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A 2-D t-SNE map of encoder features, coloured by class: {@code tsne.csv} ({@code file,class,x,y}) and
 * {@code tsne.png} (a JFreeChart scatter with a legend, optionally with a small thumbnail of each image at its point).
 *
 * <p>The embedding is Smile's exact t-SNE ({@code smile.manifold.TSNE}, Smile 1.5.3, Apache-2.0): early exaggeration
 * 12 for the first 250 iterations, momentum 0.5 then 0.8. The learning rate follows the size of the set, n / 12 / 4
 * (Belkina et al. 2019; scikit-learn's "auto"), but with a floor of 10 instead of scikit-learn's 50: with Smile's
 * update, the usual fixed 200, and even 50, make near-duplicate images of a small set (the 180 nanofibre SEM images hold
 * several) oscillate around each other with growing amplitude until they are thrown hundreds to hundreds of thousands
 * of units away; at 10 to 30 the same map stays within ±20. It is given the squared Euclidean distances
 * (scaled to mean 1, which leaves the perplexity calibration unchanged), so it never mistakes a square feature matrix for
 * a distance matrix. Runs are deterministic for a seed: the seed sets Smile's random start, and Smile's gradient step,
 * which updates points in place from several threads, is kept to one thread ({@code smile.threads=1}).
 *
 * <p>Perplexity must stay below (n−1)/3 for n points (the rule scikit-learn and Barnes-Hut t-SNE use); a larger one is
 * lowered to that, with a warning. Fewer than {@link #MIN_POINTS} images is an error.
 */
public final class FeatureMap {

	public static final String CSV = "tsne.csv", PNG = "tsne.png";
	public static final int MIN_POINTS = 5, MIN_ITERATIONS = 250;
	/** Smile's early exaggeration (P × 12 for the first 250 iterations). */
	static final double EARLY_EXAGGERATION = 12;
	private static final int WIDTH = 900, HEIGHT = 780, THUMBNAIL = 28;

	private FeatureMap() {}

	/** t-SNE settings: perplexity 30 and 1000 iterations by default (scikit-learn's). */
	public record Options(double perplexity, int iterations, long seed) {
		public static Options defaults() {
			return new Options(30, 1000, 0);
		}

		void check() {
			if (!(perplexity > 0) || Double.isInfinite(perplexity))
				throw UserInputException.option("{{perplexity}} " + perplexity + " must be a positive number", "pass e.g. {{perplexity}} 30");
			if (iterations < MIN_ITERATIONS)
				throw UserInputException.option("{{iterations}} " + iterations + " is too few: t-SNE's early exaggeration alone lasts " + MIN_ITERATIONS,
					"pass {{iterations}} " + MIN_ITERATIONS + " or more (e.g. 1000)");
		}
	}

	/** {@code xy[point] = {x, y}}; the perplexity actually used; warnings (also logged). */
	public record Embedding(double[][] xy, double perplexity, List<String> warnings) {}

	/** One labelled point of the map; {@code className} is "" for unlabelled images. */
	public record Point(String file, String className, double x, double y) {}

	/** What {@link #run} wrote. */
	public record Report(Path csv, Path png, List<Point> points, double perplexity, List<String> warnings, double seconds) {}

	/** What {@code tsne} takes: features from an encoder and an images folder, or from a features CSV. */
	public static final class Config {
		public Path encoder;
		public Path images;
		/** A {@code features} CSV instead of encoder + images. */
		public Path features;
		public Path out;
		public Options options = Options.defaults();
		public boolean thumbnails;
		public boolean overwrite;
	}

	/** Embeds the rows of {@code features} in 2-D. */
	public static Embedding embed(float[][] features, Options options, ProgressListener listener) {
		options.check();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		int n = features.length;
		if (n < MIN_POINTS)
			throw UserInputException.option("t-SNE needs at least " + MIN_POINTS + " images, got " + n, "give a folder with more images");
		List<String> warnings = new ArrayList<>();
		double perplexity = options.perplexity();
		double max = (n - 1) / 3.0;
		if (perplexity > max) {
			String w = String.format(Locale.ROOT, "perplexity %s is too large for %d images (it must be below (n-1)/3 = %.2f); using %.2f",
				fmt(perplexity), n, max, max);
			warnings.add(w);
			log.log("ssl-tem: warning: " + w);
			perplexity = max;
		}
		double[][] d = squaredDistances(features);
		if (!singleThreaded()) {
			String w = "Smile runs t-SNE on several threads here (system property smile.threads was set before), so the map may differ slightly between runs";
			warnings.add(w);
			log.log("ssl-tem: warning: " + w);
		}
		log.log(String.format(Locale.ROOT, "ssl-tem: t-SNE of %d images, perplexity %s, %d iterations, seed %d", n, fmt(perplexity), options.iterations(),
			options.seed()));
		smile.math.Math.setSeed(options.seed());
		smile.manifold.TSNE tsne = new smile.manifold.TSNE(d, 2, perplexity, learningRate(n), options.iterations());
		double[][] xy = tsne.getCoordinates();
		for (double[] p : xy)
			if (!Double.isFinite(p[0]) || !Double.isFinite(p[1]))
				throw new IllegalStateException("t-SNE gave non-finite coordinates (are some feature rows NaN?)");
		return new Embedding(xy, perplexity, warnings);
	}

	/** max(n / early exaggeration / 4, 10): scikit-learn's learning_rate="auto" with a lower floor (see the class comment). */
	static double learningRate(int n) {
		return Math.max(n / EARLY_EXAGGERATION / 4, 10);
	}

	/** Squared Euclidean distances, divided by their mean (so their scale does not matter). */
	static double[][] squaredDistances(float[][] x) {
		int n = x.length, w = x[0].length;
		double[][] d = new double[n][n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			if (x[i].length != w) throw new IllegalArgumentException("feature rows differ in width: " + w + " and " + x[i].length);
			for (int j = 0; j < i; j++) {
				double s = 0;
				for (int k = 0; k < w; k++) {
					double t = (double) x[i][k] - x[j][k];
					s += t * t;
				}
				d[i][j] = d[j][i] = s;
				sum += s;
			}
		}
		double mean = sum / (n * (n - 1) / 2.0);
		if (!(mean > 0))
			throw UserInputException.option("all " + n + " images have the same features, so there is nothing to map", "check the images differ");
		for (double[] row : d)
			for (int j = 0; j < n; j++) row[j] /= mean;
		return d;
	}

	/** Smile sizes its thread pool once, from {@code smile.threads}; ask for one thread before its first use. */
	private static boolean singleThreaded() {
		synchronized (FeatureMap.class) {
			if (System.getProperty("smile.threads") == null) System.setProperty("smile.threads", "1");
		}
		return smile.util.MulticoreExecutor.getThreadPoolSize() == 1;
	}

	/** The whole command: features (cached per encoder, or read from a CSV), the embedding, the CSV and the PNG. */
	public static Report run(Config c, ProgressListener listener, CancelToken cancel) {
		if (c.out == null) throw UserInputException.option("no output folder given", "pass {{out}} DIR");
		try (OutputFolder folder = OutputFolder.claim(c.out, "tsne", "{{out}}")) {
			return runClaimed(c, listener, cancel);
		}
	}

	private static Report runClaimed(Config c, ProgressListener listener, CancelToken cancel) {
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (Files.exists(c.out) && !Files.isDirectory(c.out)) throw UserInputException.about(c.out, "is a file, not a folder", "choose a folder for {{out}}");
		Path csv = c.out.resolve(CSV), png = c.out.resolve(PNG);
		if (!c.overwrite)
			for (Path p : List.of(csv, png))
				if (Files.exists(p)) throw UserInputException.about(p, "already exists", "choose another {{out}} folder, or pass {{overwrite}} to replace it");
		c.options.check();
		List<String> files = new ArrayList<>(), classes = new ArrayList<>();
		List<Path> imageFiles = new ArrayList<>();
		float[][] features;
		if (c.features != null) {
			if (c.encoder != null)
				throw UserInputException.option("both {{features}} and {{encoder}} given", "pass either {{features}} FILE.csv, or {{encoder}} DIR with {{images}} DIR");
			features = readFeaturesCsv(c.features, files, classes);
			for (String f : files) imageFiles.add(c.images == null ? null : c.images.resolve(f));
			if (c.thumbnails && c.images == null)
				throw UserInputException.option("{{thumbnails}} with {{features}} needs the images", "pass {{images}} DIR, the folder the features were computed from");
		}
		else {
			if (c.encoder == null || c.images == null)
				throw UserInputException.option("no features to map", "pass {{encoder}} DIR and {{images}} DIR, or {{features}} FILE.csv (from 'ssl-tem features')");
			ImageDataset dataset = ImageDataset.scan(c.images);
			features = FeatureCache.features(c.encoder, dataset.files(), log, cancel).features();
			for (ImageDataset.Entry e : dataset.entries()) {
				files.add(c.images.relativize(e.file()).toString().replace('\\', '/'));
				classes.add(e.className() == null ? "" : e.className());
				imageFiles.add(e.file());
			}
		}
		if (cancel != null) cancel.throwIfCancelled();
		Embedding emb = embed(features, c.options, log);
		List<Point> points = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) points.add(new Point(files.get(i), classes.get(i), emb.xy()[i][0], emb.xy()[i][1]));
		try {
			Files.createDirectories(c.out);
		}
		catch (IOException e) {
			throw UserInputException.about(c.out, "cannot create the folder (" + e.getMessage() + ")", "check the path and its permissions");
		}
		writeCsv(csv, points);
		String source = c.features != null ? c.features.getFileName().toString() : c.encoder.getFileName() + " on " + c.images.getFileName();
		String title = String.format(Locale.ROOT, "t-SNE of %s (perplexity %s, seed %d)", source, fmt(emb.perplexity()), c.options.seed());
		writePng(png, points, c.thumbnails ? imageFiles : null, title);
		return new Report(csv, png, points, emb.perplexity(), emb.warnings(), (System.nanoTime() - t0) / 1e9);
	}

	static void writeCsv(Path csv, List<Point> points) {
		StringBuilder sb = new StringBuilder("file,class,x,y\n");
		for (Point p : points)
			sb.append(Csv.field(p.file())).append(',').append(Csv.field(p.className())).append(',')
				.append(String.format(Locale.ROOT, "%.6f,%.6f", p.x(), p.y())).append('\n');
		AtomicFiles.writeString(csv, sb.toString());
	}

	/** The scatter, one series per class (in the order classes first appear); thumbnails when {@code images} is given. */
	static void writePng(Path png, List<Point> points, List<Path> images, String title) {
		Map<String, XYSeries> byClass = new LinkedHashMap<>();
		for (Point p : points)
			byClass.computeIfAbsent(p.className(), k -> new XYSeries(k.isEmpty() ? "images" : k, false, true)).add(p.x(), p.y());
		XYSeriesCollection data = new XYSeriesCollection();
		byClass.values().forEach(data::addSeries);
		JFreeChart chart = ChartFactory.createScatterPlot(title, "t-SNE 1", "t-SNE 2", data, PlotOrientation.VERTICAL, true, false, false);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(new Color(0xdddddd));
		plot.setRangeGridlinePaint(new Color(0xdddddd));
		XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
		for (int s = 0; s < data.getSeriesCount(); s++) {
			r.setSeriesShape(s, images != null ? new Ellipse2D.Double(-3, -3, 6, 6) : new Ellipse2D.Double(-4, -4, 8, 8));
			r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
		}
		if (images != null) {
			for (int i = 0; i < points.size(); i++) {
				if (images.get(i) == null) continue;
				GreyImage g = ImageFiles.readGrey(images.get(i));
				int tw = THUMBNAIL, th = Math.max(1, (int) Math.round(THUMBNAIL * (double) g.height / g.width));
				// behind the points, so each thumbnail still shows its class colour
				r.addAnnotation(new XYImageAnnotation(points.get(i).x(), points.get(i).y(), thumbnail(Resize.bilinear(g, tw, th)), RectangleAnchor.CENTER),
					Layer.BACKGROUND);
			}
		}
		BufferedImage img = chart.createBufferedImage(WIDTH, HEIGHT);
		AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
	}

	private static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
		new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf) };

	private static BufferedImage thumbnail(GreyImage g) {
		BufferedImage b = new BufferedImage(g.width, g.height, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < g.height; y++)
			for (int x = 0; x < g.width; x++) {
				int v = (int) Math.round(Math.max(0, Math.min(1, g.pixels[y * g.width + x])) * 255);
				b.getRaster().setSample(x, y, 0, v);
			}
		return b;
	}

	/** Reads a {@code features} CSV ({@code file,class,f0,f1,...}); fills {@code files} and {@code classes}. */
	static float[][] readFeaturesCsv(Path csv, List<String> files, List<String> classes) {
		if (!Files.isRegularFile(csv)) throw UserInputException.about(csv, "no such file", "give the CSV written by 'ssl-tem features'");
		List<float[]> rows = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			String headerLine = r.readLine();
			List<String> header = headerLine == null ? List.of() : Csv.split(headerLine);
			if (header.size() < 3 || !header.get(0).equals("file") || !header.get(1).equals("class") || !header.get(2).equals("f0"))
				throw UserInputException.about(csv, "is not a features CSV (its header should start with file,class,f0)", "give the CSV written by 'ssl-tem features'");
			int width = header.size() - 2, line = 1;
			for (String s; (s = r.readLine()) != null;) {
				line++;
				if (s.isEmpty()) continue;
				List<String> cells = Csv.split(s);
				if (cells.size() != header.size())
					throw UserInputException.about(csv, "line " + line + " has " + cells.size() + " fields, the header " + header.size(), "write the CSV again with 'ssl-tem features'");
				float[] f = new float[width];
				for (int j = 0; j < width; j++) {
					try {
						f[j] = Float.parseFloat(cells.get(j + 2));
					}
					catch (NumberFormatException e) {
						throw UserInputException.about(csv, "line " + line + ": '" + cells.get(j + 2) + "' is not a number", "write the CSV again with 'ssl-tem features'");
					}
				}
				files.add(cells.get(0));
				classes.add(cells.get(1));
				rows.add(f);
			}
		}
		catch (IOException e) {
			throw UserInputException.about(csv, "cannot be read (" + e.getMessage() + ")", "check the file and its permissions");
		}
		return rows.toArray(float[][]::new);
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
	}
}
