package org.ssltem.eval;

import org.ssltem.testing.TinyEncoder;

import org.ssltem.api.Csv;

import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureExtractor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureMapTest {

	@TempDir
	Path tmp;

	/** {@code classes} gaussian blobs of {@code perClass} points in {@code dims} dimensions, centres 10 apart, sd 1. */
	static float[][] blobs(int classes, int perClass, int dims, long seed, int[] labels) {
		SplittableRandom r = new SplittableRandom(seed);
		float[][] centres = new float[classes][dims];
		for (int c = 0; c < classes; c++) centres[c][c % dims] = 10f * (1 + c / dims);
		float[][] x = new float[classes * perClass][dims];
		for (int i = 0; i < x.length; i++) {
			int c = i % classes;
			labels[i] = c;
			for (int k = 0; k < dims; k++) x[i][k] = centres[c][k] + (float) gaussian(r);
		}
		return x;
	}

	private static double gaussian(SplittableRandom r) {
		return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
	}

	/** Leave-one-out 1-nearest-neighbour class accuracy in the map. */
	static double oneNnAccuracy(double[][] y, int[] labels) {
		int right = 0;
		for (int i = 0; i < y.length; i++) {
			int best = -1;
			double bestD = Double.POSITIVE_INFINITY;
			for (int j = 0; j < y.length; j++) {
				if (j == i) continue;
				double d = sq(y[i], y[j]);
				if (d < bestD) {
					bestD = d;
					best = j;
				}
			}
			if (labels[best] == labels[i]) right++;
		}
		return right / (double) y.length;
	}

	/**
	 * Trustworthiness (Venna & Kaski 2001, as scikit-learn computes it): 1 when every point's k nearest neighbours in
	 * the map are among its k nearest in the input; each intruder is penalised by how far down the input ranking it is.
	 */
	static double trustworthiness(float[][] x, double[][] y, int k) {
		int n = x.length;
		double[][] dx = new double[n][n], dy = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int d = 0; d < x[i].length; d++) s += (x[i][d] - x[j][d]) * (double) (x[i][d] - x[j][d]);
				dx[i][j] = s;
				dy[i][j] = sq(y[i], y[j]);
			}
		double penalty = 0;
		for (int i = 0; i < n; i++) {
			Integer[] byX = order(dx[i], i), byY = order(dy[i], i);
			int[] rankX = new int[n];
			for (int r = 0; r < byX.length; r++) rankX[byX[r]] = r + 1;
			for (int r = 0; r < k; r++) penalty += Math.max(0, rankX[byY[r]] - k);
		}
		return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
	}

	private static Integer[] order(double[] d, int self) {
		List<Integer> idx = new ArrayList<>();
		for (int j = 0; j < d.length; j++) if (j != self) idx.add(j);
		idx.sort((a, b) -> Double.compare(d[a], d[b]));
		return idx.toArray(Integer[]::new);
	}

	private static double sq(double[] a, double[] b) {
		double dx = a[0] - b[0], dy = a[1] - b[1];
		return dx * dx + dy * dy;
	}

	@Test
	void wellSeparatedBlobsStaySeparatedAndNeighboursAreKept() {
		int[] labels = new int[60];
		// 60 points in 60 dimensions: a square matrix, which Smile would take for a distance matrix if given raw features
		float[][] x = blobs(3, 20, 60, 11, labels);
		FeatureMap.Embedding e = FeatureMap.embed(x, new FeatureMap.Options(10, 600, 1), null);
		assertEquals(60, e.xy().length);
		double acc = oneNnAccuracy(e.xy(), labels);
		assertTrue(acc >= 0.95, "1-NN class accuracy in the map " + acc);
		double t = trustworthiness(x, e.xy(), 5);
		double tRandom = trustworthiness(x, shuffled(e.xy(), 5), 5);
		assertTrue(t >= 0.85, "trustworthiness " + t);
		assertTrue(t > tRandom + 0.2, "trustworthiness " + t + " vs " + tRandom + " for a shuffled map");
		assertTrue(e.warnings().isEmpty(), e.warnings().toString());
	}

	@Test
	void tightGroupsOfImagesStayInsideTheMap() {
		// like the nanofibre SEM set: 3 classes of 6 samples of 10 images each, images of one sample nearly alike. With a
		// fixed learning rate of 200 (and even 50) some points ended 10^5 units out; the size-dependent rate keeps them in
		SplittableRandom r = new SplittableRandom(1);
		int dims = 64, n = 180;
		float[][] x = new float[n][dims];
		int[] labels = new int[n];
		for (int c = 0; c < 3; c++)
			for (int sample = 0; sample < 6; sample++) {
				double[] centre = new double[dims];
				for (int k = 0; k < dims; k++) centre[k] = (k == c ? 3 : 0) + gaussian(r);
				for (int m = 0; m < 10; m++) {
					int i = c * 60 + sample * 10 + m;
					labels[i] = c;
					for (int k = 0; k < dims; k++) x[i][k] = (float) (centre[k] + 0.05 * gaussian(r));
				}
			}
		double[][] y = FeatureMap.embed(x, FeatureMap.Options.defaults(), null).xy();
		double[] radius = new double[n];
		for (int i = 0; i < n; i++) radius[i] = Math.hypot(y[i][0], y[i][1]);
		double[] sorted = radius.clone();
		Arrays.sort(sorted);
		double median = sorted[n / 2], max = sorted[n - 1];
		assertTrue(max < 5 * median, "farthest point " + max + " vs median distance from the centre " + median);
	}

	private static double[][] shuffled(double[][] y, long seed) {
		List<double[]> l = new ArrayList<>(Arrays.asList(y));
		java.util.Collections.shuffle(l, new java.util.Random(seed));
		return l.toArray(double[][]::new);
	}

	@Test
	void theSameSeedGivesTheSameMapAndAnotherSeedAnotherOne() {
		int[] labels = new int[45];
		float[][] x = blobs(3, 15, 8, 2, labels);
		FeatureMap.Options o = new FeatureMap.Options(8, 300, 7);
		double[][] a = FeatureMap.embed(x, o, null).xy(), b = FeatureMap.embed(x, o, null).xy();
		for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0.0, "point " + i);
		double[][] c = FeatureMap.embed(x, new FeatureMap.Options(8, 300, 8), null).xy();
		boolean differs = false;
		for (int i = 0; i < a.length; i++) differs |= a[i][0] != c[i][0] || a[i][1] != c[i][1];
		assertTrue(differs, "seed 8 gave the same map as seed 7");
	}

	@Test
	void tooLargeAPerplexityIsLoweredWithAWarningAndTooFewPointsAreAnError() {
		int[] labels = new int[10];
		float[][] x = blobs(2, 5, 4, 3, labels);
		TinyEncoder.Log log = new TinyEncoder.Log();
		FeatureMap.Embedding e = FeatureMap.embed(x, new FeatureMap.Options(30, 300, 0), log);
		assertTrue(e.perplexity() < (10 - 1) / 3.0 + 1e-9, "perplexity " + e.perplexity());
		assertEquals(1, e.warnings().size());
		assertTrue(e.warnings().get(0).contains("perplexity 30 is too large for 10 images"), e.warnings().toString());
		assertTrue(log.toString().contains("warning: perplexity 30"), log.toString());
		assertTrue(oneNnAccuracy(e.xy(), labels) >= 0.9, "two blobs of 5 still separate");

		UserInputException few = assertThrows(UserInputException.class, () -> FeatureMap.embed(Arrays.copyOf(x, 4), FeatureMap.Options.defaults(), null));
		assertTrue(few.getMessage().contains("at least 5 images, got 4") && few.getMessage().contains("Fix:"), few.getMessage());
		UserInputException iters = assertThrows(UserInputException.class, () -> FeatureMap.embed(x, new FeatureMap.Options(3, 100, 0), null));
		assertTrue(iters.getMessage().contains("--iterations 100"), iters.getMessage());
		float[][] same = new float[6][3];
		UserInputException flat = assertThrows(UserInputException.class, () -> FeatureMap.embed(same, new FeatureMap.Options(1, 300, 0), null));
		assertTrue(flat.getMessage().contains("same features"), flat.getMessage());
	}

	/** A features CSV as 'ssl-tem features' writes it, for images in class folders (with a comma in one name). */
	static Path featuresCsv(Path csv, float[][] x, int[] labels, List<String> classes, List<String> files) throws Exception {
		StringBuilder sb = new StringBuilder("file,class");
		for (int j = 0; j < x[0].length; j++) sb.append(",f").append(j);
		sb.append('\n');
		for (int i = 0; i < x.length; i++) {
			sb.append(Csv.field(files.get(i))).append(',').append(classes.get(labels[i]));
			for (float v : x[i]) sb.append(',').append(v);
			sb.append('\n');
		}
		Files.writeString(csv, sb.toString());
		return csv;
	}

	@Test
	void fromAFeaturesCsvItWritesTheCoordinatesAndAPlotAndDrawsThumbnailsWhenAsked() throws Exception {
		List<String> classes = List.of("bundle", "network", "single");
		Path images = TinyEncoder.dataset(tmp.resolve("images"), classes, 6, 40, 30, 5);
		int[] labels = new int[18];
		float[][] x = blobs(3, 6, 5, 4, labels);
		List<String> files = new ArrayList<>();
		for (int i = 0; i < 18; i++) files.add(classes.get(labels[i]) + String.format(Locale.ROOT, "/img-%02d.png", i / 3));
		Path csv = featuresCsv(tmp.resolve("f.csv"), x, labels, classes, files);

		FeatureMap.Config c = new FeatureMap.Config();
		c.features = csv;
		c.out = tmp.resolve("map");
		c.options = new FeatureMap.Options(5, 300, 0);
		FeatureMap.Report r = FeatureMap.run(c, null, null);
		List<String> lines = Files.readAllLines(r.csv());
		assertEquals("file,class,x,y", lines.get(0));
		assertEquals(19, lines.size());
		assertTrue(lines.get(1).startsWith(files.get(0) + "," + classes.get(labels[0]) + ","), lines.get(1));
		for (int i = 1; i < lines.size(); i++) {
			String[] cells = lines.get(i).split(",");
			assertEquals(r.points().get(i - 1).x(), Double.parseDouble(cells[2]), 1e-5);
		}
		BufferedImage plain = ImageIO.read(r.png().toFile());
		assertTrue(plain.getWidth() > 500 && plain.getHeight() > 500);

		UserInputException again = assertThrows(UserInputException.class, () -> FeatureMap.run(c, null, null));
		assertTrue(again.getMessage().contains("already exists") && again.getMessage().contains("--overwrite"), again.getMessage());

		c.thumbnails = true;
		c.overwrite = true;
		UserInputException noImages = assertThrows(UserInputException.class, () -> FeatureMap.run(c, null, null));
		assertTrue(noImages.getMessage().contains("--images"), noImages.getMessage());
		c.images = images;
		FeatureMap.Report withThumbs = FeatureMap.run(c, null, null);
		BufferedImage thumbs = ImageIO.read(withThumbs.png().toFile());
		assertEquals(Files.readAllLines(r.csv()), Files.readAllLines(withThumbs.csv()), "thumbnails change the picture, not the map");
		long differing = 0;
		for (int y = 0; y < thumbs.getHeight(); y++)
			for (int xx = 0; xx < thumbs.getWidth(); xx++) if (thumbs.getRGB(xx, y) != plain.getRGB(xx, y)) differing++;
		assertTrue(differing > 18 * 100, differing + " pixels differ with thumbnails");
	}

	@Test
	void aFeaturesFileThatIsNotOneSaysSo() throws Exception {
		Path bad = Files.writeString(tmp.resolve("bad.csv"), "a,b,c\n1,2,3\n");
		FeatureMap.Config c = new FeatureMap.Config();
		c.features = bad;
		c.out = tmp.resolve("o");
		UserInputException e = assertThrows(UserInputException.class, () -> FeatureMap.run(c, null, null));
		assertTrue(e.getMessage().contains("not a features CSV"), e.getMessage());
		c.features = null;
		UserInputException none = assertThrows(UserInputException.class, () -> FeatureMap.run(c, null, null));
		assertTrue(none.getMessage().contains("--encoder DIR and --images DIR, or --features"), none.getMessage());
		assertFalse(Files.exists(tmp.resolve("o")), "nothing written on bad input");
	}

	@Test
	void fromAnEncoderItUsesTheFeatureCache() throws Exception {
		Path images = TinyEncoder.dataset(tmp.resolve("images"), List.of("a", "b"), 5, 32, 32, 9);
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc"));
		FeatureMap.Config c = new FeatureMap.Config();
		c.encoder = enc;
		c.images = images;
		c.out = tmp.resolve("map");
		c.options = new FeatureMap.Options(3, 300, 0);
		FeatureMap.Report r = FeatureMap.run(c, null, null);
		assertEquals(10, r.points().size());
		assertEquals("a", r.points().get(0).className());
		assertTrue(Files.isRegularFile(FeatureCache.fileFor(enc)), "features were cached in the encoder folder");
		assertTrue(Files.isRegularFile(r.png()));
	}
}
