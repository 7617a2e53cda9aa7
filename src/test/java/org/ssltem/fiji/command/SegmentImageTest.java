package org.ssltem.fiji.command;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.ssltem.api.EngineException;

import static org.junit.jupiter.api.Assertions.*;

/** Segment Image's checks of the open image and its overlay; the engine run itself is in MacrosIT. */
class SegmentImageTest {

	@Test
	void withoutAnOpenImageTheCommandFailsAsBadInputSayingWhatToDo() {
		WindowManager.setTempCurrentImage(null); // whatever an earlier test in this JVM left current
		assertNull(WindowManager.getCurrentImage());
		SegmentImage c = new SegmentImage();
		c.run();
		assertNotNull(c.failure());
		assertEquals(EngineException.Kind.BAD_INPUT, c.failure().kind());
		assertTrue(c.failure().getMessage().contains("no image is open") && c.failure().getMessage().contains("File > Open"), c.failure().getMessage());
	}

	@Test
	void colourImagesAndStacksAreRefusedWithTheFix() {
		var rgb = assertThrows(IllegalArgumentException.class, () -> SegmentImage.checkImage(new ImagePlus("tem.jpg", new ColorProcessor(8, 8))));
		assertTrue(rgb.getMessage().contains("'tem.jpg'") && rgb.getMessage().contains("RGB") && rgb.getMessage().contains("Image > Type > 8-bit"),
			rgb.getMessage());
		ImageStack s = new ImageStack(8, 8);
		for (int i = 0; i < 3; i++) s.addSlice(new ByteProcessor(8, 8));
		var stack = assertThrows(IllegalArgumentException.class, () -> SegmentImage.checkImage(new ImagePlus("series", s)));
		assertTrue(stack.getMessage().contains("3 slices") && stack.getMessage().contains("Duplicate") && stack.getMessage().contains("Segment Folder"),
			stack.getMessage());
		SegmentImage.checkImage(new ImagePlus("grey", new ByteProcessor(8, 8)));
		SegmentImage.checkImage(new ImagePlus("float", new FloatProcessor(8, 8)));
	}

	@Test
	void theMaskOverlayIsTranslucentWithTheBackgroundLeftClear() {
		ByteProcessor mask = new ByteProcessor(4, 4);
		mask.set(1, 1, 255);
		mask.set(2, 2, 2);
		Overlay o = SegmentImage.overlay(mask);
		assertEquals(1, o.size());
		ImageRoi roi = (ImageRoi) o.get(0);
		assertEquals(SegmentImage.OVERLAY_OPACITY, roi.getOpacity(), 1e-9);
		assertTrue(roi.getZeroTransparent());
		ColorProcessor cp = (ColorProcessor) roi.getProcessor();
		assertEquals(0, cp.get(0, 0) & 0xffffff, "background is zero, so transparent");
		assertEquals(0xff0000, cp.get(1, 1) & 0xffffff, "a binary mask's 255 is red");
		assertEquals(0x00ff00, cp.get(2, 2) & 0xffffff, "class 2 has its own colour");
	}

	@Test
	void theTemporaryFileIsNamedAfterTheImageTitle() {
		assertEquals("frame_01", SegmentImage.stem("frame 01.tif"));
		assertEquals("a_b_c_", SegmentImage.stem("a/b(c).png"));
		assertEquals("image", SegmentImage.stem(" "));
		assertEquals("image", SegmentImage.stem(null));
	}
}
