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
	description = "Soft Dice and IoU of predicted masks against true masks, per image and median, as JSON.")
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
		System.out.println(String.format(Locale.ROOT, "%d images: dice median %.4f, iou median %.4f -> %s", r.images().size(), r.diceMedian(),
			r.iouMedian(), out));
		return 0;
	}
}
