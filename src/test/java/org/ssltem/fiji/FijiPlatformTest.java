package org.ssltem.fiji;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which native library each computer gets: the updater's platform names, and the engine loader's choice of jars. */
class FijiPlatformTest {

	@Test
	void jvmPropertiesMapToTheUpdatersPlatformNames() {
		// os.name / os.arch as the JVMs report them, and the names net.imagej.updater.util.Platforms.current() gives
		assertEquals("linux64", FijiPlatform.updaterName("Linux", "amd64"));
		assertEquals("linux-arm64", FijiPlatform.updaterName("Linux", "aarch64"));
		assertEquals("win64", FijiPlatform.updaterName("Windows 11", "amd64"));
		assertEquals("win-arm64", FijiPlatform.updaterName("Windows 11", "aarch64"));
		assertEquals("macos64", FijiPlatform.updaterName("Mac OS X", "x86_64"));
		assertEquals("macos-arm64", FijiPlatform.updaterName("Mac OS X", "aarch64"));
		assertEquals("linux32", FijiPlatform.updaterName("Linux", "i386"));
		assertEquals(FijiPlatform.LINUX64, FijiPlatform.of("Linux", "amd64"));
		assertEquals(FijiPlatform.LINUX_ARM64, FijiPlatform.of("Linux", "aarch64"));
		assertEquals(FijiPlatform.WIN64, FijiPlatform.of("Windows 10", "amd64"));
		assertEquals(FijiPlatform.MACOS64, FijiPlatform.of("Mac OS X", "x86_64"));
		assertEquals(FijiPlatform.MACOS_ARM64, FijiPlatform.of("Mac OS X", "aarch64"));
		assertNull(FijiPlatform.of("Windows 11", "aarch64"), "TF Java 1.0.0 has no Windows arm64 build");
		assertNull(FijiPlatform.of("Linux", "i386"));
	}

	@Test
	void nativeJarsAreRecognisedByTheirClassifier() {
		assertEquals(FijiPlatform.LINUX64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-linux-x86_64.jar"));
		assertEquals(FijiPlatform.LINUX64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-linux-x86_64-gpu.jar"));
		assertEquals(FijiPlatform.LINUX_ARM64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-linux-arm64.jar"));
		assertEquals(FijiPlatform.WIN64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-windows-x86_64.jar"));
		assertEquals(FijiPlatform.MACOS64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-macosx-x86_64.jar"));
		assertEquals(FijiPlatform.MACOS_ARM64, FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0-macosx-arm64.jar"));
		assertNull(FijiPlatform.ofNativeJar("tensorflow-core-native-1.0.0.jar"), "the Java classes are for every platform");
		assertNull(FijiPlatform.nativeClassifier("tensorflow-core-api-1.0.0.jar"));
	}

	/** A Fiji.app as the updater leaves it on each platform, and one holding every platform's natives (a copied folder). */
	@Test
	void theLoaderTakesOnlyThisPlatformsNativeLibrary(@TempDir Path fiji) throws Exception {
		Path lib = Files.createDirectories(fiji.resolve("lib/ssl-tem"));
		for (String n : List.of("ssl-tem-engine-0.1.0.jar", "tensorflow-core-api-1.0.0.jar", "tensorflow-core-native-1.0.0.jar",
			"tensorflow-core-native-1.0.0-linux-x86_64.jar")) // a stray native from an older layout, beside the engine
			Files.writeString(lib.resolve(n), "x");
		for (FijiPlatform p : FijiPlatform.values()) {
			Path dir = Files.createDirectories(fiji.resolve("lib").resolve(p.updaterName).resolve("ssl-tem"));
			Files.writeString(dir.resolve("tensorflow-core-native-1.0.0-" + p.tensorflowClassifier + ".jar"), "x");
		}
		for (FijiPlatform p : FijiPlatform.values()) {
			List<Path> jars = EngineLoader.engineJars(null, fiji.toString(), null, p);
			List<Path> natives = jars.stream().filter(j -> FijiPlatform.nativeClassifier(j.getFileName().toString()) != null).toList();
			List<Path> expected = p == FijiPlatform.LINUX64
				? List.of(lib.resolve("tensorflow-core-native-1.0.0-linux-x86_64.jar"), fiji.resolve("lib/linux64/ssl-tem/tensorflow-core-native-1.0.0-linux-x86_64.jar"))
				: List.of(fiji.resolve("lib").resolve(p.updaterName).resolve("ssl-tem").resolve("tensorflow-core-native-1.0.0-" + p.tensorflowClassifier + ".jar"));
			assertEquals(expected, natives, p.updaterName);
			assertEquals(lib.resolve("ssl-tem-engine-0.1.0.jar"), jars.get(0));
			assertTrue(jars.contains(lib.resolve("tensorflow-core-native-1.0.0.jar")), "the platform-independent classes stay");
		}
	}

	@Test
	void aMissingOrUnsupportedNativeLibraryIsRefusedWithTheReason(@TempDir Path fiji) throws Exception {
		Path lib = Files.createDirectories(fiji.resolve("lib/ssl-tem"));
		Files.writeString(lib.resolve("ssl-tem-engine-0.1.0.jar"), "x");
		List<Path> jars = EngineLoader.engineJars(null, fiji.toString(), null, FijiPlatform.WIN64);
		IllegalStateException missing = assertThrows(IllegalStateException.class, () -> EngineLoader.checkNativeLibrary(jars, "Windows 11", "amd64"));
		assertTrue(missing.getMessage().contains("windows-x86_64") && missing.getMessage().contains("lib/win64/ssl-tem")
			&& missing.getMessage().contains("Help > Update"), missing.getMessage());
		IllegalStateException unsupported = assertThrows(IllegalStateException.class, () -> EngineLoader.checkNativeLibrary(jars, "Windows 11", "aarch64"));
		assertTrue(unsupported.getMessage().contains("win-arm64") && unsupported.getMessage().contains("macos-arm64"), unsupported.getMessage());
		Files.writeString(Files.createDirectories(fiji.resolve("lib/win64/ssl-tem")).resolve("tensorflow-core-native-1.0.0-windows-x86_64.jar"), "x");
		EngineLoader.checkNativeLibrary(EngineLoader.engineJars(null, fiji.toString(), null, FijiPlatform.WIN64), "Windows 11", "amd64");
	}
}
