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
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.ssltem.api.EngineException;
import org.ssltem.api.Segmentation;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.*;

/** Segment Image's checks of the open image, its result images and overlay; the engine run itself is in MacrosIT and GuiIT. */
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
	void savedFilesAreNamedAfterTheImageTitle() {
		assertEquals("frame_01", SegmentImage.stem("frame 01.tif"));
		assertEquals("a_b_c_", SegmentImage.stem("a/b(c).png"));
		assertEquals("image", SegmentImage.stem(" "));
		assertEquals("image", SegmentImage.stem(null));
	}

	/** A script gets the images as objects: both are SciJava outputs, and neither is a dialog field or macro key. */
	@Test
	void probabilitiesAndMaskAreTheCommandsImageOutputs() {
		Map<String, Class<?>> outputs = StreamSupport.stream(new CommandInfo(SegmentImage.class).outputs().spliterator(), false)
			.collect(Collectors.toMap(ModuleItem::getName, ModuleItem::getType));
		assertEquals(Map.of("probabilities", ImagePlus.class, "mask", ImagePlus.class), outputs);
		assertTrue(org.ssltem.fiji.CommandParameters.of(SegmentImage.class).stream().noneMatch(p -> outputs.containsKey(p.name())));
	}

	@Test
	void aBinarySegmentationBecomesA32BitMapAndA0To255Mask() {
		Segmentation r = new Segmentation(2, 1, 1, new int[] { 0, 1 }, new float[] { 0.25f, 0.75f }, 0.1);
		ImagePlus p = SegmentImage.probabilityImage(r, "p"), m = SegmentImage.maskImage(r, "m");
		assertEquals(32, p.getBitDepth());
		assertEquals(0.75f, p.getProcessor().getf(1, 0));
		assertEquals(0, m.getProcessor().get(0, 0));
		assertEquals(255, m.getProcessor().get(1, 0), "as segment writes a binary mask");
	}

	@Test
	void aMultiClassSegmentationHasOneProbabilitySlicePerClassAndClassIndices() {
		Segmentation r = new Segmentation(2, 1, 3, new int[] { 2, 0 }, new float[] { 0.1f, 0.7f, 0.2f, 0.1f, 0.7f, 0.2f }, 0.1);
		ImagePlus p = SegmentImage.probabilityImage(r, "p"), m = SegmentImage.maskImage(r, "m");
		assertEquals(3, p.getStackSize());
		assertEquals(0.7f, p.getStack().getProcessor(3).getf(0, 0), "class 2's plane");
		assertEquals(2, m.getProcessor().get(0, 0));
		assertEquals(0, m.getProcessor().get(1, 0));
	}
}
