package org.ssltem.cli;

import org.ssltem.infer.FeatureView;
import org.ssltem.infer.LinearProbe;
import org.ssltem.train.LinearClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train-classifier", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train the paper's linear softmax classifier on a frozen encoder's features of a folder of class folders.")
final class TrainClassifierCommand implements Callable<Integer> {

	@Option(names = "--encoder", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem pretrain', or baseline:texture")
	String encoder;

	@Option(names = "--dataset", required = true, paramLabel = "DIR", description = "folder of class folders (DIR/<class>/*.png)")
	Path dataset;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for classifier.json")
	Path out;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seeds the validation split, weights and order; default: ${DEFAULT-VALUE}")
	long seed;

	@Option(names = "--max_epochs", paramLabel = "N", defaultValue = "500", description = "cap on epochs (early stopping usually ends sooner); default: ${DEFAULT-VALUE}")
	int maxEpochs;

	@Mixin
	ProbeOptions probeOptions = new ProbeOptions();

	@Option(names = "--standardize", description = "with --probe paper: z-score features first (the logistic probe always does)")
	boolean standardize;

	@Option(names = "--no_refit", description = "keep the early-stopped weights (the paper) instead of refitting on all labels for the best epoch count")
	boolean noRefit;

	@Option(names = "--overwrite", description = "replace a classifier already in --out")
	boolean overwrite;

	@Override
	public Integer call() {
		LinearClassifier.Options o = LinearClassifier.Options.defaults().withProbe(probeOptions.probe()).withSeed(seed).withMaxEpochs(maxEpochs)
			.withStandardize(standardize).withRefit(!noRefit);
		FeatureView view = probeOptions.view();
		LinearProbe.Trained t = Main.cancellable(cancel -> LinearProbe.train(encoder, view, dataset, out, o, overwrite, new ConsoleProgress(System.err), cancel));
		LinearClassifier.Training tr = t.classifier().training();
		String how = "logistic".equals(tr.probe()) ? String.format(Locale.ROOT, "logistic probe, C = %g", tr.c())
			: tr.epochsRun() + " epochs" + (tr.validated() ? String.format(Locale.ROOT, ", best validation accuracy %.1f%% at epoch %d", 100 * tr.bestValidationAccuracy(),
				tr.bestEpoch()) : " (no validation set)");
		System.out.println(String.format(Locale.ROOT, "%d images, %d classes %s: %s in %.1f s -> %s", t.images(), t.classifier().classNames().size(),
			t.classifier().classNames(), how, t.seconds(), t.file()));
		return 0;
	}
}
