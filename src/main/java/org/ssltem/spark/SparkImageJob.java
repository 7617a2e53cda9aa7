package org.ssltem.spark;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.OutputFolder;
import org.ssltem.api.Csv;
import org.ssltem.core.ProgressListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The driver of a Spark image job: lists {@code --images}, spreads them over partitions, runs {@link PartitionRunner}
 * on the executors and writes, besides the per-image files the executors wrote, {@code <operation>.parquet} (one row
 * per finished image: image, key, class, content_hash, model, then the operation's values), {@code errors.parquet}
 * and {@code errors.csv} (image, key, content_hash, reason) and the single-machine command's summary CSV.
 */
public final class SparkImageJob {

	/**
	 * @param partitions 0 for the default: a batch's worth of images per partition, at most {@link #PARTITIONS_PER_CORE}
	 *                   per core Spark offers and at least one per core
	 */
	public record Options(boolean overwrite, boolean failFast, int partitions) {}

	/**
	 * @param imageSeconds the part of {@code seconds} until every image was through (the rest: listing before, tables after)
	 * @param table        where {@code <operation>.parquet} is: a path, or a URI when {@code --out} is one
	 */
	public record Summary(String operation, int images, int processed, int skipped, int failed, double seconds, double imageSeconds, String table, String errors) {}

	/**
	 * Partitions per core by default: enough that a core which finishes early takes on more images instead of waiting
	 * for the slowest (a shared machine or a mixed cluster is never even), while each task still gets whole batches.
	 * Engines stay open between partitions ({@link OpenEngines}), so more partitions do not open the model more often.
	 */
	static final int PARTITIONS_PER_CORE = 8;

	private SparkImageJob() {}

	static int partitions(int images, int batch, int requested, int cores) {
		int n = requested > 0 ? requested : Math.max(cores, Math.min(PARTITIONS_PER_CORE * cores, (images + batch - 1) / batch));
		return Math.max(1, Math.min(images, n));
	}

	public static Summary run(SparkSession spark, ImageWork work, String images, Path out, Options options, ProgressListener listener) {
		return run(spark, work, ImageInputs.resolve(images, work.layout()), out.toString(), options, listener);
	}

	/**
	 * @param inputs resolved before the session starts, so a wrong --images fails at once
	 * @param out    a local folder, or a URI of a folder on a Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://})
	 */
	public static Summary run(SparkSession spark, ImageWork work, ImageInputs inputs, String out, Options options, ProgressListener listener) {
		OutputStore store = OutputStore.of(out);
		if (store instanceof OutputStore.Local local) {
			// one job per folder, as for the single-machine commands: another would write the same tables
			try (OutputFolder folder = OutputFolder.claim(local.folder(), "spark " + work.operation(), "{{out}}")) {
				return runClaimed(spark, work, inputs, store, options, listener);
			}
		}
		try (OutputStore.Hadoop.Lock lock = ((OutputStore.Hadoop) store).lock("spark " + work.operation())) {
			return runClaimed(spark, work, inputs, store, options, listener);
		}
	}

	private static Summary runClaimed(SparkSession spark, ImageWork work, ImageInputs inputs, OutputStore out, Options options, ProgressListener listener) {
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		int partitions = partitions(inputs.images().size(), work.batch(), options.partitions(), jsc.defaultParallelism());
		LongAccumulator processed = spark.sparkContext().longAccumulator("ssl-tem images");
		List<ImageOutcome> outcomes;
		long images0 = System.nanoTime();
		try (SparkProgress progress = new SparkProgress(processed.id(), "spark " + work.operation(), inputs.images().size(), log)) {
			spark.sparkContext().addSparkListener(progress);
			try {
				outcomes = new ArrayList<>(jsc.parallelize(inputs.images(), partitions)
					.mapPartitions(new PartitionRunner(work, out, options.overwrite(), options.failFast(), processed)).collect());
			}
			finally {
				spark.sparkContext().removeSparkListener(progress);
				// executors in this JVM (local[N]) keep their engines until here; a cluster's until they exit
				if (spark.sparkContext().isLocal()) OpenEngines.closeAll();
			}
			log.progress("spark " + work.operation(), inputs.images().size(), inputs.images().size(), inputs.images().size() + " images");
		}
		catch (Exception e) { // Scala throws SparkException without declaring it
			if (!(e instanceof SparkException) && e instanceof RuntimeException r) throw r;
			throw new IllegalStateException("spark " + work.operation() + " failed: " + deepestMessage(e), e);
		}
		double imageSeconds = (System.nanoTime() - images0) / 1e9;
		outcomes.sort(Comparator.comparing(o -> o.image().key()));
		List<ImageOutcome> finished = outcomes.stream().filter(ImageOutcome::finished).toList();
		List<ImageOutcome> failed = outcomes.stream().filter(o -> !o.finished()).toList();

		String table = work.operation() + ".parquet";
		// the table names outputs relative to --out
		Path outDir = out instanceof OutputStore.Local l ? l.folder() : Path.of(java.net.URI.create(out.location()).getPath());
		ParquetTables.write(out, table, tableSchema(work), finished.stream().map(o -> tableRow(work, outDir, o)).toList());
		ParquetTables.write(out, "errors.parquet", errorSchema(), failed.stream().map(o -> RowFactory.create(o.image().path(), o.image().key(), o.contentHash(), o.reason())).toList());
		StringBuilder csv = new StringBuilder("image,key,content_hash,reason\n");
		for (ImageOutcome o : failed)
			csv.append(Csv.field(o.image().path())).append(',').append(Csv.field(o.image().key())).append(',').append(o.contentHash() == null ? "" : o.contentHash())
				.append(',').append(Csv.field(o.reason())).append('\n');
		out.write("errors.csv", w -> w.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
		for (ImageOutcome o : failed) log.log("spark " + work.operation() + ": " + o.image().path() + ": " + o.reason());
		if (!finished.isEmpty()) writeSummary(work, out, inputs, finished, log);
		int skipped = (int) finished.stream().filter(o -> o.status() == ImageOutcome.Status.SKIPPED).count();
		return new Summary(work.operation(), outcomes.size(), finished.size() - skipped, skipped, failed.size(), (System.nanoTime() - t0) / 1e9, imageSeconds,
			out.location(table), out.location("errors.parquet"));
	}

	/** The single-machine command's summary files, written in {@code --out} (or staged locally and published there). */
	private static void writeSummary(ImageWork work, OutputStore out, ImageInputs inputs, List<ImageOutcome> finished, ProgressListener log) {
		Path folder = null;
		try {
			folder = out.workFolder();
			work.writeSummary(folder, inputs, finished, log);
			if (out instanceof OutputStore.Hadoop)
				try (Stream<Path> files = Files.walk(folder)) {
					out.publish(folder, files.filter(Files::isRegularFile).toList());
				}
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write the summary of spark " + work.operation() + " in " + out.location() + ": " + e.getMessage(), e);
		}
		finally {
			if (out instanceof OutputStore.Hadoop) AtomicFiles.deleteQuietly(folder);
		}
	}

	/** The innermost cause's message: a task failure's own words, not Spark's wrapper with its stack trace. */
	static String deepestMessage(Throwable t) {
		String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
		for (Throwable c = t.getCause(); c != null; c = c.getCause())
			if (c.getMessage() != null && !c.getMessage().isBlank()) message = c.getMessage().lines().findFirst().orElse(message);
		return message;
	}

	static StructType tableSchema(ImageWork work) {
		List<StructField> fields = new ArrayList<>(List.of(
			DataTypes.createStructField("image", DataTypes.StringType, false),
			DataTypes.createStructField("key", DataTypes.StringType, false),
			DataTypes.createStructField("class", DataTypes.StringType, true),
			DataTypes.createStructField("content_hash", DataTypes.StringType, false),
			DataTypes.createStructField("model", DataTypes.StringType, false)));
		fields.addAll(work.columns());
		return DataTypes.createStructType(fields);
	}

	private static Row tableRow(ImageWork work, Path out, ImageOutcome o) {
		Object[] values = work.values(out, o.image().key(), o.result());
		Object[] all = new Object[5 + values.length];
		all[0] = o.image().path();
		all[1] = o.image().key();
		all[2] = o.image().className();
		all[3] = o.contentHash();
		all[4] = work.modelIdentity();
		System.arraycopy(values, 0, all, 5, values.length);
		return RowFactory.create(all);
	}

	static StructType errorSchema() {
		return DataTypes.createStructType(List.of(
			DataTypes.createStructField("image", DataTypes.StringType, false),
			DataTypes.createStructField("key", DataTypes.StringType, false),
			DataTypes.createStructField("content_hash", DataTypes.StringType, true),
			DataTypes.createStructField("reason", DataTypes.StringType, false)));
	}
}
