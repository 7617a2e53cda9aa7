package org.ssltem.cli;

import org.ssltem.api.OperationResult;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.ParameterSpec;
import org.ssltem.api.ParameterText;
import org.ssltem.engine.LocalEngine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One engine operation as a CLI subcommand, rendered from its {@link OperationSpec}: {@code --key} per parameter,
 * help and defaults from the spec. The given options go to the engine as key=value text, the same route the Fiji
 * commands and macros take ({@link LocalEngine#call}); the result's summary lines go to standard output.
 */
final class OperationCommand implements Callable<Integer> {

	private final OperationSpec operation;
	private CommandSpec spec;

	private OperationCommand(OperationSpec operation) {
		this.operation = operation;
	}

	static CommandLine create(OperationSpec operation) {
		OperationCommand command = new OperationCommand(operation);
		CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
		spec.name(operation.name()).mixinStandardHelpOptions(true);
		spec.usageMessage().description(operation.description()).sortOptions(false);
		addOptions(spec, operation.parameters());
		command.spec = spec;
		return new CommandLine(spec);
	}

	/** A {@code --key} option per parameter, with the spec's requiredness and help (which shows range and default). */
	static void addOptions(CommandSpec spec, List<ParameterSpec> parameters) {
		for (ParameterSpec p : parameters) {
			OptionSpec.Builder b = OptionSpec.builder("--" + p.key()).description(p.help().replace("%", "%%")).required(p.required());
			// picocli adds --no-KEY for a flag that is on by default
			if (p.kind() == ParameterSpec.Kind.FLAG) b.type(boolean.class).arity("0").negatable(p.onByDefault());
			else b.type(String.class).paramLabel(p.valueLabel());
			spec.addOption(b.build());
		}
	}

	/** The options of {@code parameters} the user gave, as key=value text; a binding adds the spec's defaults. */
	static Map<String, String> given(ParseResult parsed, List<ParameterSpec> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		for (ParameterSpec p : parameters) {
			String name = "--" + p.key();
			if (!parsed.hasMatchedOption(name)) continue;
			values.put(p.key(), p.kind() == ParameterSpec.Kind.FLAG ? String.valueOf(parsed.<Boolean>matchedOptionValue(name, true)) : parsed.matchedOptionValue(name, ""));
		}
		return values;
	}

	/** The options the user gave, as key=value text; the engine's binding adds the spec's defaults. */
	Map<String, String> given() {
		return given(spec.commandLine().getParseResult(), operation.parameters());
	}

	@Override
	public Integer call() {
		Map<String, String> values = given();
		OperationResult r = Main.cancellable(LocalEngine.onCancel(operation.name()), cancel -> LocalEngine.call(operation.name(), values, new ConsoleProgress(System.err), cancel));
		for (String line : r.summary()) System.out.println(ParameterText.forCli(line));
		return r.exitCode();
	}
}
