package org.ssltem.train;

import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in manifests, read from the jars themselves. */
public final class Versions {

	private Versions() {}

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
}
