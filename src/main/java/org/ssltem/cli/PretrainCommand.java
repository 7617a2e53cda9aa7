package org.ssltem.cli;

import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ssl-tem pretrain}: flags are the snake_case keys of {@link PretrainConfig}; defaults live there. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Self-supervised pretraining of an encoder on unlabelled images (SimCLR or Barlow Twins).")
final class PretrainCommand implements Callable<Integer> {

	final PretrainConfig config = new PretrainConfig();

	@Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of images (or of class folders)")
	void images(String v) { config.images = v; }

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder: manifest.json and checkpoints/")
	void out(String v) { config.out = v; }

	@Option(names = "--method", paramLabel = "barlow|simclr", description = "default: ${DEFAULT-VALUE}", defaultValue = "barlow")
	void method(String v) { config.method = v; }

	@Option(names = "--loss_variant", paramLabel = "paper|original", description = "paper notebook or original paper loss; default: ${DEFAULT-VALUE}", defaultValue = "paper")
	void lossVariant(String v) { config.lossVariant = v; }

	@Option(names = "--arch", paramLabel = "resnet50|resnet18", description = "default: ${DEFAULT-VALUE}", defaultValue = "resnet50")
	void arch(String v) { config.arch = v; }

	@Option(names = "--size", paramLabel = "N", description = "input side in px, multiple of 32; default: ${DEFAULT-VALUE}", defaultValue = "224")
	void size(int v) { config.size = v; }

	@Option(names = "--batch", paramLabel = "N", description = "images per step (each gives two views); default: ${DEFAULT-VALUE}", defaultValue = "64")
	void batch(int v) { config.batch = v; }

	@Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}", defaultValue = "200")
	void epochs(int v) { config.epochs = v; }

	@Option(names = "--crop", paramLabel = "randcrop|crop25|crop50|nocrop", description = "default: ${DEFAULT-VALUE}", defaultValue = "randcrop")
	void crop(String v) { config.crop = v; }

	@Option(names = "--projector", paramLabel = "A,B,C", description = "projector widths; default: ${DEFAULT-VALUE}", defaultValue = "128,64,1024")
	void projector(String v) { config.projector = v; }

	@Option(names = "--lr", paramLabel = "X", description = "learning rate at step 0, cosine decay; default: ${DEFAULT-VALUE}", defaultValue = "0.2")
	void lr(double v) { config.lr = v; }

	@Option(names = "--optimizer", paramLabel = "sgd|adam|lars", description = "sgd (the paper), adam or lars; default: ${DEFAULT-VALUE}", defaultValue = "sgd")
	void optimizer(String v) { config.optimizer = v; }

	@Option(names = "--momentum", paramLabel = "X", description = "momentum for sgd and lars (0 = none); default: ${DEFAULT-VALUE}", defaultValue = "0.0")
	void momentum(double v) { config.momentum = v; }

	@Option(names = "--weight_decay", paramLabel = "X", description = "L2 decay on weights (not biases/BN); default: ${DEFAULT-VALUE}", defaultValue = "0.0")
	void weightDecay(double v) { config.weightDecay = v; }

	@Option(names = "--seed", paramLabel = "N", description = "default: ${DEFAULT-VALUE}", defaultValue = "0")
	void seed(long v) { config.seed = v; }

	@Option(names = "--checkpoint_every", paramLabel = "N", description = "epochs between checkpoints; default: ${DEFAULT-VALUE}", defaultValue = "10")
	void checkpointEvery(int v) { config.checkpointEvery = v; }

	@Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
	void resume(boolean v) { config.resume = v; }

	@Option(names = "--max_images", paramLabel = "N", description = "use at most N images (0 = all); default: ${DEFAULT-VALUE}", defaultValue = "0")
	void maxImages(int v) { config.maxImages = v; }

	@Option(names = "--tile", paramLabel = "N", description = "cut images into N px tiles first (0 = no); default: ${DEFAULT-VALUE}", defaultValue = "0")
	void tile(int v) { config.tile = v; }

	@Option(names = "--temperature", paramLabel = "X", description = "SimCLR temperature; default: ${DEFAULT-VALUE}", defaultValue = "0.1")
	void temperature(double v) { config.temperature = v; }

	@Option(names = "--lambda", paramLabel = "X", description = "Barlow Twins off-diagonal weight; default: ${DEFAULT-VALUE}", defaultValue = "0.005")
	void lambda(double v) { config.lambda = v; }

	@Option(names = "--device", paramLabel = "auto|cpu|gpu", description = "default: ${DEFAULT-VALUE}", defaultValue = "auto")
	void device(String v) { config.device = v; }

	@Option(names = "--threads", paramLabel = "N", description = "TF threads (0 = all cores); default: ${DEFAULT-VALUE}", defaultValue = "0")
	void threads(int v) { config.threads = v; }

	@Override
	public Integer call() {
		PretrainResult r = Main.cancellable(cancel -> Pretrainer.run(config, new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%s: %d epochs, loss per epoch %s, %.1f s, %s -> %s", r.status(), r.epochsCompleted(),
			r.lossPerEpoch().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList(), r.wallTimeS(), r.device(), r.out()));
		return "cancelled".equals(r.status()) ? Main.EXIT_CANCELLED : 0;
	}
}
