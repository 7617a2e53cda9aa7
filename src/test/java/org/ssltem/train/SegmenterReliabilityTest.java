package org.ssltem.train;

import org.ssltem.api.ParameterText;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.testing.TinyEncoder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** train-segmenter and features on a cancelled encoder: label checks, the unfinished-encoder warning, the run lock. */
class SegmenterReliabilityTest {

	@TempDir
	static Path shared;
	static Path encoder, images, masks;

	/** A tiny encoder whose run was cancelled after its first step, and 4 images of bars with 0/255 masks. */
	@BeforeAll
	static void cancelledEncoderAndData() throws Exception {
		Path pool = TinyImages.write(shared.resolve("pool"), 8, 40, 1);
		encoder = shared.resolve("enc");
		PretrainConfig c = TinyImages.config(pool, encoder);
		c.epochs = 20;
		CancelToken cancel = new CancelToken();
		Pretrainer.run(c, new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				if (stage.equals("pretrain")) cancel.cancel();
			}

			@Override
			public void log(String line) {}
		}, cancel);
		assertEquals("cancelled", EncoderManifest.read(encoder).status);
		images = shared.resolve("images");
		masks = shared.resolve("masks");
		SegmenterTrainerTest.writeBars(images, masks, 4, 48);
	}

	static SegmenterConfig config(Path out) {
		SegmenterConfig c = SegmenterTrainerTest.config(encoder, images, masks, out);
		c.labeled = 2;
		c.epochs = 1;
		return c;
	}

	@Test
	void aForegroundValueInNoMaskIsRefusedNamingTheMasks() {
		SegmenterConfig c = config(shared.resolve("fg5"));
		c.foreground = 5;
		UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("--foreground 5: no pixel has this value in the 2 mask(s) checked (img-") && e.getMessage().contains("Fix:"),
			e.getMessage());
		assertFalse(Files.exists(shared.resolve("fg5")), "nothing written, no empty folder");
	}

	@Test
	void classesAndForegroundTogetherAreRefused() {
		SegmenterConfig c = config(shared.resolve("both"));
		c.classes = 3;
		c.foreground = 1;
		UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("--classes 3") && e.getMessage().contains("--foreground 1") && e.getMessage().contains("give only"), e.getMessage());
	}

	@Test
	void aOneByOneImageIsRefused() throws Exception {
		Path im = shared.resolve("dot-images/set"), mk = shared.resolve("dot-masks/set");
		Files.createDirectories(im);
		Files.createDirectories(mk);
		ImageFiles.writePng(new GreyImage(1, 1), im.resolve("dot.png"));
		ImageFiles.writeMaskPng(new byte[] { 1 }, 1, 1, mk.resolve("dot.png"));
		SegmenterConfig c = config(shared.resolve("dot"));
		c.images = im.getParent().toString();
		c.masks = mk.getParent().toString();
		c.labeled = 1;
		c.size = 0;
		UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("dot.png") && e.getMessage().contains("1×1 px, too small"), e.getMessage());
	}

	@Test
	void masksHoldingSmallClassValuesAreDescribedByTheirForeground() throws Exception {
		Path mk = shared.resolve("masks-012/set");
		Files.createDirectories(mk);
		try (var list = Files.list(masks.resolve("set"))) {
			for (Path m : (Iterable<Path>) list::iterator) {
				int[] wh = new int[2];
				int[] v = ImageFiles.readLabels(m, wh);
				byte[] b = new byte[v.length];
				for (int i = 0; i < v.length; i++) b[i] = (byte) (v[i] == 255 ? 1 : (i % 7 == 0 ? 2 : 0));
				ImageFiles.writeMaskPng(b, wh[0], wh[1], mk.resolve(m.getFileName()));
			}
		}
		SegmenterConfig c = config(shared.resolve("fg1"));
		c.masks = mk.getParent().toString();
		c.foreground = 1;
		TinyEncoder.Log log = new TinyEncoder.Log();
		SegmenterTrainer.run(c, log, null);
		assertTrue(log.toString().contains("binary, foreground value 1, every other value background") && !log.toString().contains("0-255"), log.toString());
	}

	@Test
	void anEncoderFromACancelledRunIsNamedWhenUsed() throws Exception {
		TinyEncoder.Log log = new TinyEncoder.Log();
		SegmenterTrainer.run(config(shared.resolve("warned")), log, null);
		String cli = ParameterText.forCli(log.toString()); // the log as the command line prints it
		assertTrue(cli.contains("the encoder " + encoder + " was cancelled after 0 of 20 epochs") && cli.contains("pretrain --resume"), cli);
		// features also says when images come in several sizes or are too small to mean anything
		Path mixed = Files.createDirectories(shared.resolve("mixed"));
		Files.copy(images.resolve("set/img-0.png"), mixed.resolve("a.png"));
		ImageFiles.writePng(new GreyImage(1, 1), mixed.resolve("dot.png"));
		TinyEncoder.Log features = new TinyEncoder.Log();
		FeatureExtractor.extractToCsv(encoder, mixed, shared.resolve("f.csv"), 4, false, features, null);
		assertTrue(features.toString().contains("was cancelled after 0 of 20 epochs"), features.toString());
		assertTrue(features.toString().contains("2 sizes (1x1, 48x48)") && features.toString().contains("dot.png (1x1)"), features.toString());
	}

	@Test
	void aSecondRunOnALockedFolderIsRefusedBeforeTheEncoderIsRead() {
		Path out = shared.resolve("locked");
		try (OutputFolder first = OutputFolder.claim(out, "train-segmenter", "--out")) {
			SegmenterConfig c = config(out);
			c.encoder = shared.resolve("no-such-encoder").toString();
			UserInputException e = assertThrows(UserInputException.class, () -> SegmenterTrainer.run(c, ProgressListener.SILENT, null));
			assertTrue(e.getMessage().contains("in use by another run") && e.getMessage().contains("ssl-tem train-segmenter"), e.getMessage());
			UserInputException f = assertThrows(UserInputException.class,
				() -> FeatureExtractor.extractToCsv(shared.resolve("no-such-encoder"), images, out.resolve("x.csv"), 4, false, null, null));
			assertFalse(f.getMessage().contains("in use"), "a file inside the folder has its own lock: " + f.getMessage());
		}
	}
}
