package org.ssltem.cli;

import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.spark.SparkStudyUnits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "label-efficiency", mixinStandardHelpOptions = true, sortOptions = false,
	description = "The paper's label-efficiency protocol: accuracy against labelled images per class over many 80/20 splits, per encoder.")
final class LabelEfficiencyCommand implements Callable<Integer> {

	@Option(names = "--encoder", required = true, paramLabel = "DIR[,DIR...]", split = ",",
		description = "encoder folders, and/or random:resnet50 / random:resnet18 (untrained baseline)")
	List<String> encoders;

	@Option(names = "--dataset", required = true, paramLabel = "DIR", description = "folder of class folders")
	Path dataset;

	@Option(names = "--labels", paramLabel = "K,K,...", defaultValue = "1,2,4,8,16,32,80", description = "labelled images per class; default: ${DEFAULT-VALUE}")
	String labels;

	@Option(names = "--split_seeds", paramLabel = "N", defaultValue = "100", description = "train/test splits (seeds 0..N-1); default: ${DEFAULT-VALUE}")
	int splitSeeds;

	@Option(names = "--out", required = true, paramLabel = "DIR")
	Path out;

	@Option(names = "--test_fraction", paramLabel = "X", defaultValue = "0.2", description = "default: ${DEFAULT-VALUE}")
	double testFraction;

	@Option(names = "--max_epochs", paramLabel = "N", defaultValue = "500", description = "cap per classifier; default: ${DEFAULT-VALUE}")
	int maxEpochs;

	@Option(names = "--random_size", paramLabel = "N", defaultValue = "0",
		description = "input size of random: encoders (0 = the first encoder folder's, else 224); default: ${DEFAULT-VALUE}")
	int randomSize;

	@Option(names = "--standardize", description = "z-score features before each classifier (not the paper's; for encoders with large feature scales)")
	boolean standardize;

	@Option(names = "--calibrate_bn", description = "measure each pretrained encoder's batch-norm statistics on the dataset's images (no labels), as random: baselines' are")
	boolean calibrateBn;

	@Option(names = "--no_refit", description = "keep the early-stopped weights (the paper) instead of refitting on all labels for the best epoch count")
	boolean noRefit;

	@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "classifiers trained at once (0 = all cores); default: ${DEFAULT-VALUE}")
	int threads;

	@Option(names = "--overwrite", description = "replace results already in --out")
	boolean overwrite;

	@Option(names = "--spark", arity = "0..1", fallbackValue = "", paramLabel = "MASTER",
		description = "run each encoder's features and each classifier as an Apache Spark task (master: spark-submit's, else local[*]; or e.g. --spark=local[4]); same results")
	String spark;

	@Override
	public Integer call() {
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = encoders;
		c.dataset = dataset;
		c.labels = LabelEfficiencyProtocol.Config.parseLabels(labels);
		c.splitSeeds = splitSeeds;
		c.out = out;
		c.testFraction = testFraction;
		c.maxEpochs = maxEpochs;
		c.randomSize = randomSize;
		c.threads = threads;
		c.standardize = standardize;
		c.refit = !noRefit;
		c.calibrateBn = calibrateBn;
		c.overwrite = overwrite;
		ConsoleProgress progress = new ConsoleProgress(System.err);
		LabelEfficiencyProtocol.Report r = spark == null ? Main.cancellable(cancel -> LabelEfficiencyProtocol.run(c, progress, cancel))
			: SparkStudies.run(spark, "label-efficiency", session -> LabelEfficiencyProtocol.run(c, progress, null, new SparkStudyUnits(session, progress)));
		for (LabelEfficiencyProtocol.Summary s : r.summary())
			System.out.println(String.format(Locale.ROOT, "%-24s k=%-3d n=%-3d median %.3f  IQR %.3f-%.3f  notch %.3f-%.3f", s.encoder(), s.labelsPerClass(),
				s.n(), s.median(), s.q1(), s.q3(), s.notchLow(), s.notchHigh()));
		System.out.println(String.format(Locale.ROOT, "%d classifiers in %.1f s (total %.1f s) -> %s", r.rows().size(), r.classifierSeconds(), r.seconds(), r.out()));
		return 0;
	}
}
