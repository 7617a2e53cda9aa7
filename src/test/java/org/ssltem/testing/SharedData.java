package org.ssltem.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates ../shared (real EM data and reference values from independent implementations). Surefire passes it as
 * the system property {@code ssltem.shared}; tests that need it skip, with a reason, when it is absent.
 * CI always has it beside the clone.
 */
public final class SharedData {

	private SharedData() {}

	public static Path root() {
		String prop = System.getProperty("ssltem.shared");
		Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
		return p.toAbsolutePath().normalize();
	}

	/** Returns ../shared/{relative}, or skips the calling test if it is missing. */
	public static Path require(String relative) {
		Path p = root().resolve(relative);
		Assumptions.assumeTrue(Files.exists(p), "needs " + p + " (the ../shared folder beside the project)");
		return p;
	}

	/** The {@code "cases"} of a reference JSON under ../shared (skips the calling test if it is missing). */
	public static List<JsonObject> referenceCases(String relative) throws IOException {
		JsonObject root = JsonParser.parseString(Files.readString(require(relative))).getAsJsonObject();
		List<JsonObject> cases = new ArrayList<>();
		for (JsonElement e : root.getAsJsonArray("cases")) cases.add(e.getAsJsonObject());
		return cases;
	}
}
