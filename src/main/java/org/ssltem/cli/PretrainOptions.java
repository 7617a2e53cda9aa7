package org.ssltem.cli;

import org.ssltem.train.PretrainConfig;
import picocli.CommandLine.Option;

/**
 * The pretraining options every command that pretrains shares ({@code pretrain}, {@code hparam-study}): one
 * declaration, so a new pretraining setting reaches both. Values go into {@link #config}; defaults are
 * {@link PretrainConfig}'s.
 */
final class PretrainOptions {

	final PretrainConfig config = new PretrainConfig();

	@Option(names = "--preset", paramLabel = "paper|cpu", defaultValue = "paper",
		description = "cpu: SimCLR, resnet18 at 96 px, batch 32, 30 epochs, Adam 1e-3 (about 30 CPU-minutes on 2 cores) for options not given; paper: the paper's settings; default: ${DEFAULT-VALUE}")
	void preset(String v) { config.preset = v; }

	@Option(names = "--method", paramLabel = "barlow|simclr", description = "default: ${DEFAULT-VALUE}", defaultValue = "barlow")
	void method(String v) { config.method = v; }

	@Option(names = "--loss_variant", paramLabel = "paper|original", description = "paper notebook or original paper loss; default: ${DEFAULT-VALUE}", defaultValue = "paper")
	void lossVariant(String v) { config.lossVariant = v; }

	@Option(names = "--arch", paramLabel = "resnet50|resnet18", description = "default: ${DEFAULT-VALUE}", defaultValue = "resnet50")
	void arch(String v) { config.arch = v; }

	@Option(names = "--size", paramLabel = "N", description = "input side in px, multiple of 32; default: ${DEFAULT-VALUE}", defaultValue = "224")
	void size(int v) { config.size = v; }

	@Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}", defaultValue = "200")
	void epochs(int v) { config.epochs = v; }

	@Option(names = "--lr", paramLabel = "X", description = "learning rate at step 0, cosine decay; default: ${DEFAULT-VALUE}", defaultValue = "0.2")
	void lr(double v) { config.lr = v; }

	@Option(names = "--optimizer", paramLabel = "sgd|adam|lars", description = "sgd (the paper), adam or lars; default: ${DEFAULT-VALUE}", defaultValue = "sgd")
	void optimizer(String v) { config.optimizer = v; }

	@Option(names = "--momentum", paramLabel = "X", description = "momentum for sgd and lars (0 = none); default: ${DEFAULT-VALUE}", defaultValue = "0.0")
	void momentum(double v) { config.momentum = v; }

	@Option(names = "--weight_decay", paramLabel = "X", description = "L2 decay on weights (not biases/BN); default: ${DEFAULT-VALUE}", defaultValue = "0.0")
	void weightDecay(double v) { config.weightDecay = v; }

	@Option(names = "--checkpoint_every", paramLabel = "N", description = "epochs between checkpoints; default: ${DEFAULT-VALUE}", defaultValue = "10")
	void checkpointEvery(int v) { config.checkpointEvery = v; }

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
}
