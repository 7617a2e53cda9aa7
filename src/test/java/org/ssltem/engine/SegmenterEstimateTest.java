package org.ssltem.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.DurationEstimate;
import org.ssltem.nn.Architecture;
import org.ssltem.testing.TinyEncoder;
import org.ssltem.train.SegmenterConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Train Segmenter's estimate before it starts: labelled images, the paper's epochs when 0, the side it trains at. */
class SegmenterEstimateTest {

	@Test
	void trainSegmenterIsEstimatedFromWhatItWillTrainOn(@TempDir Path tmp) throws Exception {
		Path images = TinyEncoder.dataset(tmp.resolve("images"), List.of("a"), 5, 100, 70, 1);
		Path encoder = TinyEncoder.pretrain(images, tmp.resolve("enc"));
		Files.createDirectories(tmp.resolve("masks"));
		LocalEngine engine = new LocalEngine();
		Map<String, String> given = Map.of("encoder", encoder.toString(), "images", images.toString(), "masks", tmp.resolve("masks").toString(),
			"out", tmp.resolve("seg").toString(), "labeled", "2", "size", "0", "threads", "2");

		DurationEstimate native_ = engine.estimate("train-segmenter", given);
		assertNotNull(native_);
		// 2 of the 5 images, the paper's 120 epochs for 2 labels, native 100 x 70 padded to 128 x 96
		int side = (int) Math.round(Math.sqrt(128.0 * 96));
		assertEquals(org.ssltem.train.DurationEstimate.trainSegmenter(Architecture.RESNET18, 2, SegmenterConfig.paperEpochs(2), side,
			org.ssltem.nn.DecoderShape.DEFAULT, 2).seconds(),
			native_.seconds(), 1e-9);
		assertTrue(native_.text().contains("120 epochs x 2 images at " + side + " px"), native_.text());

		var cropped = new java.util.HashMap<>(given);
		cropped.put("epochs", "5");
		cropped.put("crop", "64");
		DurationEstimate small = engine.estimate("train-segmenter", cropped);
		assertEquals(org.ssltem.train.DurationEstimate.trainSegmenter(Architecture.RESNET18, 2, 5, 64, org.ssltem.nn.DecoderShape.DEFAULT, 2).seconds(), small.seconds(), 1e-9);
		assertTrue(small.seconds() < native_.seconds());
		cropped.put("decoder_width", "1024");
		DurationEstimate paper = engine.estimate("train-segmenter", cropped);
		assertEquals(org.ssltem.train.DurationEstimate.trainSegmenter(Architecture.RESNET18, 2, 5, 64, org.ssltem.nn.DecoderShape.single(1024), 2).seconds(), paper.seconds(), 1e-9);
		assertTrue(paper.seconds() > small.seconds(), "the paper's decoder takes longer");
		cropped.put("decoder_width", "512");
		cropped.put("ensemble", "3");
		DurationEstimate ensemble = engine.estimate("train-segmenter", cropped);
		assertEquals(org.ssltem.train.DurationEstimate.trainSegmenter(Architecture.RESNET18, 2, 5, 64, new org.ssltem.nn.DecoderShape(512, 3, org.ssltem.nn.DecoderShape.Stages.REFINED), 2).seconds(),
			ensemble.seconds(), 1e-9);
		assertTrue(ensemble.seconds() > small.seconds(), "three decoders take longer");
		cropped.put("ensemble", "1");
		cropped.put("decoder", "paper");
		DurationEstimate paperStages = engine.estimate("train-segmenter", cropped);
		assertEquals(org.ssltem.train.DurationEstimate.trainSegmenter(Architecture.RESNET18, 2, 5, 64,
			new org.ssltem.nn.DecoderShape(512, 1, org.ssltem.nn.DecoderShape.Stages.PAPER), 2).seconds(), paperStages.seconds(), 1e-9);
		assertTrue(paperStages.seconds() < small.seconds(), "the paper's stages train faster than the refined decoder");

		assertNull(engine.estimate("segment", Map.of("segmenter", tmp.toString())), "only long work has an estimate");
		var broken = new java.util.HashMap<>(given);
		broken.put("encoder", tmp.resolve("missing").toString());
		assertNull(engine.estimate("train-segmenter", broken), "bad parameters: no estimate, the run itself says what is wrong");
	}
}
