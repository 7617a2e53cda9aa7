package org.ssltem.cli;

import org.apache.spark.sql.SparkSession;
import org.ssltem.data.MaskRule;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.spark.ClassifyWork;
import org.ssltem.spark.FeaturesWork;
import org.ssltem.spark.ImageInputs;
import org.ssltem.spark.ImageWork;
import org.ssltem.spark.MorphologyWork;
import org.ssltem.spark.SegmentWork;
import org.ssltem.spark.SparkImageJob;
import org.ssltem.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "spark", mixinStandardHelpOptions = true,
	description = "Run segment, features, morphology or classify over many images on Apache Spark: local[*] by default, a cluster through spark-submit (docs/spark.md).",
	subcommands = { SparkCommand.Segment.class, SparkCommand.Features.class, SparkCommand.Morphology.class, SparkCommand.Classify.class })
final class SparkCommand {

	/** Exit code when the job finished but some images failed (listed in errors.parquet / errors.csv). */
	static final int EXIT_IMAGES_FAILED = 4;

	/** Options every Spark image job shares. */
	static final class Job {
		@Option(names = "--images", required = true, paramLabel = "DIR|GLOB|LIST.txt",
			description = "a folder (listed as the single-machine command lists it), a quoted glob such as 'DIR/*.tif', or a text file with one image path per line")
		String images;

		@Option(names = "--out", required = true, paramLabel = "DIR", description = "per-image outputs, <operation>.parquet, errors.parquet and errors.csv")
		Path out;

		@Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[4] or spark://host:7077; default: spark-submit's, else local[*]")
		String master;

		@Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "image groups, each opening the model once (0 = one per core Spark offers); default: ${DEFAULT-VALUE}")
		int partitions;

		@Option(names = "--overwrite", description = "process every image again, replacing outputs; without it a rerun skips images finished with the same content and model")
		boolean overwrite;

		@Option(names = "--fail_fast", description = "stop the job at the first image that fails instead of listing it in errors.parquet")
		boolean failFast;

		int run(ImageWork work) {
			ImageInputs inputs = ImageInputs.resolve(images, work.layout());
			SparkSession spark = SparkSessions.open(master, "ssl-tem spark " + work.operation());
			try {
				SparkImageJob.Summary s = SparkImageJob.run(spark, work, inputs, out, new SparkImageJob.Options(overwrite, failFast, partitions),
					new ConsoleProgress(System.err));
				System.out.println(String.format(Locale.ROOT, "%d images: %d processed, %d already done, %d failed (%s) in %.1f s on %s -> %s",
					s.images(), s.processed(), s.skipped(), s.failed(), s.errors().getFileName(), s.seconds(), spark.sparkContext().master(), s.table()));
				return s.failed() == 0 ? 0 : EXIT_IMAGES_FAILED;
			}
			finally {
				spark.stop();
			}
		}
	}

	@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
		description = "'ssl-tem segment' on Spark: probabilities/<name>.tif and masks/<name>.png per image, and segment.parquet.")
	static final class Segment implements Callable<Integer> {
		@Option(names = "--segmenter", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem train-segmenter' (on a path every node reads)")
		Path segmenter;

		@Option(names = "--encoder", paramLabel = "DIR", description = "the segmenter's encoder, if it moved (checked by hash); default: the one recorded")
		Path encoder;

		@Option(names = "--tile", paramLabel = "N", defaultValue = "" + ImageSegmentation.DEFAULT_TILE, description = "tile side, a multiple of 32; default: ${DEFAULT-VALUE}")
		int tile;

		@Option(names = "--overlap", paramLabel = "N", defaultValue = "" + ImageSegmentation.DEFAULT_OVERLAP, description = "default: ${DEFAULT-VALUE}")
		int overlap;

		@Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "default: ${DEFAULT-VALUE}")
		String device;

		@Mixin
		Job job;

		@Override
		public Integer call() {
			return job.run(new SegmentWork(segmenter, encoder, tile, overlap, device));
		}
	}

	@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
		description = "'ssl-tem features' on Spark: features.parquet (a features array per image) and features.csv.")
	static final class Features implements Callable<Integer> {
		@Option(names = "--encoder", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem pretrain' (on a path every node reads)")
		Path encoder;

		@Option(names = "--batch", paramLabel = "N", defaultValue = "" + FeatureExtractor.DEFAULT_BATCH, description = "images per batch; default: ${DEFAULT-VALUE}")
		int batch;

		@Mixin
		Job job;

		@Override
		public Integer call() {
			return job.run(new FeaturesWork(encoder, batch));
		}
	}

	@Command(name = "morphology", mixinStandardHelpOptions = true, sortOptions = false,
		description = "'ssl-tem morphology' on Spark (--images are masks): morphology.parquet and morphology.csv.")
	static final class Morphology implements Callable<Integer> {
		@Option(names = "--size", paramLabel = "N", defaultValue = "0", description = "resize masks nearest-neighbour to N x N first (0 = native size); default: ${DEFAULT-VALUE}")
		int size;

		@Option(names = "--foreground", paramLabel = "V", description = "the nanowire (foreground) class; default: every non-zero class")
		Integer foreground;

		@Option(names = "--classes", paramLabel = "C", defaultValue = "2", description = "classes including background; 2 also accepts 0/255; default: ${DEFAULT-VALUE}")
		int classes;

		@Mixin
		Job job;

		@Override
		public Integer call() {
			return job.run(new MorphologyWork(new MaskRule(classes, foreground), size));
		}
	}

	@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
		description = "'ssl-tem classify' on Spark: classify.parquet and classify.csv (with a confusion matrix for class folders).")
	static final class Classify implements Callable<Integer> {
		@Option(names = "--classifier", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem train-classifier'")
		Path classifier;

		@Option(names = "--encoder", paramLabel = "DIR", description = "the classifier's encoder, if it has moved (default: the folder it records)")
		Path encoder;

		@Option(names = "--batch", paramLabel = "N", defaultValue = "" + FeatureExtractor.DEFAULT_BATCH, description = "images per batch; default: ${DEFAULT-VALUE}")
		int batch;

		@Mixin
		Job job;

		@Override
		public Integer call() {
			return job.run(new ClassifyWork(classifier, encoder, batch));
		}
	}
}
