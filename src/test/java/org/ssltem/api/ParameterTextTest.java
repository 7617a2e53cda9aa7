package org.ssltem.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ParameterTextTest {

	private static final String SENTENCE = "{{labeled}} 9 is more than the 6 image/mask pairs. Fix: set {{labeled}} to 6 or fewer";

	@Test
	void eachFaceWordsTheKeyItsOwnWay() {
		assertEquals("--labeled 9 is more than the 6 image/mask pairs. Fix: set --labeled to 6 or fewer", ParameterText.forCli(SENTENCE));
		assertEquals("labeled= 9 is more than the 6 image/mask pairs. Fix: set labeled= to 6 or fewer", ParameterText.forMacro(SENTENCE));
		assertEquals("'Labelled images' (labeled=) 9 is more than the 6 image/mask pairs. Fix: set 'Labelled images' (labeled=) to 6 or fewer",
			ParameterText.forDialog(SENTENCE, Operations.TRAIN_SEGMENTER));
	}

	@Test
	void aKeyTheOperationLacksIsNamedAsItIs() {
		assertEquals("'labeled' is wrong", ParameterText.forDialog("{{labeled}} is wrong", Operations.GENERATE));
		assertEquals("'labeled' is wrong", ParameterText.forDialog("{{labeled}} is wrong", null));
	}

	@Test
	void textWithoutMarkersIsUnchanged() {
		assertEquals("a-b --- c {x} {{Not a key}}", ParameterText.forCli("a-b --- c {x} {{Not a key}}"));
		assertNull(ParameterText.forCli(null));
		assertEquals(List.of("size", "out"), ParameterText.keys("{{size}} and {{out}}"));
	}
}
