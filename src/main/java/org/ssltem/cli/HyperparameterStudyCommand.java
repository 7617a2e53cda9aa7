package org.ssltem.cli;

import org.ssltem.augment.CropMode;
import org.ssltem.eval.HyperparameterStudy;
import org.ssltem.spark.SparkStudyUnits;
import org.ssltem.nn.Projector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "hparam-study", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "The paper's hyper-parameter study (Fig. 8): pretrain an encoder per point of batch × crop × projector × seed and score each by k-fold linear-probe accuracy.",
		"Resumable: run the same command again and finished points are skipped, a started one resumes from its checkpoint, scores already made are reused." })
final class HyperparameterStudyCommand implements Callable<Integer> {

	final HyperparameterStudy.Config config = new HyperparameterStudy.Config();

	/** The pretraining settings every point shares: the same flags as {@code pretrain}. */
	@Mixin
	PretrainOptions pretrain = new PretrainOptions();

	@Option(names = "--dataset", required = true, paramLabel = "DIR", description = "class folders, for the linear probe")
	void dataset(Path v) { config.dataset = v; }

	@Option(names = "--images", paramLabel = "DIR", description = "unlabelled images to pretrain on; default: the --dataset images")
	void images(Path v) { config.images = v; }

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the study folder (give the same one to resume)")
	void out(Path v) { config.out = v; }

	@Option(names = "--batches", paramLabel = "N,N,...", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
	void batches(String v) { config.batches = HyperparameterStudy.parseList("--batches", v, ",", Integer::parseInt); }

	@Option(names = "--crops", paramLabel = "C,C,...", defaultValue = "randcrop", description = "randcrop, crop25, crop50, nocrop; default: ${DEFAULT-VALUE}")
	void crops(String v) { config.crops = HyperparameterStudy.parseList("--crops", v, ",", s -> { CropMode.parse(s); return s; }); }

	@Option(names = "--projectors", paramLabel = "A,B,C;A,B,C", defaultValue = "128,64,1024", description = "projector widths, ';' between points; default: ${DEFAULT-VALUE}")
	void projectors(String v) { config.projectors = HyperparameterStudy.parseList("--projectors", v, ";", s -> { Projector.parseSizes(s); return s; }); }

	@Option(names = "--seeds", paramLabel = "N,N,...", defaultValue = "0", description = "pretraining seeds; default: ${DEFAULT-VALUE}")
	void seeds(String v) { config.seeds = HyperparameterStudy.parseList("--seeds", v, ",", Long::parseLong); }

	@Option(names = "--folds", paramLabel = "N", defaultValue = "4", description = "cross-validation folds; default: ${DEFAULT-VALUE}")
	void folds(int v) { config.folds = v; }

	@Option(names = "--split_seed", paramLabel = "N", defaultValue = "0", description = "seed of the folds; default: ${DEFAULT-VALUE}")
	void splitSeed(long v) { config.splitSeed = v; }

	@Option(names = "--max_epochs", paramLabel = "N", defaultValue = "500", description = "cap per linear classifier; default: ${DEFAULT-VALUE}")
	void maxEpochs(int v) { config.maxEpochs = v; }

	@Option(names = "--standardize", description = "z-score features before each classifier (not the paper's)")
	void standardize(boolean v) { config.standardize = v; }

	@Option(names = "--spark", arity = "0..1", fallbackValue = "", paramLabel = "MASTER",
		description = "pretrain and score each grid point as an Apache Spark task (master: spark-submit's, else local[*]; or e.g. --spark=local[4]); same results")
	String spark;

	@Override
	public Integer call() {
		config.pretrain = pretrain.config;
		ConsoleProgress progress = new ConsoleProgress(System.err);
		HyperparameterStudy.Report r = spark == null ? Main.cancellable(cancel -> HyperparameterStudy.run(config, progress, cancel))
			: SparkStudies.run(spark, "hparam-study", session -> HyperparameterStudy.run(config, progress, null, new SparkStudyUnits(session, progress)));
		for (HyperparameterStudy.PointResult p : r.points())
			System.out.println(String.format(Locale.ROOT, "%-45s %-8s median %.3f  IQR %.3f-%.3f", p.point().name(), p.pretraining(), p.stats().median(),
				p.stats().q1(), p.stats().q3()));
		System.out.println(String.format(Locale.ROOT, "%d points in %.1f s -> %s, %s", r.points().size(), r.seconds(), r.results(), r.summary()));
		return 0;
	}
}
