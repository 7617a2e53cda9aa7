package org.ssltem.fiji.updatesite;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The updater checksum, against an independent reading of the updater's rule. */
class UpdateSiteWriterTest {

	@Test
	void checksumIgnoresTheManifestAndEntryOrderButNotContent(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		Path a = tmp.resolve("a.jar"), b = tmp.resolve("b.jar"), c = tmp.resolve("c.jar");
		jar(a, "Built-Date: 1", Map.of("x/A.class", "aaa", "x/B.class", "bbb"), false);
		jar(b, "Built-Date: 2", Map.of("x/A.class", "aaa", "x/B.class", "bbb"), true);
		jar(c, "Built-Date: 1", Map.of("x/A.class", "aaa", "x/B.class", "bbc"), false);
		assertEquals(UpdateSiteWriter.checksum(a), UpdateSiteWriter.checksum(b));
		assertNotEquals(UpdateSiteWriter.checksum(a), UpdateSiteWriter.checksum(c));
		assertEquals(updaterChecksum(a), UpdateSiteWriter.checksum(a));
	}

	static void jar(Path file, String manifestLine, Map<String, String> entries, boolean reverse) throws Exception {
		var m = new java.util.jar.Manifest(new java.io.ByteArrayInputStream(("Manifest-Version: 1.0\n" + manifestLine + "\n").getBytes()));
		try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), m)) {
			var names = new java.util.ArrayList<>(new TreeMap<>(entries).keySet());
			if (reverse) java.util.Collections.reverse(names);
			for (String n : names) {
				out.putNextEntry(new java.util.jar.JarEntry(n));
				out.write(entries.get(n).getBytes());
				out.closeEntry();
			}
		}
	}

	/** An independent reading of the updater's rule: entries by name, manifest skipped, SHA-1 over name then bytes. */
	static String updaterChecksum(Path file) throws Exception {
		MessageDigest md = MessageDigest.getInstance("SHA-1");
		if (!file.getFileName().toString().contains(".jar")) {
			md.update(Files.readAllBytes(file));
			return HexFormat.of().formatHex(md.digest());
		}
		TreeMap<String, byte[]> entries = new TreeMap<>();
		try (var zin = new java.util.zip.ZipInputStream(Files.newInputStream(file))) {
			for (var e = zin.getNextEntry(); e != null; e = zin.getNextEntry())
				if (!e.isDirectory() && !e.getName().equals("META-INF/MANIFEST.MF")) entries.put(e.getName(), zin.readAllBytes());
		}
		for (var e : entries.entrySet()) {
			md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			md.update(e.getValue());
		}
		return HexFormat.of().formatHex(md.digest());
	}
}
