package org.ssltem.cli;

import org.ssltem.eval.FeatureMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "tsne", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A 2-D t-SNE map of encoder features coloured by class: tsne.png and tsne.csv (file,class,x,y).")
final class TsneCommand implements Callable<Integer> {

	@Option(names = "--encoder", paramLabel = "DIR", description = "the --out folder of 'ssl-tem pretrain' (or give --features)")
	Path encoder;

	@Option(names = "--images", paramLabel = "DIR", description = "folder of images or of class folders (with --features: only for --thumbnails)")
	Path images;

	@Option(names = "--features", paramLabel = "FILE.csv", description = "the CSV of 'ssl-tem features', instead of --encoder")
	Path features;

	@Option(names = "--out", required = true, paramLabel = "DIR")
	Path out;

	@Option(names = "--perplexity", paramLabel = "X", defaultValue = "30.0", description = "lowered to (n-1)/3 for few images; default: ${DEFAULT-VALUE}")
	double perplexity;

	@Option(names = "--iterations", paramLabel = "N", defaultValue = "1000", description = "at least 250; default: ${DEFAULT-VALUE}")
	int iterations;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
	long seed;

	@Option(names = "--thumbnails", description = "draw a small thumbnail of each image at its point")
	boolean thumbnails;

	@Option(names = "--overwrite", description = "replace tsne.csv and tsne.png in --out")
	boolean overwrite;

	@Override
	public Integer call() {
		FeatureMap.Config c = new FeatureMap.Config();
		c.encoder = encoder;
		c.images = images;
		c.features = features;
		c.out = out;
		c.options = new FeatureMap.Options(perplexity, iterations, seed);
		c.thumbnails = thumbnails;
		c.overwrite = overwrite;
		FeatureMap.Report r = Main.cancellable(cancel -> FeatureMap.run(c, new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d images, perplexity %.2f, %.1f s -> %s, %s", r.points().size(), r.perplexity(), r.seconds(),
			r.png(), r.csv()));
		return 0;
	}
}
