package org.ssltem.fiji;

import ij.IJ;
import org.scijava.command.Command;
import org.ssltem.api.EngineException;

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
public abstract class SslTemCommand implements Command {

	/** The engine operation, e.g. {@code "generate"}; commands that need no engine override {@link #execute()} instead. */
	protected String operation() {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " has no engine operation");
	}

	/** Shows the result where Fiji users look (ResultsTable, plot, log). Called on the command's thread. */
	protected void show(Map<String, Object> result) {}

	/** Runs the engine operation and shows its result; throws {@link EngineException} on failure. */
	protected void execute() {
		show(EngineTask.run(operation(), CommandParameters.values(this)));
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
			report(title(), e);
		}
		catch (IllegalArgumentException | java.io.UncheckedIOException e) {
			failure = new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), null);
			report(title(), failure);
		}
	}

	public EngineException failure() {
		return failure;
	}

	/** The menu label, from the SciJava annotation. */
	public String title() {
		return CommandParameters.title(getClass());
	}

	/** An engine error as an ImageJ dialog, or on stderr when headless (with the engine's trace if SSLTEM_DEBUG is set). */
	public static void report(String title, EngineException e) {
		String text = e.kind() == EngineException.Kind.CANCELLED ? "Stopped. What was finished is kept (for pretraining: the last checkpoint)."
			: Messages.forFiji(e.getMessage());
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
