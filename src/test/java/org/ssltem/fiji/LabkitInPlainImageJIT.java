package org.ssltem.fiji;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Import and Export Labkit Labeling in plain ImageJ 1.x: only the plugin jar, ImageJ and SciJava on the class path, no
 * Gson (plain ImageJ has none). The Labkit JSON is read and written by the engine, which brings its own Gson.
 */
class LabkitInPlainImageJIT {

	static final Path TARGET = Path.of(System.getProperty("ssltem.target", "target"));

	@Test
	void exportThenImportWorkWithoutGsonOnThePluginSide(@TempDir Path tmp) throws Exception {
		List<URL> jars = new ArrayList<>();
		jars.add(TARGET.resolve("ssl-tem-fiji.jar").toUri().toURL());
		try (Stream<Path> s = Files.list(TARGET.resolve("lib"))) {
			for (Path p : s.filter(p -> p.getFileName().toString().matches("(ij|scijava-common|parsington)-.*\\.jar")).toList()) jars.add(p.toUri().toURL());
		}
		ByteProcessor ip = new ByteProcessor(5, 4);
		ip.set(1, 1, 1);
		ip.set(2, 1, 255); // sparse: 255 unlabelled
		ip.set(3, 3, 1);
		Path mask = tmp.resolve("mask.png"), image = tmp.resolve("img.png");
		assertTrue(new FileSaver(new ImagePlus("m", ip)).saveAsPng(mask.toString()));
		assertTrue(new FileSaver(new ImagePlus("i", new ByteProcessor(5, 4))).saveAsPng(image.toString()));
		Path labeling = tmp.resolve("out.labeling");
		try (URLClassLoader plainImageJ = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
			assertThrows(ClassNotFoundException.class, () -> plainImageJ.loadClass("com.google.gson.Gson"), "this class path must be without Gson");
			ClassLoader before = Thread.currentThread().getContextClassLoader();
			Thread.currentThread().setContextClassLoader(plainImageJ);
			try {
				Object export = run(plainImageJ, "org.ssltem.fiji.command.ExportLabkitLabeling", "mask", mask.toFile(), "out", labeling.toFile());
				assertNull(failure(export), "export failed: " + failure(export));
				Object imported = run(plainImageJ, "org.ssltem.fiji.command.ImportLabkitLabeling", "image", image.toFile(), "labeling", labeling.toFile());
				assertNull(failure(imported), "import failed: " + failure(imported));
			}
			finally {
				Thread.currentThread().setContextClassLoader(before);
			}
		}
		String json = Files.readString(labeling);
		assertTrue(json.contains("\"nanowire\":[[1,1],[3,3]]"), json);
		assertFalse(json.contains("[2,1]"), "the unlabelled pixel is not listed: " + json);
		ImagePlus back = ij.IJ.openImage(tmp.resolve("masks/img.png").toString());
		assertEquals(1, back.getProcessor().get(1, 1));
		assertEquals(255, back.getProcessor().get(2, 1), "unlabelled again after the round trip");
		assertEquals(0, back.getProcessor().get(0, 0));
	}

	static Object run(ClassLoader loader, String command, Object... fieldsAndValues) throws Exception {
		Class<?> c = loader.loadClass(command);
		Object o = c.getDeclaredConstructor().newInstance();
		for (int i = 0; i < fieldsAndValues.length; i += 2) {
			var f = c.getDeclaredField((String) fieldsAndValues[i]);
			f.setAccessible(true);
			f.set(o, fieldsAndValues[i + 1] instanceof File file ? file : fieldsAndValues[i + 1]);
		}
		c.getMethod("run").invoke(o);
		return o;
	}

	static Object failure(Object command) throws Exception {
		Object f = command.getClass().getMethod("failure").invoke(command);
		return f == null ? null : f.toString() + ": " + ((Exception) f).getMessage();
	}
}
