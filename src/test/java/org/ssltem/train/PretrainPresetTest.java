package org.ssltem.train;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainPresetTest {

	@Test
	void theDefaultIsTheCpuRecipe() {
		PretrainConfig c = new PretrainConfig().applyPreset();
		assertEquals("cpu", c.preset);
		assertEquals("simclr", c.method);
		assertEquals("resnet18", c.arch);
		assertEquals(96, c.size);
		assertEquals(32, c.batch);
		assertEquals(90, c.epochs);
		assertEquals("adam", c.optimizer);
		assertEquals(1e-3, c.lr);
		assertEquals("none", c.rotations, "quarter turns measured worse on SEM, so they are an option");
		assertEquals(0.1, c.jitter, "weaker colour jitter than the paper's measured better on SEM");
	}

	@Test
	void paperPresetFillsWhatWasNotChangedAndKeepsWhatWas() {
		PretrainConfig c = new PretrainConfig();
		c.preset = "paper";
		c.epochs = 12;
		c.applyPreset();
		assertEquals("barlow", c.method);
		assertEquals("resnet50", c.arch);
		assertEquals(224, c.size);
		assertEquals(64, c.batch);
		assertEquals("sgd", c.optimizer);
		assertEquals(0.2, c.lr);
		assertEquals("none", c.rotations, "the paper's augmentations have no quarter turns");
		assertEquals(0.4, c.jitter, "the paper's colour jitter");
		assertEquals(12, c.epochs, "a value the user set is kept");
	}

	/** A run recorded before the jitter was a setting used the paper's 0.4: it resumes with 0.4 and not with the new default. */
	@Test
	void aManifestWithoutJitterResumesOnlyWithThePapersJitter() {
		PretrainConfig before = new PretrainConfig();
		com.google.gson.JsonObject old = before.toJson();
		old.remove("jitter");
		assertTrue(before.differencesFrom(old).stream().anyMatch(d -> d.startsWith("--jitter was 0.4")), before.differencesFrom(old).toString());
		before.jitter = 0.4;
		assertEquals(java.util.List.of(), before.differencesFrom(old));
	}

	@Test
	void anUnknownPresetIsRefusedWithTheChoices() {
		PretrainConfig c = new PretrainConfig();
		c.preset = "fast";
		UserInputException e = assertThrows(UserInputException.class, c::applyPreset);
		assertTrue(e.getMessage().contains("cpu, paper"), e.getMessage());
	}
}
