package org.ssltem.cli;

import org.ssltem.infer.FeatureExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Compute a pretrained encoder's features for a folder of images, as CSV (file,class,f0,f1,...).")
final class FeaturesCommand implements Callable<Integer> {

	@Option(names = "--encoder", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem pretrain'")
	Path encoder;

	@Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of images (or of class folders)")
	Path images;

	@Option(names = "--out", required = true, paramLabel = "FILE.csv")
	Path out;

	@Option(names = "--batch", paramLabel = "N", defaultValue = "16", description = "images per batch; default: ${DEFAULT-VALUE}")
	int batch;

	@Option(names = "--overwrite", description = "replace --out if it exists")
	boolean overwrite;

	@Override
	public Integer call() {
		FeatureExtractor.Summary s = Main.cancellable(cancel -> FeatureExtractor.extractToCsv(encoder, images, out, batch, overwrite,
			new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d images x %d features in %.1f s -> %s", s.images(), s.featureWidth(), s.seconds(), s.csv()));
		return 0;
	}
}
