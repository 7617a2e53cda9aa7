package org.ssltem.fiji;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EngineLoaderTest {

	@AfterEach
	void clear() {
		System.clearProperty("ssltem.engine.dir");
	}

	@Test
	void explicitFolderGivesTheEngineJarFirstWhateverItsVersionSuffix(@TempDir Path dir) throws Exception {
		for (String n : List.of("gson-2.11.0.jar", "ssl-tem-engine-0.2.0.jar", "tensorflow-core-api-1.0.0.jar", "notes.txt"))
			Files.writeString(dir.resolve(n), "x");
		System.setProperty("ssltem.engine.dir", dir.toString());
		List<Path> jars = EngineLoader.engineJars();
		assertEquals(dir.resolve("ssl-tem-engine-0.2.0.jar"), jars.get(0));
		assertEquals(List.of(dir.resolve("gson-2.11.0.jar"), dir.resolve("tensorflow-core-api-1.0.0.jar")), jars.subList(1, jars.size()));
	}

	@Test
	void onlyTheBoundaryTheJdkAndImageJComeFromTheParent() {
		for (String parent : List.of("java.lang.String", "javax.swing.JFrame", "org.ssltem.api.SslTemEngine", "ij.IJ"))
			assertTrue(EngineLoader.ChildFirstLoader.parentFirst(parent), parent);
		for (String child : List.of("org.tensorflow.TensorFlow", "org.ssltem.engine.LocalEngine", "org.ssltem.train.Pretrainer",
			"com.google.gson.Gson", "org.ssltem.apiary.X", "ijx.Y"))
			assertFalse(EngineLoader.ChildFirstLoader.parentFirst(child), child);
	}

	@Test
	void plainImageJFindsLibSslTemBesideItsPluginsFolder(@TempDir Path imagej) throws Exception {
		Path lib = Files.createDirectories(imagej.resolve("lib/ssl-tem"));
		Files.writeString(lib.resolve("ssl-tem-engine-0.1.0.jar"), "x");
		Path plugin = Files.createDirectories(imagej.resolve("plugins")).resolve("SSL_TEM-0.1.0.jar");
		assertEquals(lib.resolve("ssl-tem-engine-0.1.0.jar"), EngineLoader.engineJars(null, null, plugin).get(0));
		// ij.dir (Fiji) wins over the plugin's location; a folder without the engine jar is passed over
		Path fiji = Files.createDirectories(imagej.resolve("Fiji.app/lib/ssl-tem"));
		Files.writeString(fiji.resolve("ssl-tem-engine-0.2.0.jar"), "x");
		assertEquals(fiji.resolve("ssl-tem-engine-0.2.0.jar"), EngineLoader.engineJars(null, imagej.resolve("Fiji.app").toString(), plugin).get(0));
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> EngineLoader.engineJars(null, null, imagej.resolve("x/y/z.jar")));
		assertTrue(e.getMessage().contains("update site"), e.getMessage());
	}
}
