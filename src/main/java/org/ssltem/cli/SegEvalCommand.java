package org.ssltem.cli;

import org.ssltem.data.MaskRule;
import org.ssltem.eval.SegmentationEvaluation;
import picocli.CommandLine.Command;
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

	@Option(names = "--foreground", paramLabel = "V", description = "the foreground class; default: every non-zero class")
	Integer foreground;

	@Option(names = "--classes", paramLabel = "C", defaultValue = "2", description = "classes including background; 2 also accepts 0/255; default: ${DEFAULT-VALUE}")
	int classes;

	@Option(names = "--out", required = true, paramLabel = "FILE.json")
	Path out;

	@Option(names = "--overwrite", description = "replace --out if it exists")
	boolean overwrite;

	@Override
	public Integer call() {
		MaskRule rule = new MaskRule(classes, foreground);
		SegmentationEvaluation.Report r = Main.cancellable(cancel -> SegmentationEvaluation.evaluateToJson(predicted, truth, rule, out, overwrite,
			new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d images: dice median %.4f, iou median %.4f -> %s", r.images().size(), r.diceMedian(),
			r.iouMedian(), out));
		return 0;
	}
}
