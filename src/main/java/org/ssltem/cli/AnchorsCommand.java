package org.ssltem.cli;

import org.ssltem.eval.AnchorStudy;
import org.ssltem.report.BoxStats;
import org.ssltem.eval.OneShotAnchorStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "anchors", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Suggest which images to label first (k-medoids in feature space) and, with class folders, compare one-shot k-medoids anchors with random ones and relate one-image-per-class accuracy to how typical the anchors are.")
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

	@Option(names = "--one_shot_draws", paramLabel = "N", defaultValue = "50",
		description = "one-image-per-class anchor sets per split for the one-shot study (0 = skip it); default: ${DEFAULT-VALUE}")
	int oneShotDraws;

	@Option(names = "--masks", paramLabel = "DIR", description = "masks of the dataset's images (same relative path, or same name directly in DIR):"
		+ " relates one-shot accuracy to the anchors' nanowire density too")
	Path masks;

	@Option(names = "--foreground", paramLabel = "V", description = "the nanowire class in --masks; default: every non-zero value")
	Integer foreground;

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
		c.oneShotDraws = oneShotDraws;
		c.masks = masks;
		c.foreground = foreground;
		c.seed = seed;
		c.standardize = standardize;
		c.overwrite = overwrite;
		AnchorStudy.Report r = Main.cancellable(cancel -> AnchorStudy.run(c, new ConsoleProgress(System.err), cancel));
		System.out.println("label these first: " + r.suggested());
		for (var e : r.byMethod().entrySet()) {
			BoxStats b = e.getValue();
			System.out.println(String.format(Locale.ROOT, "%-9s n=%-4d median %.3f  IQR %.3f-%.3f", e.getKey(), b.n(), b.median(), b.q1(), b.q3()));
		}
		if (r.oneShot() != null) {
			System.out.println(String.format(Locale.ROOT, "one-shot: %d anchor sets (one image per class)", r.oneShot().sets().size()));
			for (OneShotAnchorStudy.Relation x : r.oneShot().relations())
				System.out.println(String.format(Locale.ROOT, "  accuracy vs %-27s Spearman %6s  median accuracy: nearest quarter %.3f, farthest quarter %.3f",
					x.distance(), Double.isNaN(x.spearman()) ? "n/a" : String.format(Locale.ROOT, "%.3f", x.spearman()), x.nearestQuartileMedianAccuracy(),
					x.farthestQuartileMedianAccuracy()));
		}
		return 0;
	}
}
