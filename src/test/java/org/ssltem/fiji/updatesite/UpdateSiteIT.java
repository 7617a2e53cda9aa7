package org.ssltem.fiji.updatesite;

import org.junit.jupiter.api.Test;
import org.ssltem.fiji.FijiPlatform;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Checks the update site that {@code mvn package} wrote: the XML, every stored file, its size and its updater checksum. */
class UpdateSiteIT {

	static final Path SITE = Path.of(System.getProperty("ssltem.basedir", ".")).resolve("update-site");

	@Test
	void dbXmlDescribesEveryStoredFileWithItsChecksum() throws Exception {
		Document db;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(SITE.resolve("db.xml.gz")))) {
			db = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
		}
		assertEquals("pluginRecords", db.getDocumentElement().getTagName());
		NodeList plugins = db.getElementsByTagName("plugin");
		Map<String, String> timestamps = new HashMap<>(), platforms = new HashMap<>();
		String pluginJar = null;
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			String name = p.getAttribute("filename");
			Element v = (Element) p.getElementsByTagName("version").item(0);
			String ts = v.getAttribute("timestamp");
			assertTrue(ts.matches("20\\d{2}(0[1-9]|1[0-2])([0-2]\\d|3[01])([01]\\d|2[0-3])[0-5]\\d[0-5]\\d"), name + " timestamp " + ts);
			Path stored = SITE.resolve(name + "-" + ts);
			assertTrue(Files.isRegularFile(stored), "stored file " + stored);
			assertEquals(Files.size(stored), Long.parseLong(v.getAttribute("filesize")), name);
			assertEquals(updaterChecksum(stored), v.getAttribute("checksum"), name);
			assertTrue(name.startsWith("plugins/") || name.startsWith("jars/") || name.startsWith("lib/ssl-tem/") || name.matches("lib/[a-z0-9-]+/ssl-tem/[^/]+"), name);
			timestamps.put(name, ts);
			NodeList platform = v.getElementsByTagName("platform");
			platforms.put(name, platform.getLength() == 0 ? null : platform.item(0).getTextContent());
			if (name.startsWith("plugins/SSL_TEM")) pluginJar = name;
		}
		assertNotNull(pluginJar, "the plugin jar is listed");
		assertTrue(timestamps.keySet().stream().anyMatch(n -> n.startsWith("lib/ssl-tem/ssl-tem-engine")), "the engine jar is listed");
		assertTrue(timestamps.keySet().stream().anyMatch(n -> n.startsWith("lib/ssl-tem/tensorflow-core-api")), "TF Java is listed");
		// one TensorFlow native library per Fiji platform, each in lib/<platform>/ssl-tem/ and recorded for that platform only,
		// where the updater installs it on that platform alone (its platform names: net.imagej.updater.util.Platforms)
		Map<String, String> nativeOf = new TreeMap<>();
		for (String n : timestamps.keySet()) {
			FijiPlatform p = FijiPlatform.ofNativeJar(n.substring(n.lastIndexOf('/') + 1));
			if (p == null) {
				assertNull(platforms.get(n), n + " is for every platform");
				continue;
			}
			assertNull(nativeOf.put(p.updaterName, n), "two native libraries for " + p.updaterName);
			assertEquals("lib/" + p.updaterName + "/ssl-tem/", n.substring(0, n.lastIndexOf('/') + 1), n);
			assertEquals(p.updaterName, platforms.get(n), n + " is recorded for its platform");
		}
		assertEquals(new TreeMap<>(Map.of("linux64", "", "linux-arm64", "", "win64", "", "macos64", "", "macos-arm64", "")).keySet(), nativeOf.keySet());
		assertTrue(timestamps.keySet().stream().anyMatch(n -> n.equals("lib/ssl-tem/tensorflow-core-native-1.0.0.jar")), "TF Java's native classes");
		assertFalse(timestamps.keySet().stream().anyMatch(n -> n.contains("/ij-") || n.contains("scijava-common") || n.contains("libtensorflow-")),
			"Fiji's own jars must not be shipped: " + timestamps.keySet());
		assertTrue(timestamps.keySet().stream().anyMatch(n -> n.startsWith("lib/ssl-tem/smile-core-1.5.3")), "t-SNE's Smile (Apache-2.0) is listed");
		// Apache Spark is for the command line and spark-submit only: none of it, nor its Scala, Hadoop or Parquet, in Fiji
		assertFalse(timestamps.keySet().stream().anyMatch(n -> n.matches("lib/ssl-tem/(spark-|scala-|hadoop-|parquet-|json4s-|py4j-|netty-|jackson-).*")),
			"no Spark in Fiji: " + timestamps.keySet());
		assertFalse(timestamps.keySet().stream().anyMatch(n -> n.contains("slf4j") || n.contains("smile-core-2") || n.contains("smile-core-3")),
			"no SLF4J (Fiji has it) and no LGPL/GPL Smile: " + timestamps.keySet());

		// the plugin depends on every engine file (natives aside), at the timestamp it is stored with
		Element plugin = null;
		for (int i = 0; i < plugins.getLength(); i++)
			if (((Element) plugins.item(i)).getAttribute("filename").equals(pluginJar)) plugin = (Element) plugins.item(i);
		NodeList deps = plugin.getElementsByTagName("dependency");
		assertEquals(timestamps.size() - 1 - nativeOf.size(), deps.getLength(), "the plugin depends on every file but the per-platform natives");
		for (int i = 0; i < deps.getLength(); i++) {
			Element d = (Element) deps.item(i);
			assertEquals(timestamps.get(d.getAttribute("filename")), d.getAttribute("timestamp"), d.getAttribute("filename"));
		}

		// the thin jar carries the menus and the SciJava index and nothing of the engine or TensorFlow
		try (JarFile jar = new JarFile(SITE.resolve(pluginJar + "-" + timestamps.get(pluginJar)).toFile())) {
			assertNotNull(jar.getEntry("plugins.config"));
			assertNotNull(jar.getEntry("META-INF/json/org.scijava.plugin.Plugin"));
			assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/tensorflow/") || e.getName().startsWith("org/ssltem/train/")
				|| e.getName().startsWith("org/ssltem/engine/")), "thin jar holds engine classes");
		}
		// nor does the engine jar carry the Spark runner (it would need Spark's classes)
		String engine = timestamps.keySet().stream().filter(n -> n.startsWith("lib/ssl-tem/ssl-tem-engine")).findFirst().orElseThrow();
		try (JarFile jar = new JarFile(SITE.resolve(engine + "-" + timestamps.get(engine)).toFile())) {
			assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/ssltem/spark/")), "the engine jar holds org.ssltem.spark");
			assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("org/ssltem/infer/")), "the engine jar holds the engine");
		}
	}

	static String updaterChecksum(Path file) throws Exception {
		return UpdateSiteWriterTest.updaterChecksum(file);
	}
}
