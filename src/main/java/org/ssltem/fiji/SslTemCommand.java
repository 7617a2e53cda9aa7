package org.ssltem.fiji;

import ij.IJ;
import org.scijava.command.DynamicCommand;
import org.scijava.module.MethodCallException;
import org.scijava.module.ModuleItem;
import org.scijava.module.MutableModuleItem;
import org.ssltem.api.ParameterSpec;
import org.ssltem.api.DurationEstimate;
import org.ssltem.api.EngineException;
import org.ssltem.api.OperationResult;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.Operations;
import org.ssltem.api.ParameterText;

import java.awt.GraphicsEnvironment;
import java.util.Map;

/**
 * The shape every SSL-TEM Fiji command shares. A command is a SciJava {@link Command} whose {@code @Parameter}
 * fields are named exactly like the CLI flags ({@code per_class}, {@code checkpoint_every}); those names are
 * also the macro keys and the ImageJ 1.x dialog labels ({@link org.ssltem.fiji.ij1.SslTemPlugIn} reads the same
 * fields). {@link #run()} sends the fields to one engine operation and hands the result to {@link #show}.
 * <p>
 * A new command (classification, segmentation, morphology) is one small subclass plus one line in
 * {@code plugins.config}; its engine operation is one entry in {@code org.ssltem.engine.LocalEngine}.
 */
public abstract class SslTemCommand<R extends OperationResult> extends DynamicCommand {

	/**
	 * Labels, help and choices of the dialog come from the operation's spec (the same text the CLI's help shows), so
	 * the {@code @Parameter} fields carry only their names and types.
	 */
	@Override
	public void initialize() throws MethodCallException {
		super.initialize();
		OperationSpec spec = operationSpec();
		if (spec == null) return;
		for (ModuleItem<?> item : getInfo().inputs()) {
			if (!spec.has(item.getName())) continue;
			ParameterSpec p = spec.parameter(item.getName());
			MutableModuleItem<?> input = getInfo().getMutableInput(item.getName(), item.getType());
			input.setLabel(p.label());
			input.setDescription(p.help());
			if (p.kind() == ParameterSpec.Kind.CHOICE && item.getType() == String.class)
				getInfo().getMutableInput(item.getName(), String.class).setChoices(p.choices());
		}
	}

	/** The engine operation, e.g. {@code "generate"}; commands that need no engine override {@link #execute()} instead. */
	protected String operation() {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " has no engine operation");
	}

	/** Shows the result where Fiji users look (ResultsTable, plot, log). Called on the command's thread. */
	protected void show(R result) {}

	/** Runs the engine operation and shows its result; throws {@link EngineException} on failure. */
	@SuppressWarnings("unchecked")
	protected void execute() {
		Map<String, String> values = CommandParameters.values(this);
		if (!confirmDuration(values)) return;
		R result = (R) EngineTask.run(operation(), values);
		show(result);
		for (String w : result.warnings()) ResultDisplay.log("SSL-TEM: warning: " + ParameterText.forDialog(w, Operations.named(operation())));
	}

	/** Work that is estimated to take longer than this asks before it starts (from the dialog, not from a macro). */
	static final double ASK_ABOVE_S = 120;

	/**
	 * Logs the engine's estimate of how long the run will take, if it has one, and asks the user to confirm a long
	 * run started from the dialog; false when the user declines.
	 */
	boolean confirmDuration(Map<String, String> values) {
		DurationEstimate e;
		try {
			e = EngineLoader.engine().estimate(operation(), values);
		}
		catch (RuntimeException notLoaded) {
			return true; // the run itself reports why the engine cannot be used
		}
		if (e == null) return true;
		ResultDisplay.log("SSL-TEM: " + e.text());
		if (e.seconds() < ASK_ABOVE_S || GraphicsEnvironment.isHeadless() || IJ.isMacro() || IJ.getInstance() == null) return true;
		if (IJ.showMessageWithCancel(title(), "The " + e.text() + ".\n \nStart now? (Esc stops it after the current step.)")) return true;
		ResultDisplay.log("SSL-TEM: " + title() + " not started.");
		return false;
	}

	/** Set when the last run failed: the kind decides the exit code of a headless macro run. */
	private EngineException failure;

	@Override
	public void run() {
		failure = null;
		try {
			execute();
		}
		catch (EngineException e) {
			failure = e;
			report(title(), e, operationSpec());
		}
		catch (IllegalArgumentException | java.io.UncheckedIOException e) {
			failure = new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), null);
			report(title(), failure, operationSpec());
		}
	}

	public EngineException failure() {
		return failure;
	}

	/** The menu label, from the SciJava annotation. */
	public String title() {
		return CommandParameters.title(getClass());
	}

	/** The spec of this command's engine operation, or null for commands that need no engine. */
	public OperationSpec operationSpec() {
		try {
			return Operations.named(operation());
		}
		catch (UnsupportedOperationException e) {
			return null;
		}
	}

	/**
	 * An engine error as an ImageJ dialog, or on stderr when headless (with the engine's trace if SSLTEM_DEBUG is set).
	 * Parameters are worded by their dialog labels and macro keys from {@code operation} (may be null).
	 */
	public static void report(String title, EngineException e, OperationSpec operation) {
		String text = ParameterText.forDialog(e.getMessage(), operation);
		if (e.kind() == EngineException.Kind.CANCELLED && (text == null || text.isBlank())) text = "Stopped; what was finished is kept.";
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null && !IJ.isMacro()) {
			System.err.println("ssl-tem: " + title + ": " + (e.kind() == EngineException.Kind.CANCELLED ? "cancelled" : "error: " + text));
			if (System.getenv("SSLTEM_DEBUG") != null && e.engineStackTrace() != null) System.err.println(e.engineStackTrace());
		}
		else if (e.kind() == EngineException.Kind.CANCELLED) IJ.showStatus("SSL-TEM: " + text);
		else IJ.error("SSL-TEM: " + title, wrap(text));
	}

	/** Breaks a long message into lines of about 90 characters, so an error dialog stays a readable width. */
	public static String wrap(String text) {
		StringBuilder out = new StringBuilder();
		int line = 0;
		for (String word : text.split(" ")) {
			if (line > 0 && line + word.length() > 90) {
				out.append('\n');
				line = 0;
			}
			else if (line > 0) {
				out.append(' ');
				line++;
			}
			out.append(word);
			line += word.length();
		}
		return out.toString();
	}
}
