package org.ssltem.eval;

import org.ssltem.testing.TinyEncoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.testing.TinyPretraining;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperparameterStudyTest {

	@TempDir
	Path tmp;

	private HyperparameterStudy.Config tinyStudy(Path data) {
		HyperparameterStudy.Config c = new HyperparameterStudy.Config();
		c.dataset = data;
		c.out = tmp.resolve("study");
		c.batches = List.of(4);
		c.crops = List.of("randcrop");
		c.projectors = List.of("16,16,32");
		c.seeds = List.of(0L, 1L);
		c.pretrain = TinyPretraining.config(data, tmp.resolve("unused"), 1, "16,16,32");
		return c;
	}

	/** Cancels the study at the first pretraining step after its first point is finished: the second point is left half done. */
	private static ProgressListener cancelInTheSecondPoint(CancelToken cancel, TinyEncoder.Log log) {
		return new ProgressListener() {
			boolean firstDone;

			@Override
			public void progress(String stage, long done, long total, String message) {
				if (stage.equals("hparam-study") && done == 1) firstDone = true;
				if (stage.equals("pretrain") && firstDone) cancel.cancel();
			}

			@Override
			public void log(String line) {
				log.log(line);
			}
		};
	}

	@Test
	void anInterruptedStudyResumesSkipsTheFinishedPointAndWritesOneRowPerPointAndFold() throws Exception {
		Path data = TinyEncoder.dataset(tmp.resolve("data"), List.of("a", "b"), 8, 32, 32, 21);
		HyperparameterStudy.Config c = tinyStudy(data);
		List<HyperparameterStudy.Point> grid = HyperparameterStudy.grid(c);
		assertEquals(2, grid.size());
		Path first = HyperparameterStudy.encoderDir(c, grid.get(0)), second = HyperparameterStudy.encoderDir(c, grid.get(1));

		CancelToken cancel = new CancelToken();
		TinyEncoder.Log log1 = new TinyEncoder.Log();
		assertThrows(CancelToken.CancelledException.class, () -> HyperparameterStudy.run(c, cancelInTheSecondPoint(cancel, log1), cancel));
		assertEquals(1 + 4, Files.readAllLines(c.out.resolve(HyperparameterStudy.RESULTS)).size(), "the first point's 4 folds are in the table already");
		EncoderManifest m1 = EncoderManifest.read(first);
		assertEquals("completed", m1.status);
		FileTime manifestTime = Files.getLastModifiedTime(EncoderManifest.fileIn(first));
		Path scores1 = c.out.resolve(HyperparameterStudy.SCORES).resolve(grid.get(0).name() + ".json");
		FileTime scoresTime = Files.getLastModifiedTime(scores1);
		String manifestBefore = Files.readString(EncoderManifest.fileIn(first));
		assertEquals("cancelled", EncoderManifest.read(second).status, "the second point kept a checkpoint when cancelled");
		assertTrue(EncoderManifest.read(second).globalStep > 0 && EncoderManifest.read(second).epochsCompleted == 0, "half done");

		TinyEncoder.Log log2 = new TinyEncoder.Log();
		HyperparameterStudy.Report r = HyperparameterStudy.run(c, log2, new CancelToken());
		assertEquals(2, r.points().size());
		assertEquals("skipped", r.points().get(0).pretraining(), log2.toString());
		assertEquals("reused", r.points().get(0).scoring());
		assertEquals("resumed", r.points().get(1).pretraining(), log2.toString());
		assertTrue(log2.toString().contains(grid.get(1).name() + ": resuming pretraining after 0 of 1 epochs"), log2.toString());
		assertEquals("computed", r.points().get(1).scoring());
		assertEquals(manifestTime, Files.getLastModifiedTime(EncoderManifest.fileIn(first)), "the finished point was not retrained");
		assertEquals(manifestBefore, Files.readString(EncoderManifest.fileIn(first)));
		assertEquals(scoresTime, Files.getLastModifiedTime(scores1), "its scores were not recomputed");
		assertTrue(log2.toString().contains(grid.get(0).name() + ": already pretrained"), log2.toString());
		assertEquals("completed", EncoderManifest.read(second).status);

		List<String> rows = Files.readAllLines(r.results());
		assertEquals("point,batch,crop,projector,seed,fold,accuracy,train_images,test_images,encoder_sha256", rows.get(0));
		assertEquals(1 + 2 * 4, rows.size(), "one row per point and fold");
		for (HyperparameterStudy.Point p : grid)
			for (int f = 0; f < 4; f++) {
				String prefix = p.name() + ",4,randcrop,\"16,16,32\"," + p.seed() + "," + f + ",";
				assertEquals(1, rows.stream().filter(l -> l.startsWith(prefix)).count(), prefix + " in " + rows);
			}
		for (String row : rows.subList(1, rows.size())) {
			String[] cells = row.split(",");
			double acc = Double.parseDouble(cells[cells.length - 4]);
			assertTrue(acc >= 0 && acc <= 1, row);
			assertEquals(16, Integer.parseInt(cells[cells.length - 3]) + Integer.parseInt(cells[cells.length - 2]), "train + test = all 16 images: " + row);
		}
		List<String> summary = Files.readAllLines(r.summary());
		assertEquals(3, summary.size(), summary.toString());
		assertTrue(summary.get(0).startsWith("point,batch,crop,projector,seed,n,median,q1,q3"), summary.get(0));
		assertTrue(Files.isRegularFile(c.out.resolve("boxplot-seed.png")) && Files.isRegularFile(c.out.resolve("boxplot-seed.svg")), "seed has two levels");
		assertFalse(Files.exists(c.out.resolve("boxplot-batch.png")), "one batch size: nothing to compare");

		HyperparameterStudy.Report again = HyperparameterStudy.run(c, null, null);
		for (HyperparameterStudy.PointResult p : again.points()) {
			assertEquals("skipped", p.pretraining());
			assertEquals("reused", p.scoring());
		}
		assertEquals(rows, Files.readAllLines(again.results()), "a finished study gives the same table again");
	}

	@Test
	void badGridValuesAndTooSmallClassesFailBeforeAnythingIsTrained() throws Exception {
		Path data = TinyEncoder.dataset(tmp.resolve("data"), List.of("a", "b"), 3, 32, 32, 1);
		HyperparameterStudy.Config c = tinyStudy(data);
		c.crops = List.of("randcrop", "crop33");
		UserInputException crop = assertThrows(UserInputException.class, () -> HyperparameterStudy.run(c, null, null));
		assertTrue(crop.getMessage().contains("crop33"), crop.getMessage());
		assertFalse(Files.exists(c.out), "nothing written");

		c.crops = List.of("randcrop");
		UserInputException small = assertThrows(UserInputException.class, () -> HyperparameterStudy.run(c, null, null));
		assertTrue(small.getMessage().contains("class 'a' has 3 images, fewer than the 4 folds") && small.getMessage().contains("--folds"), small.getMessage());
		assertFalse(Files.exists(c.out), "nothing written");

		c.seeds = List.of(0L, 0L);
		UserInputException twice = assertThrows(UserInputException.class, () -> HyperparameterStudy.grid(c));
		assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
		UserInputException list = assertThrows(UserInputException.class, () -> HyperparameterStudy.parseList("--batches", "16,x", ",", Integer::parseInt));
		assertTrue(list.getMessage().contains("--batches 16,x: 'x' is not valid"), list.getMessage());
	}
}
