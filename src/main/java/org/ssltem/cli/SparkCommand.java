package org.ssltem.cli;

import org.apache.spark.sql.SparkSession;
import org.ssltem.api.OperationResult;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterSpec;
import org.ssltem.api.ParameterText;
import org.ssltem.data.MaskRule;
import org.ssltem.engine.Binding;
import org.ssltem.engine.LocalEngine;
import org.ssltem.spark.ClassifyWork;
import org.ssltem.spark.FeaturesWork;
import org.ssltem.spark.ImageInputs;
import org.ssltem.spark.ImageWork;
import org.ssltem.spark.MorphologyWork;
import org.ssltem.spark.SegmentWork;
import org.ssltem.spark.SparkImageJob;
import org.ssltem.spark.SparkSessions;
import org.ssltem.spark.SparkStudyUnits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code ssl-tem spark ...}: a tool of the command line, not an engine operation. Each subcommand takes its engine
 * operation's own parameters (key, default, bounds and help from {@link Operations}) plus the Spark job's: the image
 * jobs read {@code --images} as a folder, glob or list and write per-image outputs and Parquet tables; the studies run
 * their units as Spark tasks.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
	description = "Run segment, features, morphology or classify over many images, or the label-efficiency and hparam-study grids, on Apache Spark: "
		+ "local[*] by default, a cluster through spark-submit (docs/spark.md).")
final class SparkCommand {

	/** Exit code when the job finished but some images failed (listed in errors.parquet / errors.csv). */
	static final int EXIT_IMAGES_FAILED = 4;

	private static final String MASTER_HELP = "Spark master, e.g. local[4] or spark://host:7077; default: spark-submit's, else local[*]";

	private static final String IMAGES_HELP = "a folder (listed as the single-machine command lists it), a quoted glob such as 'DIR/*.tif', "
		+ "or a text file with one image path per line; local paths or URIs of a Hadoop file system (hdfs://, s3a://, file://)";

	/** The Spark image job's own parameters, after the operation's. */
	private static List<ParameterSpec> jobParameters(String imagesHelp) {
		return OperationSpec.builder("spark job", "")
			.text("images", null, "Images", imagesHelp).required()
			.outputFolder("out", "Output folder", "per-image outputs, <operation>.parquet, errors.parquet and errors.csv; a local folder or a Hadoop URI (hdfs://, s3a://, file://)").required()
			.text("master", null, "Spark master", MASTER_HELP)
			.integer("partitions", 0, "Partitions", "image groups, the units Spark hands out to cores (0 = a batch of images each, at most 8 per core Spark offers)").min(0)
			.flag("overwrite", "Process again", "process every image again, replacing outputs; without it a rerun skips images finished with the same content and model")
			.flag("fail_fast", "Stop at the first failure", "stop the job at the first image that fails instead of listing it in errors.parquet")
			.parameters();
	}

	/** The parameters {@code keys} of an engine operation, as its spec declares them. */
	private static List<ParameterSpec> of(OperationSpec operation, String... keys) {
		return Arrays.stream(keys).map(operation::parameter).toList();
	}

	static final OperationSpec SEGMENT = OperationSpec.builder("spark segment",
			"'ssl-tem segment' on Spark: probabilities/<name>.tif and masks/<name>.png per image, and segment.parquet.")
		.all(of(Operations.SEGMENT, "segmenter", "encoder", "tile", "overlap", "scale", "min_component", "fill_holes", "device"))
		.all(jobParameters("images: " + IMAGES_HELP))
		.build();

	static final OperationSpec FEATURES = OperationSpec.builder("spark features",
			"'ssl-tem features' on Spark: features.parquet (a features array per image) and features.csv.")
		.all(of(Operations.FEATURES, "encoder", "feature_size", "pooling", "orientations", "batch"))
		.all(jobParameters("images: " + IMAGES_HELP))
		.build();

	static final OperationSpec MORPHOLOGY = OperationSpec.builder("spark morphology",
			"'ssl-tem morphology' on Spark (--images are masks): morphology.parquet and morphology.csv.")
		.all(of(Operations.MORPHOLOGY, "size", "foreground", "classes"))
		.all(jobParameters("masks: " + IMAGES_HELP))
		.build();

	static final OperationSpec CLASSIFY = OperationSpec.builder("spark classify",
			"'ssl-tem classify' on Spark: classify.parquet and classify.csv (with a confusion matrix for class folders).")
		.all(of(Operations.CLASSIFY, "classifier", "encoder"))
		.all(of(Operations.FEATURES, "batch"))
		.all(jobParameters("images: " + IMAGES_HELP))
		.build();

	/** The Spark-only parameter of the studies. */
	private static final List<ParameterSpec> STUDY_PARAMETERS = OperationSpec.builder("spark study", "")
		.text("master", null, "Spark master", MASTER_HELP)
		.parameters();

	/** label-efficiency's parameters but {@code threads} (its classifier pool; on Spark every classifier is a task). */
	static final OperationSpec LABEL_EFFICIENCY = OperationSpec.builder("spark label-efficiency",
			"'ssl-tem label-efficiency' on Spark: each encoder's features and each classifier of the grid as a Spark task; the same results.")
		.all(Operations.LABEL_EFFICIENCY.parameters().stream().filter(p -> !p.key().equals("threads")).toList())
		.all(STUDY_PARAMETERS)
		.build();

	static final OperationSpec HPARAM_STUDY = OperationSpec.builder("spark hparam-study",
			"'ssl-tem hparam-study' on Spark: each grid point pretrains and scores as a Spark task; the tables are written here; the same results.")
		.all(Operations.HPARAM_STUDY.parameters())
		.all(STUDY_PARAMETERS)
		.build();

	/** The engine's study: its binding, its listener, and where its units run. */
	@FunctionalInterface
	private interface Study {
		OperationResult run(Binding parameters, ConsoleProgress progress, SparkStudyUnits units);
	}

	static CommandLine create() {
		CommandLine cl = new CommandLine(new SparkCommand());
		cl.addSubcommand("segment", rendered("segment", SEGMENT, p -> imageJob(p, new SegmentWork(p.path("segmenter"), p.optionalPath("encoder"),
			p.integer("tile"), p.integer("overlap"), p.decimal("scale"), p.decimal("min_component"), p.decimal("fill_holes"), p.choice("device")))));
		cl.addSubcommand("features", rendered("features", FEATURES, p -> imageJob(p, new FeaturesWork(p.path("encoder"), org.ssltem.engine.LocalEngine.featureView(p), p.integer("batch")))));
		cl.addSubcommand("morphology", rendered("morphology", MORPHOLOGY, p -> imageJob(p, new MorphologyWork(new MaskRule(p.integer("classes"),
			p.optionalInteger("foreground")), p.integer("size")))));
		cl.addSubcommand("classify", rendered("classify", CLASSIFY, p -> imageJob(p, new ClassifyWork(p.path("classifier"), p.optionalPath("encoder"),
			p.integer("batch")))));
		cl.addSubcommand("label-efficiency", rendered("label-efficiency", LABEL_EFFICIENCY, p -> study(p, Operations.LABEL_EFFICIENCY,
			(engine, progress, units) -> LocalEngine.labelEfficiency(engine, progress, null, units))));
		cl.addSubcommand("hparam-study", rendered("hparam-study", HPARAM_STUDY, p -> study(p, Operations.HPARAM_STUDY,
			(engine, progress, units) -> LocalEngine.hyperparameterStudy(engine, progress, null, units))));
		return cl;
	}

	/** Lists the images (a wrong --images fails before the session starts), runs the job, prints one summary line. */
	private static int imageJob(Binding p, ImageWork work) {
		ImageInputs inputs = ImageInputs.resolve(p.required("images"), work.layout());
		SparkSession spark = SparkSessions.open(p.text("master"), "ssl-tem spark " + work.operation());
		try {
			SparkImageJob.Summary s = SparkImageJob.run(spark, work, inputs, p.text("out"),
				new SparkImageJob.Options(p.flag("overwrite"), p.flag("fail_fast"), p.integer("partitions")), new ConsoleProgress(System.err));
			System.out.println(String.format(Locale.ROOT, "%d images: %d processed, %d already done, %d failed (%s) in %.1f s on %s -> %s",
				s.images(), s.processed(), s.skipped(), s.failed(), "errors.parquet", s.seconds(), spark.sparkContext().master(), s.table()));
			return s.failed() == 0 ? 0 : EXIT_IMAGES_FAILED;
		}
		finally {
			spark.stop();
		}
	}

	/**
	 * Binds the engine operation's own parameters with its spec (the engine's binding, once) and runs the engine's
	 * study with its units as tasks of a session on {@code --master}; prints the operation's summary as the CLI does.
	 */
	private static int study(Binding p, OperationSpec operation, Study study) {
		Map<String, String> engineValues = new java.util.LinkedHashMap<>();
		for (ParameterSpec e : operation.parameters())
			if (p.operation().has(e.key()) && p.given(e.key())) engineValues.put(e.key(), p.text(e.key()));
		Binding engine = Binding.of(operation, engineValues);
		ConsoleProgress progress = new ConsoleProgress(System.err);
		SparkSession session = SparkSessions.open(p.text("master"), "ssl-tem " + operation.name());
		OperationResult r;
		try {
			r = study.run(engine, progress, new SparkStudyUnits(session, progress));
		}
		finally {
			session.stop();
		}
		for (String line : r.summary()) System.out.println(ParameterText.forCli(line));
		return r.exitCode();
	}

	/**
	 * A subcommand rendered from {@code spec} as {@link OperationCommand} renders an operation: {@code --key} options
	 * with the spec's help and defaults; the given values bound with the spec ({@link Binding}) go to {@code body}.
	 */
	private static CommandLine rendered(String name, OperationSpec spec, Function<Binding, Integer> body) {
		Rendered command = new Rendered(spec, body);
		CommandSpec cs = CommandSpec.wrapWithoutInspection(command);
		cs.name(name).mixinStandardHelpOptions(true);
		cs.usageMessage().description(spec.description()).sortOptions(false);
		OperationCommand.addOptions(cs, spec.parameters());
		command.commandSpec = cs;
		return new CommandLine(cs);
	}

	private static final class Rendered implements Callable<Integer> {
		private final OperationSpec spec;
		private final Function<Binding, Integer> body;
		private CommandSpec commandSpec;

		Rendered(OperationSpec spec, Function<Binding, Integer> body) {
			this.spec = spec;
			this.body = body;
		}

		@Override
		public Integer call() {
			return body.apply(Binding.of(spec, OperationCommand.given(commandSpec.commandLine().getParseResult(), spec.parameters())));
		}
	}
}
