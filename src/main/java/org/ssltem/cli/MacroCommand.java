package org.ssltem.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ssl-tem macro FILE.ijm [ARGS]}: runs an ImageJ macro headless with the SSL-TEM commands installed. */
@Command(name = "macro", mixinStandardHelpOptions = true,
	description = "Run an ImageJ macro headless with the SSL-TEM commands installed (run(\"Generate Synthetic Data\", \"out=... per_class=2\") etc.). "
		+ "ARGS reach the macro as getArgument().")
final class MacroCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FILE.ijm")
	Path macro;

	@Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*")
	List<String> args = List.of();

	@Override
	public Integer call() throws ReflectiveOperationException {
		// The macro runner belongs to the Fiji face (ImageJ 1.x bridge); the CLI only launches it, so it finds it by name.
		Class<?> runner = Class.forName(MACRO_RUNNER);
		try {
			return (Integer) runner.getMethod("run", Path.class, String.class).invoke(null, macro, String.join(" ", args));
		}
		catch (java.lang.reflect.InvocationTargetException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			if (e.getCause() instanceof Error err) throw err;
			throw e;
		}
	}

	static final String MACRO_RUNNER = "org.ssltem.fiji.ij1.MacroRunner";
}
