package org.ssltem.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.eval.HyperparameterStudy;
import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.infer.FeatureView;
import org.ssltem.infer.LinearProbe;
import org.ssltem.infer.TextureFeatures;
import org.ssltem.morph.MorphologyAnalysis;
import org.ssltem.nn.Device;
import org.ssltem.testing.TinyEncoder;
import org.ssltem.train.LinearClassifier;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark runner in {@code local[2,2]} (two cores, a task may fail once): the same outputs as the single-machine
 * commands, a bad image in the errors table, a task failed once and retried to the same files, a rerun that skips.
 * One session and one tiny encoder and segmenter for the whole class, as Spark's start-up is slow.
 */
class SparkImageJobTest {

	@TempDir
	static Path tmp;
	static SparkSession spark;
	static Path data, encoder, segmenter, masks;
	/** The per-session-pool property before this class set it (PartitionRunner sets it too), restored for later tests. */
	static String perSessionThreadsBefore;

	@BeforeAll
	static void sessionAndModels() throws Exception {
		data = TinyEncoder.dataset(tmp.resolve("data"), List.of("a", "b"), 4, 40, 40, 2);
		encoder = TinyEncoder.pretrain(data, tmp.resolve("encoder"));
		masks = tmp.resolve("masks");
		try (Stream<Path> files = Files.walk(data)) {
			for (Path image : files.filter(Files::isRegularFile).toList()) {
				GreyImage g = ImageFiles.readGrey(image);
				byte[] m = new byte[g.pixels.length];
				for (int i = 0; i < m.length; i++) m[i] = g.pixels[i] > 0.5f ? (byte) 255 : 0;
				Path target = masks.resolve(data.relativize(image));
				Files.createDirectories(target.getParent());
				ImageFiles.writeMaskPng(m, g.width, g.height, target);
			}
		}
		SegmenterConfig c = TinyEncoder.segmenterConfig(encoder, data, masks, tmp.resolve("segmenter"));
		c.epochs = 1;
		segmenter = SegmenterTrainer.run(c, ProgressListener.SILENT, null).out();
		// Spark's tasks compute on a thread pool per TF session (PartitionRunner sets this), and on some processors that
		// sums in another order than the process-wide pool (1.3e-6 in a probability on an AMD EPYC): the single-machine
		// runs compared with them below use per-session pools too, so the comparisons are exact;
		// theSingleMachinesSharedPoolGivesTheSameMasksAndProbabilitiesToTheLastBits compares with the process-wide pool
		perSessionThreadsBefore = System.getProperty(Device.PER_SESSION_THREADS);
		System.setProperty(Device.PER_SESSION_THREADS, "true");
		spark = SparkSession.builder().master("local[2,2]").appName("SparkImageJobTest").config("spark.ui.enabled", "false").getOrCreate();
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
		if (perSessionThreadsBefore == null) System.clearProperty(Device.PER_SESSION_THREADS);
		else System.setProperty(Device.PER_SESSION_THREADS, perSessionThreadsBefore);
	}

	static SparkImageJob.Summary run(ImageWork work, Path images, Path out, boolean overwrite) {
		return SparkImageJob.run(spark, work, images.toString(), out, new SparkImageJob.Options(overwrite, false, 0), ProgressListener.SILENT);
	}

	/**
	 * Features taken another way (larger, three stages, 8 orientations) are the same on Spark as from 'ssl-tem
	 * features' and as the classifiers' features, and carry another model identity than the paper's view.
	 */
	@Test
	void featuresOfAnotherViewEqualTheSingleMachineCommandAndTheClassifiersFeatures() throws Exception {
		FeatureView view = new FeatureView(64, true, 8);
		Path csv = tmp.resolve("features-view-local.csv"), out = tmp.resolve("features-view-spark");
		FeatureExtractor.Summary local = FeatureExtractor.extractToCsv(encoder, view, data, csv, 3, false, null, null);
		assertEquals(128 + 256 + 512, local.featureWidth());
		SparkImageJob.Summary f = run(new FeaturesWork(encoder, view, 3), data, out, false);
		assertEquals(8, f.processed());
		Map<String, float[]> expected = featuresCsv(csv), distributed = featuresCsv(out.resolve("features.csv"));
		assertEquals(expected.keySet(), distributed.keySet());
		for (String k : expected.keySet()) assertArrayEquals(expected.get(k), distributed.get(k), 1e-6f, k);
		List<Path> files = new ArrayList<>();
		for (String k : expected.keySet()) files.add(data.resolve(k));
		float[][] classifiers = org.ssltem.infer.FeatureCache.features(encoder, view, files, null, null).features();
		for (int i = 0; i < files.size(); i++) assertArrayEquals(classifiers[i], expected.get(data.relativize(files.get(i)).toString()), 1e-5f, files.get(i).toString());
		String model = spark.read().parquet(f.table()).first().getString(spark.read().parquet(f.table()).first().fieldIndex("model"));
		assertTrue(!model.equals(org.ssltem.nn.EncoderIdentity.of(encoder).sha256()), "the view is part of the model identity: " + model);
	}

	@Test
	void outputsEqualTheSingleMachineCommands() throws Exception {
		// segment: masks byte for byte, probabilities to the float
		Path local = tmp.resolve("segment-local"), distributed = tmp.resolve("segment-spark");
		ImageSegmentation.run(segmenter, null, data, local, 32, 8, false, "cpu", 1, null, null);
		SparkImageJob.Summary s = run(new SegmentWork(segmenter, null, 32, 8, "cpu"), data, distributed, false);
		assertEquals(8, s.processed());
		assertSameSegmentation(local, distributed);
		assertEquals(8, spark.read().parquet(s.table()).count());

		// features: the table and the CSV against 'ssl-tem features'
		Path csv = tmp.resolve("features-local.csv"), out = tmp.resolve("features-spark");
		FeatureExtractor.extractToCsv(encoder, data, csv, 3, false, null, null);
		SparkImageJob.Summary f = run(new FeaturesWork(encoder, 3), data, out, false);
		assertEquals(8, f.processed());
		Map<String, float[]> expected = featuresCsv(csv);
		Map<String, float[]> table = new HashMap<>();
		for (Row r : spark.read().parquet(f.table()).collectAsList()) {
			List<Float> v = r.getList(r.fieldIndex("features"));
			float[] a = new float[v.size()];
			for (int i = 0; i < a.length; i++) a[i] = v.get(i);
			table.put(data.relativize(Path.of(r.getString(r.fieldIndex("image")))).toString(), a);
			assertEquals(out.resolve("features.parquet").toString(), f.table());
			assertEquals(org.ssltem.nn.EncoderIdentity.of(encoder).sha256(), r.getString(r.fieldIndex("model")));
		}
		assertEquals(expected.keySet(), table.keySet());
		for (String k : expected.keySet()) assertArrayEquals(expected.get(k), table.get(k), 1e-6f, k);
		// the table's columns read back as the types the job declares (an array of floats, strings)
		StructType written = SparkImageJob.tableSchema(new FeaturesWork(encoder, 3)), read = spark.read().parquet(f.table()).schema();
		assertEquals(List.of(written.fieldNames()), List.of(read.fieldNames()));
		for (StructField w : written.fields()) assertEquals(w.dataType().simpleString(), read.apply(w.name()).dataType().simpleString(), w.name());
		Map<String, float[]> sparkCsv = featuresCsv(out.resolve("features.csv"));
		for (String k : expected.keySet()) assertArrayEquals(expected.get(k), sparkCsv.get(k), 1e-6f, k);

		// morphology: the same CSV, summary rows included
		Path mcsv = tmp.resolve("morphology-local.csv");
		new MorphologyAnalysis().analyseToCsv(masks, MaskRule.BINARY, 0, mcsv, false, null, null);
		run(new MorphologyWork(MaskRule.BINARY, 0), masks, tmp.resolve("morphology-spark"), false);
		assertEquals(Files.readString(mcsv), Files.readString(tmp.resolve("morphology-spark/morphology.csv")));

		// classify: the same predictions CSV and confusion matrix
		Path classifier = tmp.resolve("classifier");
		LinearProbe.train(encoder, data, classifier, LinearClassifier.Options.defaults(), false, null, null);
		Path ccsv = tmp.resolve("classify-local/classify.csv");
		LinearProbe.classify(classifier, null, data, ccsv, false, null, null);
		run(new ClassifyWork(classifier, null, 16), data, tmp.resolve("classify-spark"), false);
		assertEquals(Files.readString(ccsv), Files.readString(tmp.resolve("classify-spark/classify.csv")));
		assertEquals(Files.readString(tmp.resolve("classify-local/classify-confusion.csv")), Files.readString(tmp.resolve("classify-spark/classify-confusion.csv")));
	}

	@Test
	void theSingleMachinesSharedPoolGivesTheSameMasksAndProbabilitiesToTheLastBits() throws Exception {
		// what `ssl-tem segment` does in its own process: sessions on the process-wide pool
		Path shared = tmp.resolve("shared-pool-segment"), distributed = tmp.resolve("shared-pool-spark");
		String was = System.clearProperty(Device.PER_SESSION_THREADS);
		try {
			ImageSegmentation.run(segmenter, null, data, shared, 32, 8, false, "cpu", 1, null, null);
		}
		finally {
			if (was != null) System.setProperty(Device.PER_SESSION_THREADS, was);
		}
		run(new SegmentWork(segmenter, null, 32, 8, "cpu"), data, distributed, false);
		// the two pool modes may sum in another order: 1.3e-6 measured on an AMD EPYC, 0 on the earlier machine
		assertSameSegmentation(shared, distributed, 1e-5f);
	}

	@Test
	void imagesAndOutputsNamedByHadoopUrisGiveThePlainPathsResults() throws Exception {
		// images and --out as file:// URIs go through Hadoop's FileSystem API (its raw local file system)
		Path local = tmp.resolve("uri-local-segment"), viaUri = tmp.resolve("uri-hadoop-segment");
		ImageSegmentation.run(segmenter, null, data, local, 32, 8, false, "cpu", 1, null, null);
		SparkImageJob.Summary s = SparkImageJob.run(spark, new SegmentWork(segmenter, null, 32, 8, "cpu"), ImageInputs.resolve(data.toUri().toString(),
			ImageInputs.FolderLayout.RECURSIVE), viaUri.toUri().toString(), new SparkImageJob.Options(false, false, 0), ProgressListener.SILENT);
		assertEquals(8, s.processed());
		assertEquals(0, s.failed());
		assertSameSegmentation(local, viaUri);
		assertTrue(s.table().startsWith("file:/"), s.table());
		assertEquals(8, spark.read().parquet(s.table()).count());

		Path features = tmp.resolve("uri-plain-features"), featuresUri = tmp.resolve("uri-hadoop-features");
		run(new FeaturesWork(encoder, 3), data, features, false);
		String images = data.toUri().toString(), out = featuresUri.toUri().toString();
		SparkImageJob.Summary f = SparkImageJob.run(spark, new FeaturesWork(encoder, 3), ImageInputs.resolve(images, ImageInputs.FolderLayout.DATASET), out,
			new SparkImageJob.Options(false, false, 0), ProgressListener.SILENT);
		assertEquals(8, f.processed());
		Map<String, float[]> expected = featuresCsv(features.resolve("features.csv")), actual = featuresCsv(featuresUri.resolve("features.csv"));
		assertEquals(expected.keySet(), actual.keySet());
		for (String k : expected.keySet()) assertArrayEquals(expected.get(k), actual.get(k), 1e-6f, k);
		assertTrue(Files.isRegularFile(featuresUri.resolve("errors.csv")));

		// a rerun on the same URIs skips every image; nothing half-written or locked is left behind
		SparkImageJob.Summary again = SparkImageJob.run(spark, new FeaturesWork(encoder, 3), ImageInputs.resolve(images, ImageInputs.FolderLayout.DATASET),
			out, new SparkImageJob.Options(false, false, 0), ProgressListener.SILENT);
		assertEquals(0, again.processed());
		assertEquals(8, again.skipped());
		try (Stream<Path> walk = Files.walk(featuresUri)) {
			List<String> leftovers = walk.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-") || n.contains(".old-") || n.endsWith(".lock")).toList();
			assertEquals(List.of(), leftovers);
		}
	}

	@Test
	void morePartitionsThanCoresReuseTheOpenEngines() throws Exception {
		assertEquals(10, SparkImageJob.partitions(160, 16, 0, 2));
		assertEquals(16, SparkImageJob.partitions(160, 1, 0, 2));
		assertEquals(2, SparkImageJob.partitions(3, 16, 0, 2));
		assertEquals(5, SparkImageJob.partitions(8, 1, 5, 2));

		CountingWork.OPENED.set(0);
		CountingWork.CLOSED.set(0);
		SparkImageJob.Summary s = SparkImageJob.run(spark, new CountingWork(), data.toString(), tmp.resolve("counting"), new SparkImageJob.Options(false, false, 8),
			ProgressListener.SILENT);
		assertEquals(8, s.processed());
		// eight partitions on two cores: an engine per task slot at most, all closed when the job ends
		assertTrue(CountingWork.OPENED.get() >= 1 && CountingWork.OPENED.get() <= 2, "opened " + CountingWork.OPENED.get());
		assertEquals(CountingWork.OPENED.get(), CountingWork.CLOSED.get());
		for (Row r : spark.read().parquet(s.table()).collectAsList())
			assertEquals((double) Files.size(Path.of(r.getString(r.fieldIndex("image")))), r.getDouble(r.fieldIndex("bytes")), 0);
	}

	/** An operation that counts the engines it opens and closes (the executors of local[2,2] run in this JVM). */
	static final class CountingWork extends BaseImageWork {
		static final AtomicInteger OPENED = new AtomicInteger(), CLOSED = new AtomicInteger();

		CountingWork() {
			super("count", ImageInputs.FolderLayout.RECURSIVE, 1);
			identify("counting engines");
		}

		@Override
		public Engine open(int threads) {
			OPENED.incrementAndGet();
			return new Engine() {
				@Override
				public Object[] process(List<InputImage> images, Path out) {
					Object[] sizes = new Object[images.size()];
					for (int i = 0; i < sizes.length; i++) {
						try {
							sizes[i] = (double) Files.size(Path.of(images.get(i).path()));
						}
						catch (java.io.IOException e) {
							sizes[i] = e;
						}
					}
					return sizes;
				}

				@Override
				public void close() {
					CLOSED.incrementAndGet();
				}
			};
		}

		@Override
		public List<StructField> columns() {
			return List.of(org.apache.spark.sql.types.DataTypes.createStructField("bytes", org.apache.spark.sql.types.DataTypes.DoubleType, false));
		}

		@Override
		public Object[] values(Path out, String key, java.io.Serializable result) {
			return new Object[] { result };
		}
	}

	@Test
	void aTextureClassifierClassifiesAsTheSingleMachineCommand() throws Exception {
		Path classifier = tmp.resolve("texture-classifier");
		LinearProbe.train(TextureFeatures.NAME, FeatureView.DEFAULT, data, classifier, LinearClassifier.Options.defaults(), false, null, null);
		Path csv = tmp.resolve("texture-local/classify.csv");
		LinearProbe.classify(classifier, null, data, csv, false, null, null);
		SparkImageJob.Summary s = run(new ClassifyWork(classifier, null, 4), data, tmp.resolve("texture-spark"), false);
		assertEquals(8, s.processed());
		assertEquals(0, s.failed());
		assertEquals(Files.readString(csv), Files.readString(tmp.resolve("texture-spark/classify.csv")));
		assertEquals(Files.readString(tmp.resolve("texture-local/classify-confusion.csv")), Files.readString(tmp.resolve("texture-spark/classify-confusion.csv")));
		assertEquals(8, spark.read().parquet(s.table()).count());
	}

	@Test
	void aBadImageIsAnErrorRowAndARerunSkipsFinishedImages() throws Exception {
		Path images = tmp.resolve("with-bad");
		copyTree(data, images);
		Files.writeString(images.resolve("a/broken.png"), "not a png");
		Path out = tmp.resolve("bad-spark");
		SparkImageJob.Summary first = run(new FeaturesWork(encoder, 4), images, out, false);
		assertEquals(9, first.images());
		assertEquals(8, first.processed());
		assertEquals(1, first.failed());
		List<Row> errors = spark.read().parquet(first.errors()).collectAsList();
		assertEquals(1, errors.size());
		assertEquals("a/broken", errors.get(0).getString(errors.get(0).fieldIndex("key")));
		assertTrue(errors.get(0).getString(errors.get(0).fieldIndex("reason")).length() > 5, errors.get(0).toString());
		assertTrue(Files.readString(out.resolve("errors.csv")).contains("a/broken"));
		assertEquals(8, spark.read().parquet(first.table()).count());
		String csv = Files.readString(out.resolve("features.csv"));

		SparkImageJob.Summary again = run(new FeaturesWork(encoder, 4), images, out, false);
		assertEquals(0, again.processed());
		assertEquals(8, again.skipped());
		assertEquals(1, again.failed());
		assertEquals(8, spark.read().parquet(again.table()).count());
		assertEquals(csv, Files.readString(out.resolve("features.csv")));

		// a changed image is processed again, the others still skipped
		Files.copy(data.resolve("b/img-00.png"), images.resolve("a/img-00.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		SparkImageJob.Summary changed = run(new FeaturesWork(encoder, 4), images, out, false);
		assertEquals(1, changed.processed());
		assertEquals(7, changed.skipped());

		IllegalStateException failFast = assertThrows(IllegalStateException.class, () -> SparkImageJob.run(spark, new FeaturesWork(encoder, 4),
			images.toString(), tmp.resolve("fail-fast"), new SparkImageJob.Options(false, true, 0), ProgressListener.SILENT));
		assertTrue(failFast.getMessage().contains("broken.png") && failFast.getMessage().contains("--fail_fast"), failFast.getMessage());
	}

	@Test
	void aTaskThatFailsOnceIsRetriedToTheSameResult() throws Exception {
		Path local = tmp.resolve("retry-local"), distributed = tmp.resolve("retry-spark");
		ImageSegmentation.run(segmenter, null, data, local, 32, 8, false, "cpu", 1, null, null);
		AtomicInteger failedTasks = new AtomicInteger();
		SparkListener count = new SparkListener() {
			@Override
			public void onTaskEnd(SparkListenerTaskEnd end) {
				if (end.taskInfo().failed()) failedTasks.incrementAndGet();
			}
		};
		spark.sparkContext().addSparkListener(count);
		spark.sparkContext().setLocalProperty(PartitionRunner.FAIL_FIRST_ATTEMPT_AFTER, "a/img-01");
		try {
			SparkImageJob.Summary s = run(new SegmentWork(segmenter, null, 32, 8, "cpu"), data, distributed, false);
			// the retry skips what the failed attempt had finished (their outputs and records were complete)
			assertEquals(8, s.processed() + s.skipped());
			assertTrue(s.skipped() >= 1, s.toString());
			assertEquals(0, s.failed());
		}
		finally {
			spark.sparkContext().setLocalProperty(PartitionRunner.FAIL_FIRST_ATTEMPT_AFTER, null);
			spark.sparkContext().removeSparkListener(count);
		}
		assertEquals(1, failedTasks.get());
		assertSameSegmentation(local, distributed);
	}

	@Test
	void labelEfficiencyUnitsAsSparkTasksGiveTheLocalResults() throws Exception {
		LabelEfficiencyProtocol.Report local = LabelEfficiencyProtocol.run(labelEfficiency(tmp.resolve("le-local")), null, null);
		LabelEfficiencyProtocol.Report distributed = LabelEfficiencyProtocol.run(labelEfficiency(tmp.resolve("le-spark")), null, null,
			new SparkStudyUnits(spark, null));
		assertEquals(2 * 2 * 2, distributed.rows().size());
		assertEquals(local.rows(), distributed.rows());
		assertEquals(Files.readString(local.out().resolve("results.csv")), Files.readString(distributed.out().resolve("results.csv")));
	}

	@Test
	void hyperparameterPointsAsSparkTasksGiveTheLocalResults() throws Exception {
		HyperparameterStudy.Report local = HyperparameterStudy.run(study(tmp.resolve("hp-local")), null, null);
		HyperparameterStudy.Report distributed = HyperparameterStudy.run(study(tmp.resolve("hp-spark")), null, null, new SparkStudyUnits(spark, null));
		assertEquals(2, distributed.points().size());
		assertEquals("trained", distributed.points().get(1).pretraining());
		// every number the same; the encoder hash column differs, as it does between any two runs (it covers manifest.json, which records times)
		assertEquals(withoutLastColumn(local.results()), withoutLastColumn(distributed.results()));
		assertEquals(Files.readString(local.summary()), Files.readString(distributed.summary()));
	}

	private static List<String> withoutLastColumn(Path csv) throws Exception {
		return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
	}

	private static HyperparameterStudy.Config study(Path out) {
		HyperparameterStudy.Config c = new HyperparameterStudy.Config();
		c.dataset = data;
		c.out = out;
		c.batches = List.of(4);
		c.projectors = List.of("16,16,32");
		c.seeds = List.of(0L, 1L);
		c.pretrain = org.ssltem.testing.TinyPretraining.config(data, tmp.resolve("unused"), 1, "16,16,32");
		c.folds = 2;
		return c;
	}

	private static LabelEfficiencyProtocol.Config labelEfficiency(Path out) {
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = List.of(encoder.toString(), "random:resnet18");
		c.dataset = data;
		c.labels = new int[] { 1, 2 };
		c.splitSeeds = 2;
		c.maxEpochs = 50;
		c.out = out;
		c.threads = 2;
		return c;
	}

	private static void assertSameSegmentation(Path expected, Path actual) throws Exception {
		assertSameSegmentation(expected, actual, 1e-6f);
	}

	/** The same mask PNGs byte for byte, and probabilities within {@code tolerance}. */
	private static void assertSameSegmentation(Path expected, Path actual, float tolerance) throws Exception {
		List<Path> files = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(expected)) {
			walk.filter(Files::isRegularFile).forEach(files::add);
		}
		assertEquals(16, files.size());
		for (Path f : files) {
			Path other = actual.resolve(expected.relativize(f));
			assertTrue(Files.isRegularFile(other), other.toString());
			if (f.toString().endsWith(".png")) assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), f.toString());
			else assertArrayEquals(ImageFiles.readGrey(f).pixels, ImageFiles.readGrey(other).pixels, tolerance, f.toString());
		}
	}

	private static Map<String, float[]> featuresCsv(Path csv) throws Exception {
		Map<String, float[]> out = new HashMap<>();
		for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
			String[] f = line.split(",");
			float[] v = new float[f.length - 2];
			for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(f[i + 2]);
			out.put(f[0], v);
		}
		return out;
	}

	private static void copyTree(Path from, Path to) throws Exception {
		try (Stream<Path> walk = Files.walk(from)) {
			for (Path p : walk.toList()) {
				Path t = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
	}
}
