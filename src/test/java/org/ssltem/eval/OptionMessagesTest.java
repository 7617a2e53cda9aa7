package org.ssltem.eval;

import org.ssltem.api.ParameterText;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.data.TrainingImages;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Each message names an option the command has, and masks with a foreground value read other values as background. */
class OptionMessagesTest {

	@TempDir
	Path tmp;

	private LabelEfficiencyProtocol.Config labelEfficiency(String encoder) {
		LabelEfficiencyProtocol.Config c = new LabelEfficiencyProtocol.Config();
		c.encoders = List.of(encoder);
		c.dataset = tmp;
		c.out = tmp.resolve("out");
		return c;
	}

	@Test
	void labelEfficiencyNamesEncoderAndRandomSizeNotArchAndSize() {
		UserInputException arch = assertThrows(UserInputException.class, () -> labelEfficiency("random:vgg16").check());
		assertTrue(arch.getMessage().contains("--encoder random:resnet50 or --encoder random:resnet18") && !arch.getMessage().contains("--arch"),
			arch.getMessage());
		LabelEfficiencyProtocol.Config c = labelEfficiency("random:resnet18");
		c.randomSize = 50;
		UserInputException size = assertThrows(UserInputException.class, c::check);
		assertTrue(size.getMessage().contains("--random_size 50") && size.getMessage().contains("--random_size 64") && !size.getMessage().contains("--size"),
			size.getMessage());
	}

	@Test
	void theNonSquareWarningOffersTileOnlyWhereItExists() throws Exception {
		Path wide = tmp.resolve("wide.png");
		ImageFiles.writePng(new GreyImage(96, 40), wide);
		TinyEncoder.Log withTile = new TinyEncoder.Log(), without = new TinyEncoder.Log();
		TrainingImages.load(List.of(wide), 32, null, withTile, null);
		TrainingImages.load(List.of(wide), 32, null, "--random_size", null, without, null);
		// the engine's lines as the command line prints them
		String tiled = ParameterText.forCli(withTile.toString()), untiled = ParameterText.forCli(without.toString());
		assertTrue(tiled.contains("Crop them square or use --tile"), tiled);
		assertTrue(untiled.contains("Crop them square") && !untiled.contains("--tile"), untiled);
	}

	@Test
	void withAForegroundValueOtherMaskValuesAreBackground() throws Exception {
		Path pred = Files.createDirectories(tmp.resolve("pred")), truth = Files.createDirectories(tmp.resolve("truth"));
		byte[] p = { 0, 1, 1, 2 }, t = { 0, 1, 2, 2 };
		ImageFiles.writeMaskPng(p, 2, 2, pred.resolve("a.png"));
		ImageFiles.writeMaskPng(t, 2, 2, truth.resolve("a.png"));
		// --foreground 1 without --classes 3: the 2s are background, not an error
		SegmentationEvaluation.Report r = SegmentationEvaluation.evaluate(pred, truth, new MaskRule(2, 1), null, null);
		assertEquals(2 / 3.0, r.images().get(0).dice(), 1e-6);
		// without a foreground value, a 2 in a binary mask is still named
		UserInputException e = assertThrows(UserInputException.class, () -> SegmentationEvaluation.evaluate(pred, truth, MaskRule.BINARY, null, null));
		assertTrue(e.getMessage().contains("pixel value 2"), e.getMessage());
	}
}
