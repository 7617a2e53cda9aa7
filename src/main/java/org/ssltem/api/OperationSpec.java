package org.ssltem.api;

import org.ssltem.api.ParameterSpec.Faces;
import org.ssltem.api.ParameterSpec.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation's contract: its name (the CLI command and the engine operation), a one-line description and its
 * parameters. Every face is rendered from it or checked against it; defaults exist here only.
 */
public final class OperationSpec {

	private final String name;
	private final String description;
	private final Map<String, ParameterSpec> parameters;

	private OperationSpec(String name, String description, List<ParameterSpec> parameters) {
		this.name = name;
		this.description = description;
		Map<String, ParameterSpec> m = new LinkedHashMap<>();
		for (ParameterSpec p : parameters)
			if (m.put(p.key(), p) != null) throw new IllegalArgumentException(name + ": parameter " + p.key() + " is declared twice");
		this.parameters = Collections.unmodifiableMap(m);
	}

	public String name() {
		return name;
	}

	public String description() {
		return description;
	}

	public List<ParameterSpec> parameters() {
		return List.copyOf(parameters.values());
	}

	public boolean has(String key) {
		return parameters.containsKey(key);
	}

	/** The parameter under {@code key}; an {@link IllegalArgumentException} names the operation when there is none. */
	public ParameterSpec parameter(String key) {
		ParameterSpec p = parameters.get(key);
		if (p == null) throw new IllegalArgumentException(name + " has no parameter '" + key + "' (it has " + String.join(", ", parameters.keySet()) + ")");
		return p;
	}

	/** The default of {@code key} as text, or null. */
	public String defaultText(String key) {
		return parameter(key).defaultValue();
	}

	/** The default of a flag: on or off (Fiji check boxes start from it). */
	public boolean defaultFlag(String key) {
		ParameterSpec p = parameter(key);
		if (p.kind() != ParameterSpec.Kind.FLAG) throw new IllegalArgumentException(name + ": " + key + " is not a flag");
		return p.onByDefault();
	}

	/** The default of a whole-number parameter (Fiji fields start from it). */
	public int defaultInt(String key) {
		return Integer.parseInt(requireDefault(key));
	}

	public long defaultLong(String key) {
		return Long.parseLong(requireDefault(key));
	}

	public double defaultDouble(String key) {
		return Double.parseDouble(requireDefault(key));
	}

	private String requireDefault(String key) {
		String d = defaultText(key);
		if (d == null) throw new IllegalArgumentException(name + ": " + key + " has no default");
		return d;
	}

	@Override
	public String toString() {
		return name;
	}

	public static Builder builder(String name, String description) {
		return new Builder(name, description);
	}

	/** Declares parameters in the order dialogs and help show them. Each adder returns the builder; modifiers apply to the last one. */
	public static final class Builder {
		private final String name, description;
		private final List<ParameterSpec> parameters = new ArrayList<>();

		private Builder(String name, String description) {
			this.name = name;
			this.description = description;
		}

		private Builder add(String key, Kind kind, String dflt, String label, String help, List<String> choices) {
			parameters.add(new ParameterSpec(key, kind, dflt, false, label, help, choices, null, null, false, Faces.ALL_FACES));
			return this;
		}

		public Builder folder(String key, String label, String help) {
			return add(key, Kind.FOLDER, null, label, help, List.of());
		}

		public Builder file(String key, String label, String help) {
			return add(key, Kind.FILE, null, label, help, List.of());
		}

		public Builder fileOrFolder(String key, String label, String help) {
			return add(key, Kind.FILE_OR_FOLDER, null, label, help, List.of());
		}

		public Builder outputFolder(String key, String label, String help) {
			return add(key, Kind.OUTPUT_FOLDER, null, label, help, List.of());
		}

		public Builder outputFile(String key, String label, String help) {
			return add(key, Kind.OUTPUT_FILE, null, label, help, List.of());
		}

		public Builder text(String key, String dflt, String label, String help) {
			return add(key, Kind.TEXT, dflt, label, help, List.of());
		}

		public Builder choice(String key, String dflt, List<String> choices, String label, String help) {
			return add(key, Kind.CHOICE, dflt, label, help, choices);
		}

		/** A whole number; {@code dflt} null for an optional number without default. */
		public Builder integer(String key, Long dflt, String label, String help) {
			return add(key, Kind.INTEGER, dflt == null ? null : Long.toString(dflt), label, help, List.of());
		}

		public Builder integer(String key, long dflt, String label, String help) {
			return integer(key, Long.valueOf(dflt), label, help);
		}

		public Builder decimal(String key, double dflt, String label, String help) {
			return add(key, Kind.DECIMAL, Double.toString(dflt), label, help, List.of());
		}

		public Builder flag(String key, String label, String help) {
			return add(key, Kind.FLAG, null, label, help, List.of());
		}

		/** A flag that is on unless turned off ({@code --no-KEY} on the command line, an unticked box in Fiji). */
		public Builder flagOn(String key, String label, String help) {
			return add(key, Kind.FLAG, "true", label, help, List.of());
		}

		/** Every parameter of another builder, in its order (shared groups such as the pretraining settings). */
		public Builder all(List<ParameterSpec> group) {
			parameters.addAll(group);
			return this;
		}

		private Builder modifyLast(java.util.function.UnaryOperator<ParameterSpec> f) {
			parameters.set(parameters.size() - 1, f.apply(parameters.get(parameters.size() - 1)));
			return this;
		}

		public Builder required() {
			return modifyLast(p -> new ParameterSpec(p.key(), p.kind(), p.defaultValue(), true, p.label(), p.description(), p.choices(), p.min(), p.max(),
				p.advanced(), p.faces()));
		}

		public Builder min(double min) {
			return modifyLast(p -> new ParameterSpec(p.key(), p.kind(), p.defaultValue(), p.required(), p.label(), p.description(), p.choices(), min, p.max(),
				p.advanced(), p.faces()));
		}

		public Builder range(double min, double max) {
			return modifyLast(p -> new ParameterSpec(p.key(), p.kind(), p.defaultValue(), p.required(), p.label(), p.description(), p.choices(), min, max,
				p.advanced(), p.faces()));
		}

		public Builder advanced() {
			return modifyLast(p -> new ParameterSpec(p.key(), p.kind(), p.defaultValue(), p.required(), p.label(), p.description(), p.choices(), p.min(),
				p.max(), true, p.faces()));
		}

		public Builder cliOnly() {
			return modifyLast(p -> new ParameterSpec(p.key(), p.kind(), p.defaultValue(), p.required(), p.label(), p.description(), p.choices(), p.min(),
				p.max(), p.advanced(), Faces.CLI_ONLY));
		}

		public List<ParameterSpec> parameters() {
			return List.copyOf(parameters);
		}

		public OperationSpec build() {
			return new OperationSpec(name, description, parameters);
		}
	}
}
