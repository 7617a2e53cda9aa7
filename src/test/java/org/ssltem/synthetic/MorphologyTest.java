package org.ssltem.synthetic;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MorphologyTest {

	@Test
	void keysAreThePapersClassNames() {
		assertEquals("singular", Morphology.SINGULAR.key());
		assertEquals("dispersed", Morphology.DISPERSED.key());
		assertEquals("network", Morphology.NETWORK.key());
		assertEquals("bundle", Morphology.BUNDLE.key());
	}

	@Test
	void parseIgnoresCaseAndBlanks() {
		for (Morphology m : Morphology.values()) assertEquals(m, Morphology.parse(m.key()));
		assertEquals(Morphology.NETWORK, Morphology.parse(" Network "));
	}

	@Test
	void parseErrorListsValidKeys() {
		UserInputException e = assertThrows(UserInputException.class, () -> Morphology.parse("web"));
		assertTrue(e.getMessage().contains("'web'"), e.getMessage());
		assertTrue(e.getMessage().contains("singular, dispersed, network, bundle"), e.getMessage());
		assertThrows(UserInputException.class, () -> Morphology.parse(null));
	}
}
