package org.ssltem.fiji;

import org.ssltem.api.ParameterText;

import org.ssltem.api.Results;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.SslTemEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the engine the way Fiji does: this JVM's class path has the thin plugin jar, ImageJ and Fiji's TensorFlow
 * 1.15 ({@code org.tensorflow:libtensorflow}) but no TF Java 1.0 (see the failsafe configuration in pom.xml); the
 * engine and TF Java 1.0 come from target/ through {@link EngineLoader}.
 */
class EngineIsolationIT {

	static SslTemEngine engine;

	@BeforeAll
	static void load() {
		// the engine reads and writes images with the parent's ImageJ; patch it for headless use first, as ./ssl-tem macro does
		org.ssltem.fiji.ij1.MacroRunner.prepare();
		engine = EngineLoader.engine();
	}

	@Test
	void fijisTensorFlowIsOnTheClassPathAndTheEnginesIsNot() throws Exception {
		Class<?> parentTf = Class.forName("org.tensorflow.TensorFlow", false, getClass().getClassLoader());
		assertTrue(parentTf.getProtectionDomain().getCodeSource().getLocation().getPath().contains("libtensorflow-1.15.0"),
			"the test class path must carry TF 1.15 as Fiji does, found " + parentTf.getProtectionDomain().getCodeSource().getLocation());
		assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tensorflow.ConcreteFunction", false, getClass().getClassLoader()), "TF Java 1.0 leaked onto the class path");
		assertThrows(ClassNotFoundException.class, () -> Class.forName("org.ssltem.train.Pretrainer", false, getClass().getClassLoader()), "the engine leaked onto the class path");

		Class<?> engineTf = Class.forName("org.tensorflow.TensorFlow", false, EngineLoader.classLoader());
		assertNotSame(parentTf, engineTf);
		assertTrue(engineTf.getProtectionDomain().getCodeSource().getLocation().getPath().contains("tensorflow-core-api-1.0.0"),
			"" + engineTf.getProtectionDomain().getCodeSource().getLocation());
		assertSame(EngineLoader.classLoader(), engine.getClass().getClassLoader());
		assertTrue(engine.version().contains("TensorFlow Java 1.0.0"), engine.version());
		assertTrue(engine.operations().containsAll(List.of("generate", "pretrain", "features", "train-classifier", "classify", "label-efficiency", "anchors",
			"train-segmenter", "segment", "seg-eval", "morphology")), engine.operations().toString());
	}

	@Test
	void generatePretrainAndFeaturesRunThroughTheBoundary(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data"), enc = tmp.resolve("enc"), csv = tmp.resolve("f.csv");
		AtomicInteger calls = new AtomicInteger();
		EngineProgress progress = new EngineProgress() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				assertTrue(done <= total, stage + " " + done + "/" + total);
				calls.incrementAndGet();
			}

			@Override
			public void log(String line) {}
		};
		Results.Generated g = (Results.Generated) engine.run("generate", Map.of("out", data.toString(), "per_class", "2", "size", "64", "seed", "5"), progress, new AtomicBoolean());
		assertEquals(8, g.images());
		try (Stream<Path> s = Files.walk(data.resolve("images"))) {
			assertEquals(8, s.filter(p -> p.toString().endsWith(".png")).count());
		}
		assertTrue(calls.get() >= 8, "one progress call per image at least, got " + calls.get());

		Results.Pretrained r = (Results.Pretrained) engine.run("pretrain", Map.of("images", data.resolve("images").toString(), "out", enc.toString(), "arch", "resnet18",
			"size", "32", "batch", "4", "epochs", "1", "threads", "2"), progress, new AtomicBoolean());
		assertEquals("completed", r.status());
		List<?> loss = r.lossPerEpoch();
		assertEquals(1, loss.size());
		assertTrue(Double.isFinite(((Number) loss.get(0)).doubleValue()));
		assertTrue(Files.exists(enc.resolve("manifest.json")));

		Results.Features f = (Results.Features) engine.run("features", Map.of("encoder", enc.toString(), "images", data.resolve("images").toString(), "out", csv.toString()),
			progress, new AtomicBoolean());
		assertEquals(8, f.images());
		// the classifiers' features by default: conv3-conv5 of a resnet18 pooled
		assertEquals(128 + 256 + 512, f.featureWidth());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(9, lines.size());
		assertEquals(2 + 128 + 256 + 512, lines.get(1).split(",").length);
	}

	@Test
	void cancelStopsAfterTheCurrentStep(@TempDir Path tmp) throws Exception {
		AtomicBoolean cancel = new AtomicBoolean();
		EngineProgress cancelAtFirst = new EngineProgress() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				cancel.set(true);
			}

			@Override
			public void log(String line) {}
		};
		EngineException e = assertThrows(EngineException.class,
			() -> engine.run("generate", Map.of("out", tmp.toString(), "per_class", "50", "size", "64"), cancelAtFirst, cancel));
		assertEquals(EngineException.Kind.CANCELLED, e.kind());
		try (Stream<Path> s = Files.walk(tmp.resolve("images"))) {
			long written = s.filter(p -> p.toString().endsWith(".png")).count();
			assertTrue(written >= 1 && written < 200, written + " images written after cancel");
		}
	}

	@Test
	void badInputComesBackAsASentenceNamingTheKey(@TempDir Path tmp) {
		EngineException e = assertThrows(EngineException.class,
			() -> engine.run("generate", Map.of("out", tmp.toString(), "per_class", "many"), null, new AtomicBoolean()));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("{{per_class}} is 'many'"), e.getMessage());
		assertTrue(ParameterText.forMacro(e.getMessage()).startsWith("per_class= is 'many', not a whole number"), "a macro words the key as key=");

		e = assertThrows(EngineException.class, () -> engine.run("pretrain", Map.of("images", tmp.toString(), "out", tmp.resolve("o").toString(),
			"epochz", "3"), null, new AtomicBoolean()));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("epochz") && e.getMessage().contains("epochs"), e.getMessage());

		e = assertThrows(EngineException.class, () -> engine.run("pretrain", Map.of("images", tmp.resolve("nowhere").toString(),
			"out", tmp.resolve("o").toString()), null, new AtomicBoolean()));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
	}
}
