package org.ssltem.spark;

import org.apache.spark.sql.types.StructField;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * One operation of the Spark runner ({@code segment}, {@code features}, {@code morphology}, {@code classify}): made on
 * the driver (which checks the model and computes its identity), shipped to the executors, where each partition
 * {@link #open opens} the engine once and streams its images through the same engine code the single-machine command
 * uses.
 */
public interface ImageWork extends Serializable {

	/** The command's name; also names the output table ({@code <operation>.parquet}). */
	String operation();

	/** SHA-256 of everything the outputs depend on besides the image: model files and settings. */
	String modelIdentity();

	ImageInputs.FolderLayout layout();

	/** The engine for one partition; {@code threads} is what Spark gives each task ({@code spark.task.cpus}). */
	Engine open(int threads);

	/** Files the operation writes for one image, relative to {@code --out} (the single-machine command's layout). */
	default List<Path> outputs(Path out, String key) {
		return List.of();
	}

	/** The operation's own columns of the output table, after image, key, class, content_hash and model. */
	List<StructField> columns();

	/** One image's values for {@link #columns}, from what {@link Engine#process} returned for it. */
	Object[] values(Path out, String key, Serializable result);

	/** Writes the single-machine command's summary files (a CSV) from every finished image, in key order. */
	default void writeSummary(Path out, ImageInputs inputs, List<ImageOutcome> finished, org.ssltem.core.ProgressListener log) {}

	/** Images handed to {@link Engine#process} at once. */
	default int batch() {
		return 1;
	}

	/** An operation's engine, open on one executor for one partition. */
	interface Engine extends AutoCloseable {

		/**
		 * Processes a batch and writes the images' files under {@code out} atomically.
		 *
		 * @return per image the result ({@link Serializable}, may be null) or the {@link Throwable} it failed with
		 */
		Object[] process(List<InputImage> images, Path out);

		@Override
		void close();

		/**
		 * An engine that takes one image at a time: {@code each} returns its result (given the image and the folder to
		 * write in), and an exception it throws becomes that image's failure while the others go on.
		 */
		static Engine eachImage(java.util.function.BiFunction<InputImage, Path, Object> each, Runnable close) {
			return new Engine() {
				@Override
				public Object[] process(List<InputImage> images, Path out) {
					Object[] results = new Object[images.size()];
					for (int i = 0; i < results.length; i++) {
						try {
							results[i] = each.apply(images.get(i), out);
						}
						catch (RuntimeException e) {
							results[i] = e;
						}
					}
					return results;
				}

				@Override
				public void close() {
					close.run();
				}
			};
		}
	}
}
