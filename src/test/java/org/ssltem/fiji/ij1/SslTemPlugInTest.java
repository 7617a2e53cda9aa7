package org.ssltem.fiji.ij1;

import org.junit.jupiter.api.Test;
import org.ssltem.fiji.CommandParameters;
import org.ssltem.fiji.command.PercolationMorphology;
import org.ssltem.fiji.command.TrainSegmenter;

import static org.junit.jupiter.api.Assertions.*;

/** Macro options against a command's parameters, without running ImageJ: the messages a macro user gets. */
class SslTemPlugInTest {

	@Test
	void anUnknownKeyIsNamedWithTheNearestValidKeyAndAllValidKeys() {
		var params = CommandParameters.of(PercolationMorphology.class);
		var e = assertThrows(IllegalArgumentException.class, () -> SslTemPlugIn.fromMacro(new PercolationMorphology(), params, "masks=/m out=/o.csv classs=3"));
		assertTrue(e.getMessage().contains("'classs'") && e.getMessage().contains("did you mean 'classes'?")
			&& e.getMessage().contains("masks, size, foreground, classes, overwrite, out"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SslTemPlugIn.fromMacro(new PercolationMorphology(), params, "masks=/m out=/o.csv threshold=3"));
		assertFalse(e.getMessage().contains("did you mean"), "no guess when nothing is close: " + e.getMessage());
	}

	@Test
	void badValuesNameTheKeyAndWhatItTakes() {
		var params = CommandParameters.of(TrainSegmenter.class);
		var e = assertThrows(IllegalArgumentException.class, () -> SslTemPlugIn.fromMacro(new TrainSegmenter(), params, "encoder=/e images=/i masks=/m out=/o loss=bce"));
		assertTrue(e.getMessage().contains("loss=bce") && e.getMessage().contains("dice, dice_ce"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SslTemPlugIn.fromMacro(new TrainSegmenter(), params, "encoder=/e images=/i masks=/m out=/o lr=fast"));
		assertTrue(e.getMessage().contains("lr=fast") && e.getMessage().contains("a number"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SslTemPlugIn.fromMacro(new TrainSegmenter(), params, "images=/i masks=/m out=/o"));
		assertTrue(e.getMessage().contains("'encoder' is missing"), e.getMessage());
	}

	@Test
	void optionalKeysLeftOutAreNotGivenToTheEngine() {
		TrainSegmenter c = new TrainSegmenter();
		SslTemPlugIn.fromMacro(c, CommandParameters.of(TrainSegmenter.class), "encoder=/e images=/i masks=/m out=/o classes=3");
		var v = CommandParameters.values(c);
		assertEquals("3", v.get("classes"));
		assertFalse(v.containsKey("foreground"), v.toString());
		assertEquals("8", v.get("labeled"), "absent keys keep the CLI default");
		assertFalse(v.containsKey("size"), "no default: the engine chooses the training size, as the CLI does without --size");
	}

	@Test
	void editDistanceCountsSlips() {
		assertEquals(0, SslTemPlugIn.editDistance("tile", "tile"));
		assertEquals(1, SslTemPlugIn.editDistance("classs", "classes"));
		assertEquals(2, SslTemPlugIn.editDistance("overlpa", "overlap"));
	}

	/** A dialog opens with the values used last time, also after a failed run (kept in ImageJ's preferences). */
	@Test
	void theDialogRemembersTheLastValues() {
		var params = CommandParameters.of(TrainSegmenter.class);
		TrainSegmenter c = new TrainSegmenter();
		SslTemPlugIn.fromMacro(c, params, "encoder=/e images=/i masks=/m out=/o epochs=17 loss=dice");
		SslTemPlugIn.remember(c, params);
		var remembered = SslTemPlugIn.remembered(TrainSegmenter.class, params);
		assertEquals("17", remembered.stream().filter(p -> p.name().equals("epochs")).findFirst().orElseThrow().defaultValue());
		assertEquals("dice", remembered.stream().filter(p -> p.name().equals("loss")).findFirst().orElseThrow().defaultValue());
		assertEquals("/e", remembered.stream().filter(p -> p.name().equals("encoder")).findFirst().orElseThrow().defaultValue());
		ij.Prefs.set(SslTemPlugIn.prefKey(TrainSegmenter.class, params.stream().filter(p -> p.name().equals("loss")).findFirst().orElseThrow()), "bce");
		assertEquals("dice_ce", SslTemPlugIn.remembered(TrainSegmenter.class, params).stream().filter(p -> p.name().equals("loss")).findFirst().orElseThrow()
			.defaultValue(), "a remembered choice that is no longer offered falls back to the default");
	}
}
