package org.ssltem.cli;

import org.ssltem.infer.LinearProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Classify a folder of images with a trained classifier: one CSV row per image with each class's probability.")
final class ClassifyCommand implements Callable<Integer> {

	@Option(names = "--classifier", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem train-classifier'")
	Path classifier;

	@Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of images, or of class folders (then accuracy and a confusion matrix)")
	Path images;

	@Option(names = "--out", required = true, paramLabel = "FILE.csv")
	Path out;

	@Option(names = "--encoder", paramLabel = "DIR", description = "the classifier's encoder, if it has moved (default: the folder it records)")
	Path encoder;

	@Option(names = "--overwrite", description = "replace --out (and its confusion matrix) if they exist")
	boolean overwrite;

	@Override
	public Integer call() {
		LinearProbe.Classified r = Main.cancellable(cancel -> LinearProbe.classify(classifier, encoder, images, out, overwrite, new ConsoleProgress(System.err), cancel));
		System.out.println(r.images() + " images -> " + r.csv());
		if (r.confusion() != null)
			System.out.println(String.format(Locale.ROOT, "accuracy %.1f%%; confusion matrix -> %s", 100 * r.accuracy(), r.confusion()));
		return 0;
	}
}
