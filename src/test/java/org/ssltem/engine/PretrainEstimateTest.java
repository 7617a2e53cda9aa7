package org.ssltem.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.DurationEstimate;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Pretrain's estimate before it starts takes every setting of the run, the time budget included. */
class PretrainEstimateTest {

	@Test
	void theEstimateFollowsTheRunsSettingsAndItsTimeBudget(@TempDir Path tmp) throws Exception {
		Path images = TinyEncoder.dataset(tmp.resolve("images"), List.of("a"), 40, 64, 64, 1);
		LocalEngine engine = new LocalEngine();
		Map<String, String> given = new HashMap<>(Map.of("images", images.toString(), "out", tmp.resolve("enc").toString(), "batch", "2", "device", "cpu",
			"threads", "2"));

		DurationEstimate all = engine.estimate("pretrain", given);
		assertNotNull(all);
		assertTrue(all.text().contains("90 epochs x 20 steps of 2 images at 96 px"), all.text());
		assertTrue(all.seconds() > 60, "the 90 default epochs of 40 images take over a minute by the measured rate: " + all.seconds());

		given.put("time_budget", "1");
		DurationEstimate budget = engine.estimate("pretrain", given);
		assertTrue(budget.seconds() <= 60 && budget.seconds() > 50, budget.seconds() + " s");
		assertTrue(budget.text().contains("of 90 fit the time budget"), budget.text());

		given.put("images", tmp.resolve("missing").toString());
		assertNull(engine.estimate("pretrain", given), "bad parameters: no estimate, the run itself says what is wrong");
	}
}
