package org.ssltem.annotate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Results;
import org.ssltem.core.ProgressListener;
import org.ssltem.engine.LocalEngine;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.testing.TinyPretraining;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session model without a window: sparse strokes train as they are, prediction in memory, undo/redo of strokes
 * and of Accept, Accept merging (hand labels kept), masks on disk counted at once, projects saved and reopened, and
 * applying the segmenter to a folder.
 */
class AnnotationSessionTest {

	@TempDir
	static Path shared;
	static Path encoder, images;
	static final List<String> CLASSES = List.of("background", "nanowire");

	@BeforeAll
	static void tinyEncoderAndImages() throws Exception {
		Path data = shared.resolve("data");
		new SyntheticDatasetWriter().write(data, 1, 64, 5, ProgressListener.SILENT, null);
		encoder = shared.resolve("enc");
		Pretrainer.run(TinyPretraining.config(data.resolve("images"), encoder, 1, "32,32"), ProgressListener.SILENT, null);
		images = Files.createDirectories(shared.resolve("images"));
		try (Stream<Path> s = Files.walk(data.resolve("images"))) {
			for (Path p : s.filter(Files::isRegularFile).sorted().limit(3).toList()) Files.copy(p, images.resolve(p.getFileName()));
		}
	}

	static List<Path> files() throws Exception {
		try (Stream<Path> s = Files.list(images)) {
			return s.filter(Files::isRegularFile).sorted().toList();
		}
	}

	static AnnotationSession.Engine engine() {
		LocalEngine e = new LocalEngine();
		return new AnnotationSession.Engine() {
			@Override
			public OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
				Map<String, String> p = new java.util.HashMap<>(parameters);
				p.put("device", "cpu");
				p.put("threads", "2");
				return e.run(operation, p, progress, cancel);
			}

			@Override
			public InteractiveSegmenter interactive(Path encoder, int classes) {
				return e.interactive(encoder, classes, "cpu", 2);
			}
		};
	}

	static byte[] rows(int w, int h, int y0, int y1) {
		byte[] a = new byte[w * h];
		for (int y = y0; y < y1; y++) for (int x = 0; x < w; x++) a[y * w + x] = 1;
		return a;
	}

	@Test
	void strokesTrainPredictUndoAcceptMergeSaveReopenAndApply(@TempDir Path tmp) throws Exception {
		AnnotationSession.Settings settings = new AnnotationSession.Settings(32, 4, 2, 0.5, 3);
		AnnotationSession s = new AnnotationSession(files(), encoder, CLASSES, engine(), tmp.resolve("work"), settings);
		assertEquals(List.of(), s.labelledImages());
		assertThrows(IllegalStateException.class, () -> s.train(null, new AtomicBoolean()), "nothing labelled yet");
		assertEquals(64, s.paint(0, 64, 64, rows(64, 64, 0, 1), 1, "stroke of nanowire"));
		IllegalStateException one = assertThrows(IllegalStateException.class, () -> s.train(null, new AtomicBoolean()));
		assertTrue(one.getMessage().contains("at least two classes"), one.getMessage());
		assertEquals(128, s.paint(0, 64, 64, rows(64, 64, 10, 12), 0, "stroke of background"));
		assertEquals(64 * 64 - 192, s.labels(0, 64, 64).count(IndexMask.UNLABELLED), "unpainted pixels stay unlabelled");

		AnnotationSession.Round r1 = s.train(null, new AtomicBoolean());
		assertEquals(1, r1.images());
		assertTrue(Files.exists(r1.segmenter().resolve("segmenter.json")));
		org.ssltem.nn.SegmenterManifest trained = org.ssltem.nn.SegmenterManifest.read(r1.segmenter());
		assertEquals(1, trained.scaleX, 0, "trained at native size, so segment and the window resample nothing");
		assertEquals(1, trained.scaleY, 0);
		IndexMask p = s.predict(0, null, new AtomicBoolean());
		assertEquals(64 * 64, p.labels().length);
		assertThrows(org.ssltem.api.EngineException.class, () -> s.train(null, new AtomicBoolean(true)), "a stopped round");
		assertEquals(1, s.rounds(), "a stopped round is not counted");
		assertTrue(Files.exists(r1.segmenter()), "and the previous segmenter stays");
		AnnotationSession.Round r2 = s.train(null, new AtomicBoolean());
		assertEquals(2, r2.number());
		assertFalse(Files.exists(r1.segmenter()), "the older segmenter is replaced");
		s.predict(0, null, new AtomicBoolean());

		// Accept merges: hand labels stay, the prediction fills the rest; undo takes it back, redo repeats it
		int[] before = s.labels(0, 64, 64).labels().clone();
		int filled = s.accept(0);
		assertEquals(64 * 64 - 192, filled);
		int[] merged = s.labels(0, 64, 64).labels();
		for (int q = 0; q < merged.length; q++) {
			if (before[q] != IndexMask.UNLABELLED) assertEquals(before[q], merged[q], "hand label kept at " + q);
			else assertEquals(s.prediction(0).labels()[q], merged[q]);
		}
		assertEquals("accept prediction", s.nextUndo());
		assertEquals(0, s.undo());
		assertArrayEquals(before, s.labels(0, 64, 64).labels());
		assertEquals(0, s.redo());
		assertEquals(0, s.labels(0, 64, 64).count(IndexMask.UNLABELLED));
		s.undo();
		s.undo(); // the background stroke
		assertEquals(64 * 64 - 64, s.labels(0, 64, 64).count(IndexMask.UNLABELLED));
		s.redo();

		// a project: labels, segmenter and settings come back; all of them without visiting an image
		Path project = tmp.resolve("project");
		s.saveProject(project);
		AnnotationSession back = AnnotationSession.openProject(project, engine(), tmp.resolve("work2"));
		assertEquals(List.of(0), back.labelledImages());
		assertArrayEquals(s.labels(0, 64, 64).labels(), back.labels(0, 64, 64).labels());
		assertEquals(settings, back.settings());
		assertNotNull(back.segmenter());
		assertEquals(2, back.rounds());
		Path out = tmp.resolve("applied");
		Results.Segmented applied = back.applyToFolder(images, out, null, new AtomicBoolean());
		assertEquals(3, applied.images());
		try (Stream<Path> m = Files.list(out.resolve("masks"))) {
			assertEquals(3, m.count());
		}
		back.saveSegmenter(tmp.resolve("kept"));
		assertTrue(Files.exists(tmp.resolve("kept/segmenter.json")));
		assertThrows(IllegalArgumentException.class, () -> back.saveSegmenter(tmp.resolve("kept")), "never into a non-empty folder");
		back.close();
		s.close();
		assertFalse(Files.exists(tmp.resolve("work")));
	}

	@Test
	void masksOnDiskCountAtOnceAndSparsePngRoundTrips(@TempDir Path tmp) throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("imgs"));
		for (Path p : files()) Files.copy(p, dir.resolve(p.getFileName()));
		List<Path> list;
		try (Stream<Path> st = Files.list(dir)) {
			list = st.filter(Files::isRegularFile).sorted().toList();
		}
		int[] l = new int[64 * 64];
		java.util.Arrays.fill(l, IndexMask.UNLABELLED);
		l[5] = 1;
		l[6] = 0;
		MaskFiles.save(new IndexMask(64, 64, l, CLASSES), MaskFiles.maskFor(list.get(1)), false);
		MaskFiles.save(new IndexMask(64, 64, new int[64 * 64], CLASSES), MaskFiles.maskFor(list.get(2)), false);
		AnnotationSession s = new AnnotationSession(list, encoder, CLASSES, engine(), tmp.resolve("work"), AnnotationSession.Settings.DEFAULT);
		assertEquals(List.of(1, 2), s.labelledImages(), "both masks count before any image is shown");
		assertArrayEquals(l, s.labelsOrNull(1).labels(), "255 in a sparse mask reads as unlabelled");
		assertEquals(List.of(), s.takeProblems());
		s.paint(1, 64, 64, rows(64, 64, 3, 4), 1, "stroke");
		s.saveMask(1, true);
		assertTrue(s.unsaved().isEmpty(), "saved: " + s.unsaved());
		AnnotationSession again = new AnnotationSession(list, encoder, CLASSES, engine(), tmp.resolve("work2"), AnnotationSession.Settings.DEFAULT);
		assertArrayEquals(s.labelsOrNull(1).labels(), again.labelsOrNull(1).labels());
	}
}
