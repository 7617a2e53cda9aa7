package org.ssltem.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

	@Test
	void quotedCellsKeepCommasAndQuotes() {
		assertEquals(List.of("a,b", "say \"hi\"", "", "3"), Csv.split("\"a,b\",\"say \"\"hi\"\"\",,3"));
	}

	@Test
	void fieldsRoundTrip() {
		for (String s : List.of("plain", "with,comma", "with \"quote\"", "", "line\nbreak")) {
			assertEquals(List.of(s, "x"), Csv.split(Csv.field(s) + ",x"), s);
		}
		assertEquals("plain", Csv.field("plain"), "a plain field is written as it is");
	}
}
