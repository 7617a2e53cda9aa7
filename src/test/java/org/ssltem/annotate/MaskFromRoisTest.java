package org.ssltem.annotate;

import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MaskFromRoisTest {

	@Test
	void nanowireRoisSetOneAndLaterBackgroundRoisEraseThem() {
		Roi wire = new Roi(2, 3, 10, 4);
		Roi erase = new Roi(5, 3, 2, 4);
		erase.setName("background 1");
		IndexMask m = MaskFromRois.paint(20, 12, List.of(wire, erase));
		assertEquals(List.of("background", "nanowire"), m.names());
		assertEquals(10 * 4 - 2 * 4, m.count(1));
		assertEquals(1, m.at(2, 3));
		assertEquals(0, m.at(5, 4));
		assertEquals(1, m.at(11, 6));
		assertEquals(0, m.at(12, 6));
	}

	@Test
	void compositeBrushStrokesAreFilledByTheirShape() {
		// a brush stroke arrives as a composite ROI: two disjoint discs
		ShapeRoi stroke = new ShapeRoi(new OvalRoi(0, 0, 6, 6)).or(new ShapeRoi(new OvalRoi(20, 0, 6, 6)));
		IndexMask m = MaskFromRois.paint(30, 10, List.of(stroke));
		assertEquals(1, m.at(3, 3));
		assertEquals(1, m.at(23, 3));
		assertEquals(0, m.at(12, 3), "the gap between the discs stays background");
		assertEquals(0, m.at(0, 0), "the disc's corner is outside it");
	}

	@Test
	void paintIntoSetsTheGivenClassOnlyInsideTheRoiAndKeepsTheRest() {
		IndexMask m = new IndexMask(10, 10, new int[100], List.of("background", "nanowire", "droplet"));
		assertEquals(16, MaskFromRois.paintInto(m, new Roi(0, 0, 4, 4), 2));
		assertEquals(4, MaskFromRois.paintInto(m, new Roi(3, 0, 2, 2), 1));
		assertEquals(2, m.at(0, 0));
		assertEquals(1, m.at(3, 0), "a later stroke wins where they overlap");
		assertEquals(2, m.at(3, 3));
		assertEquals(0, m.at(5, 5));
		MaskFromRois.paintInto(m, new Roi(0, 0, 1, 1), 0);
		assertEquals(0, m.at(0, 0), "class 0 erases");
		assertThrows(IllegalArgumentException.class, () -> MaskFromRois.paintInto(m, new Roi(0, 0, 1, 1), 3));
	}
}
