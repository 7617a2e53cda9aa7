package org.ssltem.engine;

import org.ssltem.api.Results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.ImageFiles;
import org.ssltem.api.EngineException;
import org.ssltem.testing.StripeImages;
import org.ssltem.testing.TinyPretraining;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Suggest Images to Label" sends one_shot_draws, masks and foreground to the engine's "anchors" operation, as the CLI flags. */
class LocalEngineAnchorsTest {

	@TempDir
	Path tmp;

	@Test
	void theOneShotStudyRunsThroughTheEngineWithMasks() throws Exception {
		Path data = tmp.resolve("data"), masks = tmp.resolve("masks");
		SplittableRandom r = new SplittableRandom(2);
		for (int c = 0; c < 2; c++)
			for (int n = 0; n < 5; n++) {
				String rel = "c" + c + "/i" + n + ".png";
				Files.createDirectories(data.resolve(rel).getParent());
				ImageFiles.writePng(StripeImages.stripes(40, 40, c * Math.PI / 2, 0.6, r), data.resolve(rel));
				byte[] m = new byte[64];
				for (int p = 0; p < 8 * (n + 1); p++) m[p] = (byte) (p % 2 == 0 ? 1 : 2); // values 1 and 2
				Files.createDirectories(masks.resolve(rel).getParent());
				ImageFiles.writeMaskPng(m, 8, 8, masks.resolve(rel));
			}
		Path enc = tmp.resolve("enc");
		Pretrainer.run(TinyPretraining.config(data, enc, 1, "16,16,32"), ProgressListener.SILENT, null);

		Map<String, String> p = new HashMap<>(Map.of("encoder", enc.toString(), "dataset", data.toString(), "out", tmp.resolve("o").toString(),
			"split_seeds", "2", "random_draws", "1", "one_shot_draws", "3", "masks", masks.toString(), "foreground", "1"));
		Results.Anchors res = (Results.Anchors) new LocalEngine().run("anchors", p, null, null);
		List<?> rel = res.oneShot();
		assertEquals(3, rel.size(), "feature distance, percentile and density: " + rel);
		assertEquals(1 + 2 * 3, Files.readAllLines(Path.of(res.oneShotCsv())).size());
		assertTrue(Files.isRegularFile(Path.of(res.oneShotDensityPng())), res.toString());

		p.put("out", tmp.resolve("o2").toString());
		p.put("one_shot_draws", "0");
		p.remove("masks");
		p.remove("foreground");
		Results.Anchors skipped = (Results.Anchors) new LocalEngine().run("anchors", p, null, null);
		assertNull(skipped.oneShotSets(), "0 skips the one-shot study");
		assertTrue(skipped.oneShot().isEmpty());
		assertTrue(!Files.exists(tmp.resolve("o2/one_shot.csv")));

		p.put("one_shot_draws", "many");
		EngineException e = assertThrows(EngineException.class, () -> new LocalEngine().run("anchors", p, null, null));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("one_shot_draws"), e.getMessage());
	}
}
