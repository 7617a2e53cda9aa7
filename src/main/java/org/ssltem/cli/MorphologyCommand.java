package org.ssltem.cli;

import org.ssltem.data.MaskRule;
import org.ssltem.morph.MorphologyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "morphology", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Percolation, density, clusters, skeleton length, width and orientation of nanowire masks, one CSV row per image.")
final class MorphologyCommand implements Callable<Integer> {

	@Option(names = "--masks", required = true, paramLabel = "DIR", description = "mask images (searched recursively)")
	Path masks;

	@Option(names = "--size", paramLabel = "N", defaultValue = "0", description = "resize masks nearest-neighbour to N x N first (0 = native size; the paper used 224); default: ${DEFAULT-VALUE}")
	int size;

	@Option(names = "--foreground", paramLabel = "V", description = "the nanowire class; default: every non-zero class")
	Integer foreground;

	@Option(names = "--classes", paramLabel = "C", defaultValue = "2", description = "classes including background; 2 also accepts 0/255; default: ${DEFAULT-VALUE}")
	int classes;

	@Option(names = "--out", required = true, paramLabel = "FILE.csv")
	Path out;

	@Option(names = "--overwrite", description = "replace --out if it exists")
	boolean overwrite;

	@Override
	public Integer call() {
		MaskRule rule = new MaskRule(classes, foreground);
		List<MorphologyAnalysis.Measures> rows = Main.cancellable(cancel -> new MorphologyAnalysis().analyseToCsv(masks, rule, size, out, overwrite,
			new ConsoleProgress(System.err), cancel));
		long percolating = rows.stream().filter(MorphologyAnalysis.Measures::percolates).count();
		System.out.println(String.format(Locale.ROOT, "%d masks, %d percolate -> %s", rows.size(), percolating, out));
		return 0;
	}
}
