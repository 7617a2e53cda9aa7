package org.ssltem.cli;

import org.ssltem.data.MaskRule;
import org.ssltem.morph.MorphologyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

	@Mixin
	MaskOptions mask;

	@Option(names = "--out", required = true, paramLabel = "FILE.csv")
	Path out;

	@Override
	public Integer call() {
		MaskRule rule = mask.rule();
		List<MorphologyAnalysis.Measures> rows = Main.cancellable(cancel -> new MorphologyAnalysis().analyseToCsv(masks, rule, size, out, mask.overwrite,
			new ConsoleProgress(System.err), cancel));
		long percolating = rows.stream().filter(MorphologyAnalysis.Measures::percolates).count();
		System.out.println(String.format(Locale.ROOT, "%d masks, %d percolate -> %s", rows.size(), percolating, out));
		return 0;
	}
}
