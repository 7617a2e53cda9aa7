package org.ssltem.fiji;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessagesTest {

	@Test
	void flagsBecomeTheDialogFieldsAndMacroKeys() {
		assertEquals("/x/out: is not empty. Fix: give 'out' a new or empty folder",
			Messages.forFiji("/x/out: is not empty. Fix: give --out a new or empty folder"));
		assertEquals("'labeled' 9 is more than the 6 image/mask pairs. Fix: set 'labeled' to 6 or fewer",
			Messages.forFiji("--labeled 9 is more than the 6 image/mask pairs. Fix: pass --labeled 6 or fewer"));
		assertEquals("3 files exist. Fix: tick 'overwrite' to replace them", Messages.forFiji("3 files exist. Fix: pass --overwrite to replace them"));
		assertEquals("Fix: set 'size' to N to resize every image to N×N", Messages.forFiji("Fix: pass --size N to resize every image to N×N"));
		assertEquals("Fix: set 'calibrate_bn' to true", Messages.forFiji("Fix: set 'calibrate_bn' to true"));
		assertEquals("a-b --- c", Messages.forFiji("a-b --- c"));
		assertNull(Messages.forFiji(null));
	}
}
