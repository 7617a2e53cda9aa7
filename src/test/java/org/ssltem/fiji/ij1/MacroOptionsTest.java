package org.ssltem.fiji.ij1;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MacroOptionsTest {

	@Test
	void parsesPlainBracketedAndBareKeys() {
		Map<String, String> m = MacroOptions.parse(" out=[/tmp/a b/c]  per_class=3 overwrite size=64");
		assertEquals(Map.of("out", "/tmp/a b/c", "per_class", "3", "overwrite", "true", "size", "64"), m);
		assertEquals(java.util.List.of("out", "per_class", "overwrite", "size"), java.util.List.copyOf(m.keySet()));
	}

	@Test
	void unclosedBracketIsAnErrorNamingTheKey() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("out=[/tmp/a b"));
		assertTrue(e.getMessage().contains("out="), e.getMessage());
	}

	@Test
	void formatThenParseGivesTheSameValues() {
		Map<String, String> v = new LinkedHashMap<>();
		v.put("out", "/tmp/with space/x");
		v.put("lr", "0.2");
		v.put("empty", "");
		v.put("resume", "true");
		v.put("overwrite", "false");
		String line = MacroOptions.format(v, Set.of("resume", "overwrite"));
		assertFalse(line.contains("overwrite"), line);
		Map<String, String> back = MacroOptions.parse(line);
		v.remove("overwrite");
		assertEquals(v, back);
	}

	@Test
	void aPathHoldingBracketsRoundTrips() {
		Map<String, String> m = MacroOptions.parse("images=[/a/my images [1]] out=/b/[2] size=64");
		assertEquals("/a/my images [1]", m.get("images"));
		assertEquals("/b/[2]", m.get("out"));
		assertEquals("64", m.get("size"));
		Map<String, String> v = new LinkedHashMap<>();
		v.put("images", "/a/my images [1]");
		v.put("masks", "[x]");
		v.put("out", "/b/run]");
		assertEquals(v, MacroOptions.parse(MacroOptions.format(v, Set.of())));
	}

	@Test
	void aBracketThatEndsTheValueEarlyIsNamed() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("images=[/a/x] y] size=64"));
		assertTrue(e.getMessage().contains("the value of 'images' ended at the ']'") && e.getMessage().contains("Fix:"), e.getMessage());
		Map<String, String> v = Map.of("images", "/a/x] y");
		IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> MacroOptions.format(v, Set.of()));
		assertTrue(f.getMessage().contains("images=/a/x] y") && f.getMessage().contains("']' followed by a space"), f.getMessage());
	}
}
