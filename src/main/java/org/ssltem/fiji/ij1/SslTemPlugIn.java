package org.ssltem.fiji.ij1;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;
import org.ssltem.fiji.CommandParameters;
import org.ssltem.fiji.CommandParameters.Param;
import org.ssltem.fiji.SslTemCommand;
import org.ssltem.api.EngineException;

import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Map;

/**
 * The ImageJ face of every SSL-TEM command, in ImageJ 1.x and in Fiji, registered in {@code plugins.config} as
 * {@code org.ssltem.fiji.ij1.SslTemPlugIn("<command class>")}. It shows the command's dialog ({@link CommandDialog}:
 * basic settings, advanced ones behind a button, recorded as {@code key=value}), or reads the macro options directly,
 * rejecting unknown keys and bad values with a message that names the key and the values it takes. Then it runs the
 * same {@link SslTemCommand#run()} as the SciJava face.
 */
public class SslTemPlugIn implements PlugIn {

	/** The failure of the last command run on this JVM, read by {@link MacroRunner} for its exit code. */
	static volatile EngineException lastFailure;

	@Override
	public void run(String commandClass) {
		SslTemCommand command = instantiate(commandClass);
		List<Param> params = CommandParameters.of(command.getClass());
		String options = Macro.getOptions();
		// decided now: IJ.isMacro() is true while any macro runs, so asked after a failure shown in a dialog it may be a
		// macro the user (or a test) started meanwhile, which this run must not abort
		boolean fromAMacro = IJ.isMacro() || options != null;
		try {
			if (options != null) fromMacro(command, params, options);
			else if (!fromDialog(command, params)) return;
		}
		catch (IllegalArgumentException e) {
			forgetRecording();
			fail(command, new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), null), fromAMacro);
			return;
		}
		command.run();
		if (command.failure() != null) {
			forgetRecording();
			lastFailure = command.failure();
			if (fromAMacro) abortMacro();
		}
	}

	/** A failed run is not recorded: the Macro Recorder writes its line after the command returns, unless the command is cleared. */
	static void forgetRecording() {
		if (ij.plugin.frame.Recorder.record) ij.plugin.frame.Recorder.setCommand(null);
	}

	/** Stops the running macro after a failed command, so its next lines do not run on missing results. */
	static void abortMacro() {
		ij.macro.Interpreter.abort();
		Macro.abort();
	}

	/** Macro mode: every key must be a parameter; absent keys keep their defaults, absent checkboxes are false (as in ImageJ 1.x). */
	static void fromMacro(SslTemCommand command, List<Param> params, String options) {
		Map<String, String> given = MacroOptions.parse(options);
		for (String key : given.keySet())
			if (params.stream().noneMatch(p -> p.name().equals(key)))
				throw new IllegalArgumentException("unknown key '" + key + "'" + didYouMean(key, params) + ". Valid keys: " + CommandParameters.names(params));
		for (Param p : params) {
			String v = given.get(p.name());
			if (v != null) CommandParameters.set(command, p, v);
			else if (p.kind() == CommandParameters.Kind.BOOLEAN) CommandParameters.set(command, p, "false");
			else if (p.required() && p.defaultValue().isEmpty())
				throw new IllegalArgumentException("'" + p.name() + "' is missing. Add " + p.name() + "=... to the options (valid keys: "
					+ CommandParameters.names(params) + ")");
		}
	}

	/** ", did you mean 'classes'?" for a key one or two typing slips away from a parameter, else "". */
	static String didYouMean(String key, List<Param> params) {
		String best = null;
		int bestDistance = 3;
		for (Param p : params) {
			int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), p.name());
			if (d < bestDistance) {
				bestDistance = d;
				best = p.name();
			}
		}
		return best == null ? "" : ", did you mean '" + best + "'?";
	}

	/** Levenshtein distance: insertions, deletions and substitutions. */
	static int editDistance(String a, String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++)
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	/**
	 * Interactive mode: the basic settings, the advanced ones behind a button ({@link CommandDialog}); the values are
	 * remembered for the next time even when the run then fails, so the user corrects one field, not all.
	 */
	static boolean fromDialog(SslTemCommand command, List<Param> params) {
		Map<String, String> values = new CommandDialog(command.title(), params, remembered(command.getClass(), params)).show();
		if (values == null) return false;
		try {
			for (Param p : params) CommandParameters.set(command, p, values.get(p.name()));
		}
		finally {
			remember(command, params);
		}
		return true;
	}

	/** The ImageJ preference key of a parameter's last value, e.g. {@code ssltem.TrainSegmenter.epochs}. */
	static String prefKey(Class<?> command, Param p) {
		return "ssltem." + command.getSimpleName() + "." + p.name();
	}

	/** The parameters with the values last used in the dialog (ImageJ's IJ_Prefs.txt) as their defaults. */
	static List<Param> remembered(Class<?> command, List<Param> params) {
		List<Param> out = new java.util.ArrayList<>();
		for (Param p : params) {
			String last = ij.Prefs.get(prefKey(command, p), null);
			out.add(last == null || p.kind() == CommandParameters.Kind.CHOICE && !p.choices().contains(last) ? p : p.withDefault(last));
		}
		return out;
	}

	static void remember(SslTemCommand command, List<Param> params) {
		Map<String, String> values = CommandParameters.values(command);
		for (Param p : params) {
			String v = values.get(p.name());
			if (v != null) ij.Prefs.set(prefKey(command.getClass(), p), v);
		}
	}

	private static void fail(SslTemCommand<?> command, EngineException e, boolean fromAMacro) {
		lastFailure = e;
		SslTemCommand.report(command.title(), e, command.operationSpec());
		if (fromAMacro || GraphicsEnvironment.isHeadless()) abortMacro();
	}

	static SslTemCommand instantiate(String className) {
		try {
			Class<?> c = Class.forName(className.trim(), true, SslTemPlugIn.class.getClassLoader());
			return (SslTemCommand) c.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | ClassCastException e) {
			throw new IllegalStateException("plugins.config names '" + className + "', which is not an SSL-TEM command", e);
		}
	}
}
