package org.ssltem.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.Architecture;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The pretraining estimate: the measured rate at its size, scaled by pixels, threads, steps and batch; tiles counted. */
class DurationEstimateTest {

	@Test
	void theMeasuredCaseGivesTheMeasuredRateAndScalesWithPixelsAndThreads() {
		assertEquals(1 / 50.82, DurationEstimate.secondsPerImage(Architecture.RESNET18, 96, 2), 1e-12);
		assertEquals(4 / 50.82, DurationEstimate.secondsPerImage(Architecture.RESNET18, 192, 2), 1e-12, "twice the side, four times the pixels");
		assertEquals(0.5 / 50.82, DurationEstimate.secondsPerImage(Architecture.RESNET18, 96, 4), 1e-12);
		assertEquals(1 / 4.64, DurationEstimate.secondsPerImage(Architecture.RESNET50, 224, 2), 1e-12);
		assertEquals(1 / 4.64, DurationEstimate.secondsPerImage(Architecture.RESNET50_TORCHVISION, 224, 2), 1e-12);
	}

	@Test
	void pretrainingCountsWholeStepsOfTheBatch() {
		PretrainConfig c = new PretrainConfig();
		c.arch = "resnet18";
		c.size = 96;
		c.batch = 16;
		c.epochs = 10;
		DurationEstimate.Estimate e = DurationEstimate.pretrain(c, 100, 2); // 6 whole steps of 16 per epoch, as the trainer drops the rest
		assertEquals(10 * 6 * 16 / 50.82, e.seconds(), 1e-9);
		assertTrue(e.text().contains("about 19 s") && e.text().contains("10 epochs x 6 steps of 16 images at 96 px"), e.text());
		c.epochs = 1000;
		assertTrue(DurationEstimate.pretrain(c, 100, 2).text().contains("about 31 min"), DurationEstimate.pretrain(c, 100, 2).text());
		PretrainConfig paper = new PretrainConfig();
		paper.preset = "paper";
		paper.applyPreset();
		assertTrue(DurationEstimate.pretrain(new PretrainConfig(), 1000, 2).seconds() < DurationEstimate.pretrain(paper, 1000, 2).seconds() / 10,
			"the default CPU recipe is far shorter than the paper's GPU-scale recipe");
	}

	@Test
	void tilesOfTheFirstImageAndMaxImagesCount(@TempDir Path dir) {
		Path a = dir.resolve("a.png"), b = dir.resolve("b.png");
		ImageFiles.writePng(new GreyImage(300, 200), a);
		ImageFiles.writePng(new GreyImage(300, 200), b);
		assertEquals(2, DurationEstimate.trainingImages(List.of(a, b), 0, 0));
		assertEquals(1, DurationEstimate.trainingImages(List.of(a, b), 1, 0));
		assertEquals(2 * 3 * 2, DurationEstimate.trainingImages(List.of(a, b), 0, 128), "3 x 2 edge-aligned tiles of 128 px each");
	}

	@Test
	void segmenterTrainingScalesTheMeasuredStepByPixelsImagesEpochsAndThreads() {
		var w = org.ssltem.nn.DecoderShape.WINDOW;
		DurationEstimate.Estimate measured = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, w, 2);
		assertEquals(10.0, measured.seconds(), 1e-9, "30 steps of one 256 px window: the bench interactive measurement");
		assertEquals(4 * 10.0, DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 512, w, 2).seconds(), 1e-9, "four times the pixels");
		assertEquals(8 * 60 * 10.0 / 30, DurationEstimate.trainSegmenter(Architecture.RESNET18, 8, 60, 256, w, 2).seconds(), 1e-9);
		assertEquals(10.0 / 2, DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, w, 4).seconds(), 1e-9);
		assertTrue(DurationEstimate.trainSegmenter(Architecture.RESNET50, 1, 30, 256, w, 2).seconds() > measured.seconds());
		assertTrue(measured.text().contains("about 10 s") && measured.text().contains("30 epochs x 1 images at 256 px"), measured.text());
		assertFalse(measured.text().contains("decoder"), "the measured decoder needs no word: " + measured.text());
		DurationEstimate.Estimate refined = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, org.ssltem.nn.DecoderShape.DEFAULT, 2);
		assertEquals(10.0 * DurationEstimate.REFINED_STEP_RATIO, refined.seconds(), 1e-9, "train-segmenter's refined decoder: the measured ratio");
		assertTrue(DurationEstimate.REFINED_STEP_RATIO > 1, "the refined decoder does more per step");
		assertTrue(refined.text().contains("refined decoder 512 filters wide"), refined.text());
	}

	/** The paper's decoder is the other measurement; other widths lie on a curve through both, rising with the width. */
	@Test
	void segmenterTrainingWithAnotherDecoderWidth() {
		DurationEstimate.Estimate paper = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, paper(1024, 1), 2);
		assertEquals(24.15, paper.seconds(), 1e-9, "the bench interactive measurement with the paper's decoder");
		assertTrue(paper.text().contains("the paper's decoder, 1024 filters wide"), paper.text());
		double narrow = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, paper(256, 1), 2).seconds();
		double between = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, paper(768, 1), 2).seconds();
		assertTrue(0 < narrow && narrow < 10.0 && 10.0 < between && between < 24.15, narrow + " " + between);
		assertEquals(24.15 * DurationEstimate.REFINED_STEP_RATIO,
			DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, org.ssltem.nn.DecoderShape.single(1024), 2).seconds(), 1e-9);
	}

	/** The members of an ensemble train one after the other: each adds one decoder's training time. */
	@Test
	void segmenterTrainingWithAnEnsemble() {
		double[] seconds = new double[4];
		for (int members = 1; members <= 3; members++)
			seconds[members] = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, paper(512, members), 2).seconds();
		assertEquals(10.0, seconds[1], 1e-9);
		assertEquals(2 * 10.0, seconds[2], 1e-9);
		assertEquals(3 * 10.0, seconds[3], 1e-9);
		assertEquals(3 * 24.15, DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, paper(1024, 3), 2).seconds(), 1e-9);
		DurationEstimate.Estimate three = DurationEstimate.trainSegmenter(Architecture.RESNET18, 1, 30, 256, new org.ssltem.nn.DecoderShape(512, 3, org.ssltem.nn.DecoderShape.Stages.REFINED), 2);
		assertTrue(three.text().contains("an ensemble of 3"), three.text());
	}

	private static org.ssltem.nn.DecoderShape paper(int width, int members) {
		return new org.ssltem.nn.DecoderShape(width, members, org.ssltem.nn.DecoderShape.Stages.PAPER);
	}
}
