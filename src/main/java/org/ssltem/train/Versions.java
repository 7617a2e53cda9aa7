package org.ssltem.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Versions recorded in manifests, read from the jars themselves. */
public final class Versions {

	private Versions() {}

	/**
	 * What every manifest records under {@code versions}, with the same keys for encoders (trained or imported) and
	 * segmenters: ssl_tem, tensorflow, tensorflow_java, java and, when it trained here, processor.
	 */
	public static Map<String, String> all(boolean trainedHere) {
		Map<String, String> v = new LinkedHashMap<>();
		v.put("ssl_tem", sslTem());
		v.put("tensorflow", org.tensorflow.TensorFlow.version());
		v.put("tensorflow_java", tensorflowJava());
		v.put("java", System.getProperty("java.version"));
		if (trainedHere) v.put("processor", processor());
		return v;
	}

	public static String sslTem() {
		String v = Versions.class.getPackage().getImplementationVersion();
		return v != null ? v : "dev";
	}

	public static String tensorflowJava() {
		try (InputStream in = org.tensorflow.TensorFlow.class.getResourceAsStream("/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
			if (in == null) return "unknown";
			Properties p = new Properties();
			p.load(in);
			return p.getProperty("version", "unknown");
		}
		catch (java.io.IOException e) {
			return "unknown";
		}
	}

	/**
	 * The processor a run trained on: its model, its widest vector unit and the cores Java sees, e.g. "AMD EPYC, avx2,
	 * 2 cores". TensorFlow's CPU kernels are chosen per processor and add up in their own order, so the same seed gives
	 * slightly different weights on another processor (docs/reliability.md); the manifest says which one it was.
	 * Read once per JVM: every manifest (one per training round in the Annotate-and-Segment window) and the demo's
	 * report then name the same processor without reading /proc/cpuinfo again.
	 */
	public static String processor() {
		return Processor.NAME;
	}

	private static final class Processor {
		static final String NAME = readProcessor();
	}

	private static String readProcessor() {
		int cores = Runtime.getRuntime().availableProcessors();
		Path cpuinfo = Path.of("/proc/cpuinfo");
		try {
			if (Files.isReadable(cpuinfo)) return processor(Files.readAllLines(cpuinfo), System.getProperty("os.arch"), cores);
		}
		catch (IOException | RuntimeException e) {
			// not Linux, or unreadable: the architecture alone
		}
		return processor(List.of(), System.getProperty("os.arch"), cores);
	}

	/** {@link #processor()} from the lines of /proc/cpuinfo (empty when there are none). */
	static String processor(List<String> cpuinfo, String arch, int cores) {
		String model = null, flags = null;
		for (String line : cpuinfo) {
			int colon = line.indexOf(':');
			if (colon < 0) continue;
			String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
			if (model == null && key.equals("model name") && !value.isEmpty()) model = value;
			if (flags == null && (key.equals("flags") || key.equals("Features"))) flags = " " + value + " ";
		}
		StringBuilder s = new StringBuilder(model != null ? model : arch);
		if (flags != null) {
			String unit = flags.contains(" avx512f ") ? "avx512f" : flags.contains(" avx2 ") ? "avx2" : flags.contains(" avx ") ? "avx"
				: flags.contains(" asimd ") ? "asimd" : null;
			if (unit != null) s.append(", ").append(unit);
		}
		return s.append(", ").append(cores).append(cores == 1 ? " core" : " cores").toString();
	}
}
