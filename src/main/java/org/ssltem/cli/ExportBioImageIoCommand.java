package org.ssltem.cli;

import org.ssltem.export.BioImageIoExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "export-bioimageio", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Write a trained segmenter as a bioimage.io model package (zip, format 0.5) that DeepImageJ and other bioimage.io tools run.")
final class ExportBioImageIoCommand implements Callable<Integer> {

	@Option(names = "--segmenter", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem train-segmenter'")
	Path segmenter;

	@Option(names = "--encoder", paramLabel = "DIR", description = "the segmenter's encoder, if it moved (checked by hash); default: the one recorded")
	Path encoder;

	@Option(names = "--sample", required = true, paramLabel = "IMAGE", description = "an image like those the model will segment; its centre becomes the package's test and sample image")
	Path sample;

	@Option(names = "--out", required = true, paramLabel = "FILE.zip")
	Path out;

	@Option(names = "--name", paramLabel = "TEXT", description = "the model's name; default: 'SSL-TEM segmenter' and the segmenter's folder name")
	String name;

	@Option(names = "--authors", required = true, paramLabel = "NAMES", description = "who trained the model, separated by commas")
	String authors;

	@Option(names = "--license", paramLabel = "SPDX", defaultValue = "CC-BY-4.0", description = "the model's licence (an SPDX id); default: ${DEFAULT-VALUE}")
	String license;

	@Option(names = "--overwrite", description = "replace an existing package")
	boolean overwrite;

	@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TF threads (0 = all cores); default: ${DEFAULT-VALUE}")
	int threads;

	@Override
	public Integer call() {
		BioImageIoExport.Result r = Main.cancellable(cancel -> BioImageIoExport.run(new BioImageIoExport.Config(segmenter, encoder, sample, out, name,
			BioImageIoExport.names(authors), license, overwrite, threads), new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "bioimage.io package -> %s (test image %dx%d, %s; SavedModel matches the segmenter within %.1g) in %.1f s",
			r.out(), r.testWidth(), r.testHeight(), r.preprocessing(), r.selfCheck(), r.seconds()));
		return 0;
	}
}
