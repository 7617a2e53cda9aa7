package org.ssltem.cli;

import org.ssltem.demo.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Run the whole method on synthetic TEM data: generate, pretrain, features, label efficiency, segmentation, morphology (about 5 minutes on 2 cores, no network).")
final class DemoCommand implements Callable<Integer> {

	@Option(names = "--out", paramLabel = "DIR", description = "output folder (default: demo-output/run-<date-time>)")
	Path out;

	@Option(names = "--epochs", paramLabel = "N", defaultValue = "15", description = "pretraining epochs; default: ${DEFAULT-VALUE}")
	int epochs;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
	long seed;

	@Override
	public Integer call() {
		Path folder = out != null ? out : Path.of("demo-output", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
		DemoRun.Report r = Main.cancellable(cancel -> DemoRun.run(folder.toAbsolutePath(), epochs, seed, new ConsoleProgress(System.err), cancel));
		System.out.println(DemoRun.summary(r));
		return 0;
	}
}
