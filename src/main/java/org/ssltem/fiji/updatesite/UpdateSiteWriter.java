package org.ssltem.fiji.updatesite;

import org.ssltem.fiji.FijiPlatform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an ImageJ update site from the build ({@code mvn package} runs it): {@code db.xml.gz} with one record per
 * file, and each file stored as {@code <path>-<timestamp>}, as the ImageJ updater expects. The thin plugin jar goes to
 * {@code plugins/} (the underscore in {@code SSL_TEM} makes ImageJ 1.x read its plugins.config), the engine and its
 * run-time jars to {@code lib/ssl-tem/}, where {@code EngineLoader} finds them, and TensorFlow's native library for each Fiji
 * platform ({@link FijiPlatform}) to {@code lib/<platform>/ssl-tem/}, recorded with that platform, so that the updater
 * installs on each computer only its own (about 150 MB each).
 * <p>
 * Usage: {@code UpdateSiteWriter TARGET_DIR SITE_DIR VERSION}
 */
public final class UpdateSiteWriter {

	static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	record Entry(String path, Path source, String description, String platform) {}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) throw new IllegalArgumentException("usage: UpdateSiteWriter TARGET_DIR SITE_DIR VERSION");
		write(Path.of(args[0]), Path.of(args[1]), args[2], ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
	}

	public static void write(Path target, Path site, String version, String timestamp) throws IOException {
		List<Entry> files = new ArrayList<>();
		Entry plugin = new Entry("plugins/SSL_TEM-" + version + ".jar", target.resolve("ssl-tem-fiji.jar"),
			"SSL-TEM: self-supervised learning for electron-microscopy images (Lu et al., Digital Discovery 2022). Menus under Plugins > SSL-TEM.", null);
		files.add(plugin);
		files.add(new Entry("lib/ssl-tem/ssl-tem-engine-" + version + ".jar", target.resolve("ssl-tem-engine.jar"),
			"SSL-TEM's engine, loaded in its own class loader with TensorFlow Java 1.0 (apart from Fiji's TensorFlow 1.15).", null));
		List<Path> jars = new ArrayList<>(jarsIn(target.resolve("engine-lib")));
		jars.addAll(jarsIn(target.resolve("natives")));
		for (Path jar : jars) {
			String name = jar.getFileName().toString();
			FijiPlatform platform = FijiPlatform.ofNativeJar(name);
			if (platform == null && FijiPlatform.nativeClassifier(name) != null)
				throw new IllegalStateException(jar + " is a TensorFlow native library for no Fiji platform SSL-TEM knows");
			files.add(platform == null ? new Entry("lib/ssl-tem/" + name, jar, "run-time library of SSL-TEM's engine", null)
				: new Entry(nativePath(platform, name), jar, "TensorFlow's native library for " + platform.label + ", loaded by SSL-TEM's engine",
					platform.updaterName));
		}
		for (Entry e : files) if (!Files.isRegularFile(e.source())) throw new IllegalStateException("missing " + e.source() + ": run mvn package first");
		for (FijiPlatform p : FijiPlatform.values())
			if (files.stream().noneMatch(e -> p.updaterName.equals(e.platform())))
				throw new IllegalStateException("no TensorFlow native library for " + p.updaterName + " in " + target + "/engine-lib or /natives: run mvn package");

		cleanGenerated(site);
		Files.createDirectories(site);
		StringBuilder xml = new StringBuilder();
		xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
		for (Entry e : files) {
			Path stored = site.resolve(e.path() + "-" + timestamp);
			Files.createDirectories(stored.getParent());
			store(e.source(), stored);
			xml.append(" <plugin filename=\"").append(esc(e.path())).append("\">\n");
			xml.append("  <version timestamp=\"").append(timestamp).append("\" checksum=\"").append(checksum(e.source()))
				.append("\" filesize=\"").append(Files.size(e.source())).append("\">\n");
			xml.append("   <description>").append(esc(e.description())).append("</description>\n");
			// not on the natives: each is for one platform, and the updater installs what a site holds for the platform it runs on
			if (e == plugin)
				for (Entry d : files)
					if (d != plugin && d.platform() == null) xml.append("   <dependency filename=\"").append(esc(d.path())).append("\" timestamp=\"").append(timestamp).append("\"/>\n");
			if (e.platform() != null) xml.append("   <platform>").append(e.platform()).append("</platform>\n");
			xml.append("   <author>SSL-TEM developers</author>\n");
			xml.append("  </version>\n </plugin>\n");
		}
		xml.append("</pluginRecords>\n");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(site.resolve("db.xml.gz")));
			Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
			w.write(xml.toString());
		}
	}

	/** Where the updater installs a native library only on its platform: {@code lib/<platform>/ssl-tem/}, found by {@code EngineLoader}. */
	static String nativePath(FijiPlatform platform, String fileName) {
		return "lib/" + platform.updaterName + "/ssl-tem/" + fileName;
	}

	private static List<Path> jarsIn(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
		}
	}

	/** A hard link where the file system allows it (the TF natives alone are ~150 MB per build), else a copy. */
	static void store(Path source, Path stored) throws IOException {
		try {
			Files.createLink(stored, source.toAbsolutePath());
		}
		catch (IOException | UnsupportedOperationException | SecurityException e) {
			Files.copy(source, stored);
		}
	}

	/** Removes what an earlier run wrote (db.xml.gz, plugins/, lib/), keeping README.md. */
	static void cleanGenerated(Path site) throws IOException {
		for (String name : List.of("db.xml.gz", "plugins", "lib", "jars")) {
			Path p = site.resolve(name);
			if (!Files.exists(p)) continue;
			try (Stream<Path> s = Files.walk(p)) {
				for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
			}
		}
	}

	/**
	 * The ImageJ updater's checksum: for a jar, SHA-1 over each entry's name and bytes, entries sorted by name,
	 * the manifest left out (so rebuilding with a new date in the manifest keeps the checksum); else SHA-1 of the file.
	 */
	public static String checksum(Path file) throws IOException {
		MessageDigest sha1 = sha1();
		if (file.getFileName().toString().endsWith(".jar")) {
			try (JarFile jar = new JarFile(file.toFile())) {
				List<JarEntry> entries = new ArrayList<>();
				for (var en = jar.entries(); en.hasMoreElements();) {
					JarEntry e = en.nextElement();
					if (!e.isDirectory() && !e.getName().equals("META-INF/MANIFEST.MF")) entries.add(e);
				}
				entries.sort(Comparator.comparing(JarEntry::getName));
				for (JarEntry e : entries) {
					sha1.update(e.getName().getBytes(StandardCharsets.UTF_8));
					try (InputStream in = jar.getInputStream(e)) {
						update(sha1, in);
					}
				}
			}
		}
		else try (InputStream in = Files.newInputStream(file)) {
			update(sha1, in);
		}
		return HexFormat.of().formatHex(sha1.digest());
	}

	private static void update(MessageDigest d, InputStream in) throws IOException {
		byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) > 0;) d.update(buf, 0, n);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
