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
}
