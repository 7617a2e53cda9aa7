package org.ssltem.cli;

import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterText;
import org.ssltem.core.CancelToken;
import org.ssltem.core.UserInputException;
import org.ssltem.engine.LocalEngine;
import org.ssltem.train.Pretrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ssl-tem}: the command line face of the engine. Each subcommand is a thin shim over one engine call. */
@Command(name = "ssl-tem", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Self-supervised learning for electron-microscopy images (Lu et al., Digital Discovery 2022).",
	subcommands = {})
public final class Main {

	/** Exit codes: 0 done, 1 internal error, 2 bad input, 3 training diverged, 130 cancelled. */
	public static final int EXIT_BAD_INPUT = 2, EXIT_DIVERGED = 3, EXIT_CANCELLED = 130;

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		CommandLine cl = commandLine();

		cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
			Throwable t = e;
			if (t instanceof UncheckedIOException u && u.getCause() != null) t = u.getCause();
			if (e instanceof UserInputException) {
				cmd.getErr().println("ssl-tem: error: " + e.getMessage());
				return EXIT_BAD_INPUT;
			}
			if (e instanceof Pretrainer.TrainingDivergedException) {
				cmd.getErr().println("ssl-tem: stopped: " + e.getMessage());
				return EXIT_DIVERGED;
			}
			if (e instanceof CancelToken.CancelledException) {
				cmd.getErr().println("ssl-tem: cancelled");
				return EXIT_CANCELLED;
			}
			cmd.getErr().println("ssl-tem: error: " + ParameterText.forCli(t.getMessage()));
			if (System.getenv("SSLTEM_DEBUG") != null) e.printStackTrace(cmd.getErr());
			else cmd.getErr().println("(set SSLTEM_DEBUG=1 for the stack trace)");
			return 1;
		});
		CommandLine.IParameterExceptionHandler picocli = cl.getParameterExceptionHandler();
		cl.setParameterExceptionHandler((e, given) -> {
			if (e instanceof CommandLine.UnmatchedArgumentException u)
				for (String arg : u.getUnmatched()) {
					if (REMOVED_OPTIONS.containsKey(arg)) {
						e.getCommandLine().getErr().println("ssl-tem: error: " + arg + " " + REMOVED_OPTIONS.get(arg));
						return EXIT_BAD_INPUT;
					}
					// --no-KEY of a flag that is off by default: picocli would suggest some other option
					String flag = arg.startsWith("--no-") ? "--" + arg.substring(5) : null;
					if (flag != null && e.getCommandLine().getCommandSpec().findOption(flag) != null) {
						e.getCommandLine().getErr().println("ssl-tem: error: " + flag + " is off unless it is given. Fix: leave out " + arg);
						return EXIT_BAD_INPUT;
					}
				}
			return picocli.handleParseException(e, given);
		});
		try {
			return cl.execute(args);
		}
		catch (OutOfMemoryError e) {
			// picocli passes Errors through; the heap is free again once the work's objects are gone
			System.err.println("ssl-tem: error: " + UserInputException.outOfMemory().getMessage());
			return EXIT_BAD_INPUT;
		}
	}

	/** Options earlier versions had, with what replaced them (picocli would only suggest a similar name). */
	static final java.util.Map<String, String> REMOVED_OPTIONS = java.util.Map.of("--stages",
		"was replaced by --pooling stages, now the default. Fix: leave --stages out (or pass --pooling last for the last stage only)");

	/** The CLI: every engine operation rendered from its spec; bench, macro, spark and help are tools of the CLI itself. */
	static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new Main());
		for (OperationSpec operation : Operations.ALL) cl.addSubcommand(operation.name(), OperationCommand.create(operation));
		cl.addSubcommand("bench", new BenchCommand());
		cl.addSubcommand("macro", new MacroCommand());
		cl.addSubcommand("spark", SparkCommand.create());
		cl.addSubcommand("help", new CommandLine.HelpCommand());
		return cl;
	}

	/**
	 * Runs long work so that Ctrl-C cancels it cleanly: the JVM's shutdown hook asks the engine to stop after
	 * its current step and waits until it has finished (written its checkpoint, or removed its partial files).
	 *
	 * @param promise what the stopped work keeps, said to the user (the engine's own words, {@link LocalEngine#onCancel})
	 */
	static <T> T cancellable(String promise, java.util.function.Function<CancelToken, T> work) {
		CancelToken cancel = new CancelToken();
		CountDownLatch finished = new CountDownLatch(1);
		Thread hook = new Thread(() -> {
			cancel.cancel();
			System.err.println("\nssl-tem: " + ParameterText.forCli(promise) + "...");
			try {
				finished.await(10, TimeUnit.MINUTES);
			}
			catch (InterruptedException ignored) {
				Thread.currentThread().interrupt();
			}
		}, "ssl-tem-ctrl-c");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			return work.apply(cancel);
		}
		finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException alreadyShuttingDown) {
				// the hook is running: it is waiting for this latch
			}
		}
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			return new String[] { "ssl-tem " + org.ssltem.train.Versions.sslTem() + ", TensorFlow Java " + org.ssltem.train.Versions.tensorflowJava() };
		}
	}
}
