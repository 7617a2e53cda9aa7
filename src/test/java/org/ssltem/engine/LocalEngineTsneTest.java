package org.ssltem.engine;

import org.ssltem.api.Results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fiji command "Feature Map (t-SNE)" sends its fields to the engine's "tsne" operation: the same call as the CLI. */
class LocalEngineTsneTest {

	@TempDir
	Path tmp;

	private Path featuresCsv(int n) throws Exception {
		SplittableRandom r = new SplittableRandom(3);
		StringBuilder sb = new StringBuilder("file,class,f0,f1,f2\n");
		for (int i = 0; i < n; i++) {
			int c = i % 2;
			sb.append("c").append(c).append("/img").append(i).append(".png,c").append(c);
			for (int k = 0; k < 3; k++) sb.append(',').append((k == c ? 8 : 0) + r.nextDouble());
			sb.append('\n');
		}
		return Files.writeString(tmp.resolve("f.csv"), sb.toString());
	}

	@Test
	void tsneIsAnOperationAndReturnsWhatTheCommandShows() throws Exception {
		LocalEngine engine = new LocalEngine();
		assertTrue(engine.operations().contains("tsne"), engine.operations().toString());
		Path out = tmp.resolve("map");
		Results.Tsne r = (Results.Tsne) engine.run("tsne", Map.of("features", featuresCsv(12).toString(), "out", out.toString(), "perplexity", "30.0",
			"iterations", "300", "seed", "4"), null, null);
		assertEquals(12, r.images());
		assertTrue(Files.isRegularFile(Path.of(r.png())) && Files.isRegularFile(Path.of(r.csv())), r.toString());
		assertEquals(13, Files.readAllLines(out.resolve("tsne.csv")).size());
		assertEquals(1, r.warnings().size(), "perplexity 30 is lowered for 12 images: " + r.warnings());
	}

	@Test
	void badParametersAreBadInputNamingTheKey() throws Exception {
		LocalEngine engine = new LocalEngine();
		EngineException e = assertThrows(EngineException.class, () -> engine.run("tsne", Map.of("out", tmp.toString(), "perplexity", "lots"), null, null));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("{{perplexity}} is 'lots', not a number"), e.getMessage());
		EngineException none = assertThrows(EngineException.class, () -> engine.run("tsne", Map.of("out", tmp.resolve("o").toString()), null, null));
		assertEquals(EngineException.Kind.BAD_INPUT, none.kind());
		assertTrue(none.getMessage().contains("{{features}}"), none.getMessage());
	}
}
