package org.ssltem.fiji;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Fiji platforms SSL-TEM runs on: those for which TensorFlow Java 1.0.0 publishes its native library
 * ({@code org.tensorflow:tensorflow-core-native:1.0.0:<classifier>} on Maven Central). Each is named as the ImageJ
 * updater names it ({@code net.imagej.updater.util.Platforms}): the update site stores a platform's native library
 * under {@code lib/<name>/ssl-tem/} with a {@code <platform>} record, so the updater installs it on that platform
 * only, and {@link EngineLoader} loads the one for the platform it runs on.
 */
public enum FijiPlatform {
	LINUX64("linux64", "linux-x86_64", "Linux x86-64"),
	LINUX_ARM64("linux-arm64", "linux-arm64", "Linux arm64"),
	WIN64("win64", "windows-x86_64", "Windows x86-64"),
	MACOS64("macos64", "macosx-x86_64", "macOS Intel"),
	MACOS_ARM64("macos-arm64", "macosx-arm64", "macOS Apple silicon");

	/** The updater's platform name, e.g. {@code linux64} or {@code macos-arm64}. */
	public final String updaterName;
	/** The Maven classifier of TF Java's native library for it, e.g. {@code linux-x86_64}. */
	public final String tensorflowClassifier;
	public final String label;

	private static final Pattern NATIVE_JAR = Pattern.compile("tensorflow-core-native-[0-9][0-9.]*-([a-z0-9_-]+)\\.jar");

	FijiPlatform(String updaterName, String tensorflowClassifier, String label) {
		this.updaterName = updaterName;
		this.tensorflowClassifier = tensorflowClassifier;
		this.label = label;
	}

	/**
	 * The updater's name for a JVM's {@code os.name} and {@code os.arch}, by the updater's own rule: linux, macos or win,
	 * then 64 for x86-64, 32 for x86, else "-" and the architecture (aarch64 as arm64). {@code linux64}, {@code win-arm64}, ...
	 */
	public static String updaterName(String osName, String osArch) {
		String name = osName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
		String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") ? "macos" : name.startsWith("win") ? "win" : name;
		Map<String, String> arch = new HashMap<>();
		for (String a : new String[] { "amd64", "x64", "x86-64", "x86_64" }) arch.put(a, "64");
		for (String a : new String[] { "i386", "i486", "i586", "i686", "x86", "x86-32", "x86_32" }) arch.put(a, "32");
		arch.put("aarch64", "-arm64");
		arch.put("aarch32", "-arm32");
		return os + arch.getOrDefault(osArch, "-" + osArch);
	}

	/** The platform for {@code os.name} and {@code os.arch}, or null where TF Java has no native library. */
	public static FijiPlatform of(String osName, String osArch) {
		String n = updaterName(osName, osArch);
		return Arrays.stream(values()).filter(p -> p.updaterName.equals(n)).findFirst().orElse(null);
	}

	/** The platform this JVM runs on, or null where SSL-TEM cannot run. */
	public static FijiPlatform current() {
		return of(System.getProperty("os.name"), System.getProperty("os.arch"));
	}

	/** Why SSL-TEM cannot run on an unsupported platform, for the user. */
	public static String unsupported(String osName, String osArch) {
		return "SSL-TEM needs TensorFlow's native library, which TensorFlow Java 1.0.0 publishes for " + String.join(", ",
			Arrays.stream(values()).map(p -> p.label + " (" + p.updaterName + ")").toList()) + "; this computer is " + osName + " on " + osArch
			+ " (" + updaterName(osName, osArch) + ")";
	}

	/**
	 * The classifier of a TF Java native library jar ({@code tensorflow-core-native-1.0.0-linux-x86_64.jar} →
	 * {@code linux-x86_64}; the GPU build's {@code linux-x86_64-gpu} too), or null for any other file, including the
	 * platform-independent {@code tensorflow-core-native-1.0.0.jar}.
	 */
	public static String nativeClassifier(String fileName) {
		Matcher m = NATIVE_JAR.matcher(fileName);
		return m.matches() ? m.group(1) : null;
	}

	/** The platform a native library jar is for (the GPU build counts as Linux x86-64), or null. */
	public static FijiPlatform ofNativeJar(String fileName) {
		String c = nativeClassifier(fileName);
		if (c == null) return null;
		for (FijiPlatform p : values())
			if (c.equals(p.tensorflowClassifier) || c.startsWith(p.tensorflowClassifier + "-")) return p;
		return null;
	}
}
