package org.ssltem.fiji;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.api.OperationSpec;
import org.ssltem.api.ParameterSpec;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's inputs, read from its SciJava {@code @Parameter} fields: the one description of a command's
 * parameters that the SciJava harvester, the ImageJ 1.x dialog and the macro options all use.
 */
public final class CommandParameters {

	private CommandParameters() {}

	public enum Kind { DIRECTORY, OPEN_FILE, SAVE_FILE, TEXT, CHOICE, INTEGER, DECIMAL, BOOLEAN }

	/**
	 * One input: its snake_case name (= CLI flag = macro key), what it holds and its default as text; its dialog label
	 * and whether dialogs keep it under "Advanced" come from the operation's spec (the name and false without one).
	 */
	public record Param(String name, Kind kind, String description, List<String> choices, String defaultValue, boolean required, Field field, String label,
		boolean advanced) {

		/** The same parameter with another default, e.g. the value used last time. */
		public Param withDefault(String value) {
			return new Param(name, kind, description, choices, value, required, field, label, advanced);
		}
	}

	/**
	 * The menu label, from the SciJava annotation's {@code label}. The commands have no SciJava menu path: their menu
	 * entries are those of {@code plugins.config}, so ImageJ 1.x and Fiji both show the same dialog ({@code ij1.CommandDialog}).
	 */
	public static String title(Class<?> commandClass) {
		Plugin p = commandClass.getAnnotation(Plugin.class);
		return p == null || p.label().isEmpty() ? commandClass.getSimpleName() : p.label();
	}

	public static List<Param> of(Class<?> commandClass) {
		Object fresh;
		try {
			fresh = commandClass.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(commandClass + " needs a public no-argument constructor", e);
		}
		OperationSpec spec = fresh instanceof SslTemCommand<?> c ? c.operationSpec() : null;
		List<Param> params = new ArrayList<>();
		for (Field f : fields(commandClass)) {
			Parameter a = f.getAnnotation(Parameter.class);
			String style = a.style().toLowerCase(Locale.ROOT);
			ParameterSpec p = spec != null && spec.has(f.getName()) ? spec.parameter(f.getName()) : null;
			List<String> choices = p != null ? p.choices() : List.of(a.choices());
			Class<?> t = f.getType();
			Kind kind;
			if (t == File.class) kind = style.contains("directory") ? Kind.DIRECTORY : style.contains("save") ? Kind.SAVE_FILE : Kind.OPEN_FILE;
			else if (t == boolean.class || t == Boolean.class) kind = Kind.BOOLEAN;
			else if (t == int.class || t == long.class || t == Integer.class || t == Long.class) kind = Kind.INTEGER;
			else if (t == double.class || t == float.class || t == Double.class) kind = Kind.DECIMAL;
			else if (t == String.class && !choices.isEmpty()) kind = Kind.CHOICE;
			else if (t == String.class) kind = Kind.TEXT;
			else throw new IllegalStateException(f + ": type " + t.getSimpleName() + " is not supported by the ImageJ 1.x bridge");
			Object d = get(f, fresh);
			String description = p != null ? p.help() : a.description().isEmpty() ? a.label() : a.description();
			params.add(new Param(f.getName(), kind, description, choices, d == null ? "" : text(d), a.required() && d == null, f,
				p != null ? p.label() : a.label().isEmpty() ? f.getName() : a.label(), p != null && p.advanced()));
		}
		return params;
	}

	/** The input fields of a command class, in declaration order (outputs and services are left out). */
	static List<Field> fields(Class<?> commandClass) {
		List<Field> fields = new ArrayList<>();
		for (Class<?> c = commandClass; c != null && c != Object.class; c = c.getSuperclass()) {
			List<Field> own = new ArrayList<>();
			for (Field f : c.getDeclaredFields()) {
				Parameter a = f.getAnnotation(Parameter.class);
				if (a == null || Modifier.isStatic(f.getModifiers())) continue;
				if (a.type() == ItemIO.OUTPUT) continue;
				if (org.scijava.service.Service.class.isAssignableFrom(f.getType()) || org.scijava.Context.class.isAssignableFrom(f.getType())) continue;
				f.setAccessible(true);
				own.add(f);
			}
			fields.addAll(0, own);
		}
		return fields;
	}

	/** The current values as the strings the engine takes; unset (null) inputs are left out. */
	public static Map<String, String> values(Object command) {
		Map<String, String> m = new LinkedHashMap<>();
		for (Field f : fields(command.getClass())) {
			Object v = get(f, command);
			if (v != null) m.put(f.getName(), text(v));
		}
		return m;
	}

	/**
	 * Sets one input from text (a macro value or a dialog field).
	 *
	 * @throws IllegalArgumentException naming the key and the values it takes
	 */
	public static void set(Object command, Param p, String text) {
		String v = text == null ? "" : text.trim();
		Object value;
		try {
			value = switch (p.kind()) {
				case DIRECTORY, OPEN_FILE, SAVE_FILE -> v.isEmpty() ? null : new File(v);
				case TEXT -> v;
				case CHOICE -> {
					if (!p.choices().contains(v))
						throw new IllegalArgumentException("'" + p.name() + "=" + v + "': " + p.name() + " must be one of " + String.join(", ", p.choices()));
					yield v;
				}
				case BOOLEAN -> switch (v.toLowerCase(Locale.ROOT)) {
					case "", "true", "1", "yes", "on" -> Boolean.TRUE;
					case "false", "0", "no", "off" -> Boolean.FALSE;
					default -> throw new IllegalArgumentException("'" + p.name() + "=" + v + "': " + p.name() + " must be true or false");
				};
				case INTEGER -> v.isEmpty() && !p.field().getType().isPrimitive() ? null
					: p.field().getType() == long.class || p.field().getType() == Long.class ? (Object) Long.parseLong(v) : (Object) Integer.parseInt(v);
				case DECIMAL -> Double.parseDouble(v);
			};
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + p.name() + "=" + v + "': " + p.name() + " must be " + (p.kind() == Kind.INTEGER ? "a whole number" : "a number")
				+ " (default " + p.defaultValue() + ")");
		}
		try {
			p.field().set(command, value);
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Text of a value as the engine and the macro take it. */
	static String text(Object v) {
		if (v instanceof File f) return f.getPath();
		return String.valueOf(v);
	}

	private static Object get(Field f, Object o) {
		try {
			return f.get(o);
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Names of the inputs, for messages. */
	public static String names(List<Param> params) {
		return String.join(", ", params.stream().map(Param::name).toList());
	}
}
