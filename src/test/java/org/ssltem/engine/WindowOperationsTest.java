package org.ssltem.engine;

import org.ssltem.api.Results;


import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.api.EngineException;
import org.ssltem.testing.TinyPretraining;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine calls the annotate-and-segment window makes, with its parameters: {@code train-segmenter} on the staged
 * labelled images at their own size ({@code size=0}), {@code segment} on one image file.
 */
class WindowOperationsTest {

	@TempDir
	static Path shared;
	static Path encoder, images, masks;

	@BeforeAll
	static void tinyEncoderAndData() {
		Path data = shared.resolve("data");
		new SyntheticDatasetWriter().write(data, 1, 64, 5, ProgressListener.SILENT, null);
		encoder = shared.resolve("enc");
		Pretrainer.run(TinyPretraining.config(data.resolve("images"), encoder, 1, "32,32"), ProgressListener.SILENT, null);
		images = data.resolve("images/network");
		masks = data.resolve("masks/network");
	}

	static Map<String, String> train(Path out, int epochs) {
		Map<String, String> p = new HashMap<>();
		p.put("encoder", encoder.toString());
		p.put("images", images.toString());
		p.put("masks", masks.toString());
		p.put("out", out.toString());
		p.put("classes", "2");
		p.put("labeled", "1");
		p.put("epochs", Integer.toString(epochs));
		p.put("threads", "2");
		p.put("device", "cpu");
		p.put("size", "0");
		return p;
	}

	/** segment of one image with tmp/seg into tmp/pred, in 64 px tiles. */
	static Map<String, String> segment(Path tmp, Path image) {
		Map<String, String> p = new HashMap<>();
		p.put("segmenter", tmp.resolve("seg").toString());
		p.put("images", image.toString());
		p.put("out", tmp.resolve("pred").toString());
		p.put("tile", "64");
		p.put("overlap", "16");
		p.put("threads", "2");
		return p;
	}

	@Test
	void trainThenPredictWritesAMaskOfTheImagesSize(@TempDir Path tmp) throws Exception {
		LocalEngine engine = new LocalEngine();
		Results.SegmenterTrained r = (Results.SegmenterTrained) engine.run("train-segmenter", train(tmp.resolve("seg"), 2), null, new AtomicBoolean());
		assertEquals(2, r.lossPerEpoch().size());
		assertTrue(Files.exists(tmp.resolve("seg/segmenter.json")));
		Path image;
		try (Stream<Path> s = Files.list(images)) {
			image = s.sorted().findFirst().orElseThrow();
		}
		Results.Segmented pr = (Results.Segmented) engine.run("segment", segment(tmp, image), null, new AtomicBoolean());
		assertEquals(1, pr.images());
		Path file = Path.of(pr.masks()).resolve(org.ssltem.annotate.MaskFiles.maskFor(image).getFileName());
		ImagePlus mask = IJ.openImage(file.toString());
		assertNotNull(mask, "no mask at " + file);
		assertEquals(64, mask.getWidth());
		int[] hist = mask.getProcessor().getHistogram();
		assertEquals(64 * 64, hist[0] + hist[255], "a binary mask holds 0 and 255 only");
	}

	/**
	 * The in-memory segment call (Segment Image and the window use it): the same labels and probabilities as segment on
	 * the file, and no file written anywhere but the operation's own out folder: neither beside the inputs nor a
	 * staging folder in the temporary directory (where the file round trip used to put its ssl-tem-* folders).
	 */
	@Test
	void inMemorySegmentEqualsSegmentOnTheFileAndWritesNoFile(@TempDir Path tmp) throws Exception {
		LocalEngine engine = new LocalEngine();
		engine.run("train-segmenter", train(tmp.resolve("seg"), 1), null, new AtomicBoolean());
		Path image;
		try (Stream<Path> s = Files.list(images)) {
			image = s.sorted().findFirst().orElseThrow();
		}
		engine.run("segment", segment(tmp, image), null, new AtomicBoolean());
		ImagePlus fileMask = IJ.openImage(tmp.resolve("pred/masks").resolve(org.ssltem.annotate.MaskFiles.maskFor(image).getFileName()).toString());
		ImagePlus fileProbabilities = IJ.openImage(tmp.resolve("pred/probabilities").resolve(image.getFileName().toString().replace(".png", ".tif")).toString());

		List<String> before = tree(shared, tmp), tmpBefore = sslTemTemporaries();
		ImagePlus imp = IJ.openImage(image.toString());
		List<long[]> seen = new java.util.ArrayList<>();
		org.ssltem.api.Segmentation r = engine.segment(org.ssltem.api.SegmentRequest.of(tmp.resolve("seg")).withTile(64, 16).withDevice("cpu", 2),
			new org.ssltem.api.ImagePlane(imp.getWidth(), imp.getHeight(), imp.getProcessor().getPixels()), new org.ssltem.api.EngineProgress() {
				@Override
				public void progress(String stage, long done, long total, String message) {
					seen.add(new long[] { done, total });
				}

				@Override
				public void log(String line) {}
			}, new AtomicBoolean());
		assertEquals(before, tree(shared, tmp), "no file written beside the inputs or the segmenter");
		assertEquals(tmpBefore, sslTemTemporaries(), "no staging folder in the temporary directory");
		assertFalse(seen.isEmpty(), "each tile is reported as progress");
		assertEquals(0, seen.get(0)[0], "building the network is announced before the first tile");
		assertEquals(1, r.channels());
		for (int i = 0; i < r.labels().length; i++) {
			assertEquals(fileMask.getProcessor().get(i) == 255 ? 1 : 0, r.labels()[i], "label of pixel " + i);
			assertEquals(fileProbabilities.getProcessor().getf(i), r.probabilities()[i], 1e-6f, "probability of pixel " + i);
		}
	}

	/** Every file below the roots, with its size. */
	static List<String> tree(Path... roots) throws Exception {
		List<String> out = new java.util.ArrayList<>();
		for (Path root : roots)
			try (Stream<Path> s = Files.walk(root)) {
				s.filter(Files::isRegularFile).sorted().forEach(f -> out.add(f + " " + f.toFile().length()));
			}
		return out;
	}

	static List<String> sslTemTemporaries() throws Exception {
		try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("ssl-tem-segment") || n.startsWith("ssl-tem-window")).sorted().toList();
		}
	}

	@Test
	void aCancelledTrainingWritesNothing(@TempDir Path tmp) {
		AtomicBoolean cancel = new AtomicBoolean(true);
		EngineException e = assertThrows(EngineException.class, () -> new LocalEngine().run("train-segmenter", train(tmp.resolve("seg"), 50), null, cancel));
		assertEquals(EngineException.Kind.CANCELLED, e.kind());
		assertFalse(Files.exists(tmp.resolve("seg")), "a cancelled training leaves no segmenter folder");
	}

	@Test
	void aMissingEncoderIsBadInputNamingTheFolder(@TempDir Path tmp) {
		Map<String, String> p = train(tmp.resolve("seg"), 1);
		p.put("encoder", tmp.resolve("no-encoder").toString());
		EngineException e = assertThrows(EngineException.class, () -> new LocalEngine().run("train-segmenter", p, null, new AtomicBoolean()));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("no-encoder"), e.getMessage());
	}

	@Test
	void anUnknownKeyNamesItAndTheValidKeys(@TempDir Path tmp) {
		Map<String, String> p = train(tmp.resolve("seg"), 1);
		p.put("epoch", "3");
		EngineException e = assertThrows(EngineException.class, () -> new LocalEngine().run("train-segmenter", p, null, new AtomicBoolean()));
		assertEquals(EngineException.Kind.BAD_INPUT, e.kind());
		assertTrue(e.getMessage().contains("'epoch'") && e.getMessage().contains("epochs"), e.getMessage());
	}
}
