package org.ssltem.cli;

import org.ssltem.core.UserInputException;
import org.ssltem.eval.SegmentationLabelEfficiency;
import org.ssltem.train.SegmenterConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "seg-label-efficiency", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train segmenters on 1, 2, 4, ... labelled images (several seeds each) and score each on a held-out set (Dice/IoU).")
final class SegLabelEfficiencyCommand implements Callable<Integer> {

	final SegmenterConfig config = new SegmenterConfig();

	@Option(names = "--encoder", required = true, paramLabel = "DIR") void encoder(String v) { config.encoder = v; }
	@Option(names = "--images", required = true, paramLabel = "DIR", description = "training pool images") void images(String v) { config.images = v; }
	@Option(names = "--masks", required = true, paramLabel = "DIR", description = "training pool masks") void masks(String v) { config.masks = v; }

	@Option(names = "--test_images", required = true, paramLabel = "DIR")
	Path testImages;

	@Option(names = "--test_masks", required = true, paramLabel = "DIR")
	Path testMasks;

	@Option(names = "--foreground", paramLabel = "V") void foreground(Integer v) { config.foreground = v; }
	@Option(names = "--classes", paramLabel = "C") void classes(Integer v) { config.classes = v; }

	@Option(names = "--size", paramLabel = "N", defaultValue = "224", description = "as train-segmenter; test images are scored at this size; default: ${DEFAULT-VALUE}")
	void size(int v) { config.size = v; }

	@Option(names = "--labeled", paramLabel = "N,N,...", defaultValue = "1,2,4,8,16,32,80", description = "label counts; default: ${DEFAULT-VALUE}")
	String labeled;

	@Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "runs per label count; default: ${DEFAULT-VALUE}")
	int seeds;

	@Option(names = "--choose", paramLabel = "coverage|random", defaultValue = "coverage", description = "as train-segmenter: which pool images each run trains on; default: ${DEFAULT-VALUE}")
	void choose(String v) { config.choose = v; }

	@Option(names = "--epochs", paramLabel = "N", defaultValue = "0", description = "0 = the paper's schedule; default: ${DEFAULT-VALUE}") void epochs(int v) { config.epochs = v; }
	@Option(names = "--batch", paramLabel = "N", defaultValue = "8") void batch(int v) { config.batch = v; }
	@Option(names = "--loss", paramLabel = "dice|dice_ce", defaultValue = "dice") void loss(String v) { config.loss = v; }
	@Option(names = "--crop", paramLabel = "N", defaultValue = "0", description = "as train-segmenter; default: ${DEFAULT-VALUE}") void crop(int v) { config.crop = v; }
	@Option(names = "--calibrate_bn", description = "as train-segmenter: the encoder's batch-norm statistics measured on the pool images") void calibrateBn(boolean v) { config.calibrateBn = v; }
	@Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto") void device(String v) { config.device = v; }
	@Option(names = "--threads", paramLabel = "N", defaultValue = "0") void threads(int v) { config.threads = v; }

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "a new folder: label-efficiency.csv and segmenters/")
	Path out;

	@Override
	public Integer call() {
		int[] counts;
		try {
			counts = Arrays.stream(labeled.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
		}
		catch (NumberFormatException e) {
			throw UserInputException.option("--labeled must be a comma-separated list of numbers, got '" + labeled + "'", "pass e.g. --labeled 1,2,4,8");
		}
		List<SegmentationLabelEfficiency.Run> runs = Main.cancellable(cancel -> SegmentationLabelEfficiency.run(config, counts, seeds, testImages, testMasks, out,
			new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d runs -> %s", runs.size(), out.resolve("label-efficiency.csv")));
		return 0;
	}
}
