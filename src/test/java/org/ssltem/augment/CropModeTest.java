package org.ssltem.augment;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import static org.junit.jupiter.api.Assertions.*;

class CropModeTest {

	@Test
	void parsesKeysInAnyCase() {
		assertEquals(CropMode.RANDCROP, CropMode.parse("randcrop"));
		assertEquals(CropMode.CROP25, CropMode.parse("CROP25"));
		assertEquals(CropMode.CROP50, CropMode.parse(" Crop50 "));
		assertEquals(CropMode.NOCROP, CropMode.parse("nocrop"));
		for (CropMode m : CropMode.values()) assertEquals(m, CropMode.parse(m.key()));
		assertEquals("crop25", CropMode.CROP25.key());
	}

	@Test
	void unknownValueListsTheValidOnes() {
		UserInputException e = assertThrows(UserInputException.class, () -> CropMode.parse("x"));
		assertEquals("unknown crop 'x'; valid values: randcrop, crop25, crop50, nocrop. Fix: pass e.g. --crop randcrop", e.getMessage());
		assertThrows(UserInputException.class, () -> CropMode.parse(null));
	}
}
