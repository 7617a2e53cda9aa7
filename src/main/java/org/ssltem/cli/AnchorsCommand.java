package org.ssltem.cli;

import org.ssltem.eval.AnchorStudy;
import org.ssltem.eval.BoxStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "anchors", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Suggest which images to label first (k-medoids in feature space) and, with class folders, compare one-shot k-medoids anchors with random ones.")
final class AnchorsCommand implements Callable<Integer> {

	@Option(names = "--encoder", required = true, paramLabel = "DIR")
	Path encoder;

	@Option(names = "--dataset", required = true, paramLabel = "DIR", description = "folder of images or of class folders")
	Path dataset;

	@Option(names = "--out", required = true, paramLabel = "DIR")
	Path out;

	@Option(names = "--anchors", paramLabel = "N", defaultValue = "0", description = "images to suggest (0 = number of classes); default: ${DEFAULT-VALUE}")
	int anchors;

	@Option(names = "--split_seeds", paramLabel = "N", defaultValue = "20", description = "splits of the study (0 = suggestion only); default: ${DEFAULT-VALUE}")
	int splitSeeds;

	@Option(names = "--random_draws", paramLabel = "N", defaultValue = "10", description = "random anchor sets per split; default: ${DEFAULT-VALUE}")
	int randomDraws;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
	long seed;

	@Option(names = "--standardize", description = "z-score features before each classifier (not the paper's)")
	boolean standardize;

	@Option(names = "--overwrite", description = "replace a study already in --out")
	boolean overwrite;

	@Override
	public Integer call() {
		AnchorStudy.Config c = new AnchorStudy.Config();
		c.encoder = encoder;
		c.dataset = dataset;
		c.out = out;
		c.anchors = anchors;
		c.splitSeeds = splitSeeds;
		c.randomDraws = randomDraws;
		c.seed = seed;
		c.standardize = standardize;
		c.overwrite = overwrite;
		AnchorStudy.Report r = Main.cancellable(cancel -> AnchorStudy.run(c, new ConsoleProgress(System.err), cancel));
		System.out.println("label these first: " + r.suggested());
		for (var e : r.byMethod().entrySet()) {
			BoxStats b = e.getValue();
			System.out.println(String.format(Locale.ROOT, "%-9s n=%-4d median %.3f  IQR %.3f-%.3f", e.getKey(), b.n(), b.median(), b.q1(), b.q3()));
		}
		return 0;
	}
}
