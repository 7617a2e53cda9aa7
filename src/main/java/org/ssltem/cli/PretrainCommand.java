package org.ssltem.cli;

import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ssl-tem pretrain}: flags are the snake_case keys of {@link PretrainConfig}; defaults live there. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Self-supervised pretraining of an encoder on unlabelled images (SimCLR or Barlow Twins).")
final class PretrainCommand implements Callable<Integer> {

	@Mixin
	PretrainOptions options = new PretrainOptions();

	@Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of images (or of class folders)")
	void images(String v) { options.config.images = v; }

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder: manifest.json and checkpoints/")
	void out(String v) { options.config.out = v; }

	@Option(names = "--batch", paramLabel = "N", description = "images per step (each gives two views); default: ${DEFAULT-VALUE}", defaultValue = "64")
	void batch(int v) { options.config.batch = v; }

	@Option(names = "--crop", paramLabel = "randcrop|crop25|crop50|nocrop", description = "default: ${DEFAULT-VALUE}", defaultValue = "randcrop")
	void crop(String v) { options.config.crop = v; }

	@Option(names = "--projector", paramLabel = "A,B,C", description = "projector widths; default: ${DEFAULT-VALUE}", defaultValue = "128,64,1024")
	void projector(String v) { options.config.projector = v; }

	@Option(names = "--seed", paramLabel = "N", description = "default: ${DEFAULT-VALUE}", defaultValue = "0")
	void seed(long v) { options.config.seed = v; }

	@Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
	void resume(boolean v) { options.config.resume = v; }

	@Override
	public Integer call() {
		PretrainResult r = Main.cancellable(Pretrainer.ON_CANCEL, cancel -> Pretrainer.run(options.config, new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%s: %d epochs, loss per epoch %s, %.1f s, %s -> %s", r.status(), r.epochsCompleted(),
			r.lossPerEpoch().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList(), r.wallTimeS(), r.device(), r.out()));
		return "cancelled".equals(r.status()) ? Main.EXIT_CANCELLED : 0;
	}
}
