package org.ssltem.fiji.ij1;

import ij.IJ;
import ij.Menus;
import ij.macro.Interpreter;
import org.ssltem.api.EngineException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an ImageJ macro headless with SSL-TEM's commands installed from {@code plugins.config}
 * ({@code ./ssl-tem macro FILE.ijm [ARGS]}). When ij1-patcher is on the class path its headless patches are
 * applied first, so ImageJ's own dialog-based commands work in the macro too.
 * Exit codes are the CLI's: 0 done, 2 bad input (or a macro error), 3 diverged, 130 cancelled, 1 otherwise.
 */
public final class MacroRunner {

	private MacroRunner() {}

	private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+?)\\s*,\\s*\"([^\"]+)\"\\s*,\\s*(\\S.*?)\\s*$");
	private static boolean prepared;

	public static int run(Path macroFile, String args) {
		String text;
		try {
			text = Files.readString(macroFile, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			System.err.println("ssl-tem: error: could not read the macro " + macroFile + ": " + e.getMessage());
			return 2;
		}
		return runText(text, args);
	}

	public static synchronized int runText(String text, String args) {
		prepare();
		SslTemPlugIn.lastFailure = null;
		Interpreter interp = new Interpreter();
		try {
			interp.run(text, args == null ? "" : args);
		}
		catch (RuntimeException e) {
			if (SslTemPlugIn.lastFailure == null) {
				// ImageJ has printed a macro error already and cancelled the macro with this exception
				if (!ij.Macro.MACRO_CANCELED.equals(e.getMessage())) System.err.println("ssl-tem: macro error: " + e);
				return 2;
			}
		}
		EngineException f = SslTemPlugIn.lastFailure;
		if (f != null) return f.kind().exitCode;
		if (interp.wasError()) {
			System.err.println("ssl-tem: macro error: " + interp.getErrorMessage());
			return 2;
		}
		return 0;
	}

	/**
	 * Applies ij1-patcher's headless patches (when present) and adds SSL-TEM's commands to ImageJ's command table.
	 * Must run before anything else in the JVM touches ImageJ: ij1-patcher cannot patch classes already loaded.
	 */
	public static synchronized void prepare() {
		if (prepared) return;
		try {
			Class.forName("net.imagej.patcher.LegacyInjector").getMethod("preinit").invoke(null);
		}
		catch (ClassNotFoundException e) {
			// plain ImageJ: our commands need no dialogs in macros, ImageJ's own may
		}
		catch (ReflectiveOperationException | LinkageError e) {
			System.err.println("ssl-tem: warning: ij1-patcher could not patch ImageJ (" + e
				+ "); run Java with --add-opens java.base/java.lang=ALL-UNNAMED");
		}
		install(commands());
		prepared = true;
	}

	/** Puts label -> plugin entries into ImageJ 1.x's command table, as {@code plugins.config} would from the plugins folder. */
	@SuppressWarnings("unchecked")
	static void install(Map<String, String> entries) {
		Hashtable<String, String> table = Menus.getCommands();
		if (table == null) {
			try {
				IJ.run("Close All"); // makes ImageJ 1.x build its command table
			}
			catch (java.awt.HeadlessException e) {
				throw new IllegalStateException("headless ImageJ could not build its menus: ImageJ was used before ij1-patcher could patch it "
					+ "(call MacroRunner.prepare() first) or ij1-patcher is missing from the class path", e);
			}
			table = Menus.getCommands();
		}
		if (table == null) throw new IllegalStateException("ImageJ's command table is not available");
		table.putAll(entries);
	}

	/** label -> plugin class with argument, from this jar's {@code plugins.config}. */
	public static Map<String, String> commands() {
		Map<String, String> m = new LinkedHashMap<>();
		for (String[] e : entries()) m.put(e[1], e[2]);
		return m;
	}

	/** label -> menu, e.g. "Plugins>SSL-TEM". */
	public static Map<String, String> menus() {
		Map<String, String> m = new LinkedHashMap<>();
		for (String[] e : entries()) m.put(e[1], e[0]);
		return m;
	}

	private static java.util.List<String[]> entries() {
		java.util.List<String[]> list = new java.util.ArrayList<>();
		try (InputStream in = SslTemPlugIn.class.getResourceAsStream("/plugins.config")) {
			if (in == null) throw new IllegalStateException("plugins.config is missing from SSL-TEM's jar");
			BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line; (line = r.readLine()) != null;) {
				Matcher mt = ENTRY.matcher(line);
				if (!line.trim().startsWith("#") && mt.matches()) list.add(new String[] { mt.group(1), mt.group(2), mt.group(3) });
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("could not read plugins.config", e);
		}
		return list;
	}
}
