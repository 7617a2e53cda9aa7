package org.ssltem.fiji.ij1;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import org.ssltem.fiji.CommandParameters;
import org.ssltem.fiji.CommandParameters.Param;

import java.awt.Component;
import java.awt.Label;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's dialog for people: the basic settings with the labels of the operation's spec, an "Advanced..." button
 * that opens the rest, and a Help button that explains every setting with its macro key. The Macro Recorder gets
 * {@code key=value} for the basic settings and for each advanced one that differs from its default, so a recorded line
 * replays the run exactly (a macro leaves out keys at their defaults) and stays readable.
 * <p>
 * GenericDialog records a field under the first word of its label; the labels here are sentences, so the dialog is
 * built and read with recording off and the values are recorded by key afterwards.
 */
final class CommandDialog {

	static final String ADVANCED_BUTTON = "Advanced options...";

	private final String title;
	private final List<Param> basic = new ArrayList<>(), advanced = new ArrayList<>();
	/** The parameters' own defaults (before remembered values), by key: advanced values equal to them are not recorded. */
	private final Map<String, String> defaults = new LinkedHashMap<>();
	/** The advanced values, as last shown or edited. */
	private final Map<String, String> advancedValues = new LinkedHashMap<>();
	private GenericDialog main;
	private Label advancedSummary;

	/**
	 * @param params     the command's parameters with their own defaults
	 * @param remembered the same parameters with the values last used as defaults
	 */
	CommandDialog(String title, List<Param> params, List<Param> remembered) {
		this.title = title;
		for (Param p : params) defaults.put(p.name(), p.defaultValue());
		for (Param p : remembered) {
			if (p.advanced()) {
				advanced.add(p);
				advancedValues.put(p.name(), p.defaultValue());
			}
			else basic.add(p);
		}
	}

	/**
	 * Shows the dialog and, on OK, returns every value by key (basic ones read from the fields, advanced ones as last
	 * edited); null when cancelled. A number field that holds no number is an error naming its key.
	 */
	Map<String, String> show() {
		boolean recording = Recorder.record;
		Recorder.record = false;
		try {
			main = build(title, basic);
			if (!advanced.isEmpty()) {
				main.addButton(ADVANCED_BUTTON, e -> editAdvanced());
				main.addMessage(summary());
				Component c = main.getMessage();
				advancedSummary = c instanceof Label l ? l : null;
			}
			main.addHelp(help());
			main.showDialog();
			if (main.wasCanceled()) return null;
			Map<String, String> values = read(main, basic);
			values.putAll(advancedValues);
			if (recording) record(values);
			return values;
		}
		finally {
			Recorder.record = recording;
		}
	}

	/** The main dialog, for tests: null before {@link #show()}. */
	GenericDialog mainDialog() {
		return main;
	}

	/** Opens the advanced settings over the main dialog; OK keeps what was typed, Cancel what was there. */
	private void editAdvanced() {
		List<Param> current = new ArrayList<>();
		for (Param p : advanced) current.add(p.withDefault(advancedValues.get(p.name())));
		GenericDialog gd = build(title + " - advanced", current);
		gd.addHelp(help());
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			advancedValues.putAll(read(gd, current));
		}
		catch (IllegalArgumentException e) {
			IJ.error("SSL-TEM: " + title, e.getMessage() + "\nThe advanced settings were not changed.");
		}
		if (advancedSummary != null) {
			advancedSummary.setText(summary());
			main.pack();
		}
	}

	/** "Advanced: defaults" or "Advanced: seed=7, lr=0.01" (the settings that differ from their defaults). */
	String summary() {
		List<String> changed = new ArrayList<>();
		for (Param p : advanced) {
			String v = advancedValues.get(p.name());
			if (differsFromDefault(p, v)) changed.add(p.name() + "=" + (v.isEmpty() ? "(empty)" : v));
		}
		String text = changed.isEmpty() ? "defaults" : String.join(", ", changed);
		return "Advanced: " + (text.length() > 70 ? text.substring(0, 67) + "..." : text);
	}

	private boolean differsFromDefault(Param p, String value) {
		String d = defaults.getOrDefault(p.name(), "");
		if (p.kind() == CommandParameters.Kind.INTEGER || p.kind() == CommandParameters.Kind.DECIMAL) {
			try {
				return Double.parseDouble(value) != Double.parseDouble(d);
			}
			catch (NumberFormatException e) {
				return !value.equals(d);
			}
		}
		return !value.equals(d);
	}

	/**
	 * What the Recorder writes: every basic value, the advanced ones that differ from their defaults; ticked boxes only,
	 * and an emptied field only where its default is not empty (a macro gives a key it leaves out its default).
	 */
	void record(Map<String, String> values) {
		for (Param p : basic) record(p, values.get(p.name()));
		for (Param p : advanced) if (differsFromDefault(p, values.get(p.name()))) record(p, values.get(p.name()));
	}

	private void record(Param p, String value) {
		if (p.kind() == CommandParameters.Kind.BOOLEAN) {
			if (Boolean.parseBoolean(value)) Recorder.recordOption(p.name());
		}
		else if (value != null && (!value.isEmpty() || !defaults.getOrDefault(p.name(), "").isEmpty())) Recorder.recordOption(p.name(), value);
	}

	/** One field per parameter, labelled as the spec labels it. */
	static GenericDialog build(String title, List<Param> params) {
		GenericDialog gd = new GenericDialog("SSL-TEM: " + title);
		for (Param p : params) {
			String label = p.label();
			switch (p.kind()) {
				case DIRECTORY -> gd.addDirectoryField(label, p.defaultValue(), 30);
				case OPEN_FILE, SAVE_FILE -> gd.addFileField(label, p.defaultValue(), 30);
				case TEXT -> gd.addStringField(label, p.defaultValue(), 20);
				case CHOICE -> gd.addChoice(label, p.choices().toArray(String[]::new), p.defaultValue());
				case INTEGER -> {
					if (p.defaultValue().isEmpty()) gd.addStringField(label, "", 8); // optional: empty = not given
					else gd.addNumericField(label, Double.parseDouble(p.defaultValue()), 0);
				}
				case DECIMAL -> gd.addNumericField(label, Double.parseDouble(p.defaultValue()), digits(p.defaultValue()), 8, null);
				case BOOLEAN -> gd.addCheckbox(label, Boolean.parseBoolean(p.defaultValue()));
			}
		}
		return gd;
	}

	/** Decimals enough to show {@code value} exactly (0.005 needs 3; a fixed 4 would show 1e-5 as 0.0000 and read it back as 0). */
	static int digits(String value) {
		try {
			return Math.max(1, Math.min(9, new BigDecimal(value).stripTrailingZeros().scale()));
		}
		catch (NumberFormatException e) {
			return 4;
		}
	}

	/** The fields' values by key, in the order {@link #build} added them. */
	static Map<String, String> read(GenericDialog gd, List<Param> params) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Param p : params) {
			String v = switch (p.kind()) {
				case DIRECTORY, OPEN_FILE, SAVE_FILE, TEXT -> gd.getNextString();
				case CHOICE -> gd.getNextChoice();
				case INTEGER -> p.defaultValue().isEmpty() ? gd.getNextString().trim() : String.valueOf(Math.round(number(gd, p)));
				case DECIMAL -> String.valueOf(number(gd, p));
				case BOOLEAN -> String.valueOf(gd.getNextBoolean());
			};
			values.put(p.name(), v);
		}
		return values;
	}

	/** The next numeric field; a field that is not a number is an error naming the setting (GenericDialog would give NaN). */
	private static double number(GenericDialog gd, Param p) {
		double v = gd.getNextNumber();
		if (Double.isNaN(v)) throw new IllegalArgumentException("'" + p.label() + "' (" + p.name() + "=) must be a number (default " + p.defaultValue() + ")");
		return v;
	}

	/** Every setting: its label, its macro key, what it does; the advanced ones under their own heading. */
	String help() {
		StringBuilder html = new StringBuilder("<html><h2>").append(escape(title)).append("</h2>");
		html.append("<p>Each setting's macro key is the command line's option: <tt>run(\"").append(escape(title)).append("\", \"key=value ...\")</tt>."
			+ " The Macro Recorder writes the basic settings and the advanced ones you changed.</p>");
		table(html, "Settings", basic);
		if (!advanced.isEmpty()) table(html, "Advanced settings (\"" + ADVANCED_BUTTON + "\")", advanced);
		return html.append("</html>").toString();
	}

	private void table(StringBuilder html, String heading, List<Param> params) {
		html.append("<h3>").append(escape(heading)).append("</h3><table>");
		for (Param p : params)
			html.append("<tr><td valign=top><b>").append(escape(p.label())).append("</b><br><tt>").append(p.name()).append("=</tt></td><td valign=top>")
				.append(escape(p.description())).append(defaults.getOrDefault(p.name(), "").isEmpty() ? "" : " (default " + escape(defaults.get(p.name())) + ")")
				.append("</td></tr>");
		html.append("</table>");
	}

	private static String escape(String s) {
		return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
