package org.ssltem.cli;

import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ssl-tem train-segmenter}: flags are the snake_case fields of {@link SegmenterConfig}. */
@Command(name = "train-segmenter", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train the U-Net decoder on a few labelled images, on top of a frozen pretrained encoder (the paper's Fig. 10).")
final class TrainSegmenterCommand implements Callable<Integer> {

	final SegmenterConfig config = new SegmenterConfig();

	@Option(names = "--encoder", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem pretrain'")
	void encoder(String v) { config.encoder = v; }

	@Option(names = "--images", required = true, paramLabel = "DIR", description = "images (searched recursively)")
	void images(String v) { config.images = v; }

	@Option(names = "--masks", required = true, paramLabel = "DIR", description = "masks with the images' relative paths and names (any image ending)")
	void masks(String v) { config.masks = v; }

	@Option(names = "--foreground", paramLabel = "V", description = "the foreground class of a binary task; default: every non-zero value")
	void foreground(Integer v) { config.foreground = v; }

	@Option(names = "--classes", paramLabel = "C", description = "classes including background, for a multi-class (softmax) segmenter")
	void classes(Integer v) { config.classes = v; }

	@Option(names = "--size", paramLabel = "N", defaultValue = "224", description = "train at N x N (multiple of 32); 0 = native size padded to a multiple of 32; default: ${DEFAULT-VALUE}")
	void size(int v) { config.size = v; }

	@Option(names = "--labeled", paramLabel = "N", defaultValue = "8", description = "labelled images to train on (seeded choice); default: ${DEFAULT-VALUE}")
	void labeled(int v) { config.labeled = v; }

	@Option(names = "--epochs", paramLabel = "N", defaultValue = "0", description = "0 = the paper's schedule (1-4 labels: 120, 8: 60, 16: 40, 32: 30, 80: 20); default: ${DEFAULT-VALUE}")
	void epochs(int v) { config.epochs = v; }

	@Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
	void batch(int v) { config.batch = v; }

	@Option(names = "--lr", paramLabel = "X", defaultValue = "0.001", description = "Adam learning rate; default: ${DEFAULT-VALUE}")
	void lr(double v) { config.lr = v; }

	@Option(names = "--loss", paramLabel = "dice|dice_ce", defaultValue = "dice", description = "default: ${DEFAULT-VALUE}")
	void loss(String v) { config.loss = v; }

	@Option(names = "--crop", paramLabel = "N", defaultValue = "0", description = "train on random N x N crops (multiple of 32) of the sized images, one per image per epoch; 0 = whole images; default: ${DEFAULT-VALUE}")
	void crop(int v) { config.crop = v; }

	@Option(names = "--calibrate_bn", description = "re-measure the frozen encoder's batch-norm statistics on all --images (no masks) at the training size; weights unchanged")
	void calibrateBn(boolean v) { config.calibrateBn = v; }

	@Option(names = "--warm_start", paramLabel = "DIR", description = "start from this segmenter's decoder (same encoder and classes) instead of fresh weights")
	void warmStart(String v) { config.warmStart = v; }

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seeds the choice of images, weights and augmentation; default: ${DEFAULT-VALUE}")
	void seed(long v) { config.seed = v; }

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder: segmenter.json and decoder/")
	void out(String v) { config.out = v; }

	@Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "default: ${DEFAULT-VALUE}")
	void device(String v) { config.device = v; }

	@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TF threads (0 = all cores); default: ${DEFAULT-VALUE}")
	void threads(int v) { config.threads = v; }

	@Override
	public Integer call() {
		SegmenterTrainer.Result r = Main.cancellable(cancel -> SegmenterTrainer.run(config, new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d labelled images, %d epochs, loss per epoch %s, %.1f s, %s -> %s", r.labeled(), r.epochs(),
			r.lossPerEpoch().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList(), r.wallTimeS(), r.device(), r.out()));
		return 0;
	}
}
