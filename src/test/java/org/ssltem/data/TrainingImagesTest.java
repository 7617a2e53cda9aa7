package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainingImagesTest {

	@TempDir
	Path dir;

	/** A constant image, so a test can tell which file a pool image came from. */
	private Path png(String name, int width, int height, float value) {
		GreyImage g = new GreyImage(width, height);
		java.util.Arrays.fill(g.pixels, value);
		Path p = dir.resolve(name);
		ImageFiles.writePng(g, p);
		return p;
	}

	/** Remembers what the loader reports. */
	private static final class Recorder implements ProgressListener {
		final List<String> progress = new ArrayList<>();
		final List<String> logs = new ArrayList<>();

		@Override
		public void progress(String stage, long done, long total, String message) {
			progress.add(stage + " " + done + "/" + total);
		}

		@Override
		public void log(String line) {
			logs.add(line);
		}
	}

	@Test
	void poolSideIsTheShortSideCappedAtTwiceTheInput() {
		assertEquals(64, TrainingImages.poolSide(100, 100, 32));
		assertEquals(50, TrainingImages.poolSide(50, 60, 32));
		assertEquals(32, TrainingImages.poolSide(32, 32, 32));
	}

	@Test
	void loadsInFileOrderAsSquarePools() {
		List<Path> files = List.of(png("big.png", 100, 100, 0.2f), png("small.png", 50, 50, 0.6f), png("third.png", 40, 40, 1f));
		Recorder rec = new Recorder();

		List<GreyImage> pools = TrainingImages.load(files, 32, null, rec, new CancelToken());

		assertEquals(3, pools.size());
		assertEquals(64, pools.get(0).width);
		assertEquals(64, pools.get(0).height);
		assertEquals(50, pools.get(1).width);
		assertEquals(40, pools.get(2).width);
		assertEquals(51 / 255f, pools.get(0).get(10, 10), 1e-5, "first file first");
		assertEquals(153 / 255f, pools.get(1).get(10, 10), 1e-5);
		assertEquals(List.of("load 1/3", "load 2/3", "load 3/3"), rec.progress);
		assertEquals(List.of(), rec.logs, "square images give no warning");
	}

	@Test
	void nonSquareImagesAreSquashedWithOneWarning() {
		List<Path> files = List.of(png("wide.png", 120, 60, 0.5f), png("tall.png", 60, 100, 0.5f), png("nearly.png", 64, 60, 0.5f));
		Recorder rec = new Recorder();

		List<GreyImage> pools = TrainingImages.load(files, 20, null, rec, null);

		assertEquals(40, pools.get(0).width);
		assertEquals(40, pools.get(0).height);
		assertEquals(40, pools.get(1).height);
		assertEquals(1, rec.logs.size());
		assertTrue(rec.logs.get(0).contains("2 of 3 images are not square (first: wide.png (120×60))"), rec.logs.get(0));
	}

	@Test
	void tilingMakesEachTileATrainingImage() {
		List<Path> files = List.of(png("slice.png", 100, 70, 0.5f), png("other.png", 32, 32, 0.5f));

		List<GreyImage> pools = TrainingImages.load(files, 8, 32, null, null);

		assertEquals(4 * 3 + 1, pools.size());
		for (GreyImage g : pools) {
			assertEquals(16, g.width, "2 × input size, as the tile is larger");
			assertEquals(16, g.height);
		}
		assertEquals(32, TrainingImages.load(files, 16, 32, null, null).get(0).width, "the whole tile when it is small enough");
	}

	@Test
	void imageSmallerThanTheInputIsNamed() {
		Path small = png("small.png", 30, 20, 0.5f);
		List<Path> files = List.of(png("ok.png", 40, 40, 0.5f), small);

		UserInputException e = assertThrows(UserInputException.class, () -> TrainingImages.load(files, 25, null, null, null));

		// input sizes are multiples of 32, so no --size fits a 20 px side
		assertEquals(small + ": image is 30×20, smaller than the input size 25. Fix: remove the image (or replace it with one at least 25 px on each side)",
			e.getMessage());
	}

	@Test
	void tileSmallerThanTheInputIsRefusedUpFront() {
		List<Path> files = List.of(png("ok.png", 40, 40, 0.5f));
		UserInputException e = assertThrows(UserInputException.class, () -> TrainingImages.load(files, 32, 16, null, null));
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void corruptImageIsNamedNotWrapped() throws IOException {
		Path bad = Files.writeString(dir.resolve("bad.png"), "not a png");
		List<Path> files = List.of(png("ok.png", 40, 40, 0.5f), bad);
		UserInputException e = assertThrows(UserInputException.class, () -> TrainingImages.load(files, 16, null, null, null));
		assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
	}

	@Test
	void cancelledBeforeStart() {
		CancelToken cancel = new CancelToken();
		cancel.cancel();
		List<Path> files = List.of(png("a.png", 40, 40, 0.5f));
		assertThrows(CancelToken.CancelledException.class, () -> TrainingImages.load(files, 16, null, null, cancel));
	}

	@Test
	void cancelledWhileLoading() {
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < 6; i++) files.add(png(i + ".png", 40, 40, 0.5f));
		CancelToken cancel = new CancelToken();
		List<Long> reported = new ArrayList<>();
		ProgressListener cancelAfterFirst = (stage, done, total, message) -> {
			reported.add(done);
			cancel.cancel();
		};

		assertThrows(CancelToken.CancelledException.class, () -> TrainingImages.load(files, 16, null, cancelAfterFirst, cancel));
		assertEquals(List.of(1L), reported);
	}

	@Test
	void realSlicesLoad() throws IOException {
		Path folder = SharedData.require("data/em-unlabeled");
		List<Path> two = ImageDataset.scan(folder).firstN(2).files();

		List<GreyImage> pools = TrainingImages.load(two, 64, null, null, null);

		assertEquals(2, pools.size());
		assertEquals(128, pools.get(0).width);
	}
}
