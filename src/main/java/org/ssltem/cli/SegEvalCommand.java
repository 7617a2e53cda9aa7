package org.ssltem.cli;

import org.ssltem.data.MaskRule;
import org.ssltem.eval.SegmentationEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "seg-eval", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Soft Dice and IoU of predicted masks against true masks, and agreement of their density, cluster count and percolation, per image and summarised, as JSON.")
final class SegEvalCommand implements Callable<Integer> {

	@Option(names = "--predicted", required = true, paramLabel = "DIR", description = "predicted masks (searched recursively)")
	Path predicted;

	@Option(names = "--truth", required = true, paramLabel = "DIR", description = "true masks, same relative paths and names (any image ending)")
	Path truth;

	@Mixin
	MaskOptions mask;

	@Option(names = "--out", required = true, paramLabel = "FILE.json")
	Path out;

	@Override
	public Integer call() {
		MaskRule rule = mask.rule();
		SegmentationEvaluation.Report r = Main.cancellable(cancel -> SegmentationEvaluation.evaluateToJson(predicted, truth, rule, out, mask.overwrite,
			new ConsoleProgress(System.err), cancel));
		var m = r.morphology();
		System.out.println(String.format(Locale.ROOT, "%d images: dice median %.4f, iou median %.4f; density within %.0f%% on %.0f%%, clusters within"
			+ " ±%d on %.0f%%, both on %.0f%%, percolation agrees on %.0f%% of images -> %s", r.images().size(), r.diceMedian(), r.iouMedian(),
			100 * m.densityTolerance(), 100 * m.densityWithinFraction(), m.clusterTolerance(), 100 * m.clustersWithinFraction(),
			100 * m.densityAndClustersFraction(), 100 * m.percolationAgreementFraction(), out));
		return 0;
	}
}
