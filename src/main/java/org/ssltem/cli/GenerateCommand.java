package org.ssltem.cli;

import org.ssltem.synthetic.SyntheticDatasetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Write synthetic TEM nanowire images (singular, dispersed, network, bundle) with exact masks: "
		+ "DIR/images/<class>/, DIR/masks/<class>/, DIR/synthetic.json.")
final class GenerateCommand implements Callable<Integer> {

	@Option(names = "--out", required = true, paramLabel = "DIR")
	Path out;

	@Option(names = "--per_class", paramLabel = "N", defaultValue = "50", description = "images per morphology; default: ${DEFAULT-VALUE}")
	int perClass;

	@Option(names = "--size", paramLabel = "N", defaultValue = "224", description = "image side in px; default: ${DEFAULT-VALUE}")
	int size;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
	long seed;

	@Option(names = "--overwrite", description = "write into a folder that already has files")
	boolean overwrite;

	@Override
	public Integer call() {
		Main.cancellable(cancel -> {
			new SyntheticDatasetWriter().write(out, perClass, size, seed, overwrite, new ConsoleProgress(System.err), cancel);
			return null;
		});
		System.out.println("wrote " + 4 * perClass + " images and masks to " + out.toAbsolutePath());
		return 0;
	}
}
