package org.ssltem.fiji;

import ij.measure.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ResultDisplayTest {

	@Test
	void aCsvBecomesATableWithNumbersAsNumbersAndTextAsText(@TempDir Path tmp) throws Exception {
		Path csv = tmp.resolve("t.csv");
		Files.writeString(csv, "file,predicted,p_a\n\"x,1.png\",a,0.75\ny.png,b,0.25\n");
		ResultsTable rt = ResultDisplay.csvTable(csv);
		assertEquals(2, rt.size());
		assertEquals("x,1.png", rt.getStringValue("file", 0));
		assertEquals("b", rt.getStringValue("predicted", 1));
		assertEquals(0.25, rt.getValue("p_a", 1), 1e-12);
	}

	@Test
	void engineRowsBecomeATable() {
		ResultsTable rt = ResultDisplay.rowsTable(List.of(new org.ssltem.api.Results.LabelEfficiencyBox("enc", 4, 20, 0.5, 0.4, 0.6, 0.45, 0.55),
			new org.ssltem.api.Results.LabelEfficiencyBox("random:resnet18", 4, 20, 0.25, 0.2, 0.3, 0.22, 0.28)));
		assertEquals(2, rt.size());
		assertEquals("random:resnet18", rt.getStringValue("encoder", 1));
		assertEquals(0.5, rt.getValue("median", 0), 1e-12);
		assertEquals(4, rt.getValue("labels_per_class", 0), 1e-12, "record components become snake_case columns");
	}
}
