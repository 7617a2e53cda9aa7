package org.ssltem.infer;

import org.ssltem.testing.TinyEncoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.ImageDataset;
import org.ssltem.nn.Device;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureCacheTest {

	@TempDir
	static Path tmp;
	static Path images;
	static List<Path> files;

	@BeforeAll
	static void data() throws Exception {
		images = TinyEncoder.dataset(tmp.resolve("images"), List.of("a", "b"), 4, 40, 40, 1);
		files = ImageDataset.scan(images).files();
	}

	@Test
	void featuresAreComputedOnceThenReadFromTheCacheAndMatchTheExtractor() throws Exception {
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc1"));
		FeatureCache.Result first = FeatureCache.features(enc, files, null, null);
		assertEquals(8, first.computed());
		assertEquals(0, first.reused());
		assertNull(first.rebuiltBecause());
		assertTrue(Files.isRegularFile(FeatureCache.fileFor(enc)));
		assertEquals(512, first.features()[0].length);

		FeatureCache.Result second = FeatureCache.features(enc, files, null, null);
		assertEquals(0, second.computed());
		assertEquals(8, second.reused());
		for (int i = 0; i < files.size(); i++) assertArrayEquals(first.features()[i], second.features()[i], 0f);

		try (TrainedEncoder e = TrainedEncoder.open(enc, 0, Device.choose(Device.Preference.CPU), 2)) {
			float[][] direct = FeatureExtractor.compute(e.graph, files, 16, null, null);
			for (int i = 0; i < files.size(); i++)
				for (int j = 0; j < 512; j++) assertEquals(direct[i][j], second.features()[i][j], 1e-4 * Math.max(1, Math.abs(direct[i][j])));
		}

		// an image is found by its content: a renamed copy is not computed again
		Path copy = tmp.resolve("copy.png");
		Files.copy(files.get(3), copy);
		FeatureCache.Result renamed = FeatureCache.features(enc, List.of(copy), null, null);
		assertEquals(0, renamed.computed());
		assertArrayEquals(first.features()[3], renamed.features()[0], 0f);
	}

	@Test
	void aCacheMadeByAnEarlierStateOfTheEncoderIsRebuilt() {
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc2"));
		FeatureCache.Result before = FeatureCache.features(enc, files, null, null);
		// resume the encoder in the same folder: new weights, new hash, same cache file
		PretrainConfig more = TinyEncoder.config(images, enc);
		more.resume = true;
		more.epochs = 2;
		Pretrainer.run(more, ProgressListener.SILENT, null);

		TinyEncoder.Log log = new TinyEncoder.Log();
		FeatureCache.Result after = FeatureCache.features(enc, files, log, null);
		assertTrue(after.rebuiltBecause() != null && after.rebuiltBecause().contains("another state of the encoder"), String.valueOf(after.rebuiltBecause()));
		assertTrue(log.toString().contains("rebuilding"), log.toString());
		assertEquals(8, after.computed());
		assertFalse(java.util.Arrays.equals(before.features()[0], after.features()[0]), "new weights, new features");
		assertEquals(0, FeatureCache.features(enc, files, null, null).computed(), "the rebuilt cache is used next time");
	}

	@Test
	void aDamagedCacheIsRebuilt() throws Exception {
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc3"));
		FeatureCache.Result good = FeatureCache.features(enc, files, null, null);
		byte[] bytes = Files.readAllBytes(FeatureCache.fileFor(enc));
		Files.write(FeatureCache.fileFor(enc), java.util.Arrays.copyOf(bytes, bytes.length / 2));
		FeatureCache.Result again = FeatureCache.features(enc, files, null, null);
		assertTrue(again.rebuiltBecause().contains("unreadable"), again.rebuiltBecause());
		assertEquals(8, again.computed());
		for (int i = 0; i < files.size(); i++) assertArrayEquals(good.features()[i], again.features()[i], 1e-4f);
	}

	@Test
	void mixedImageSizesAreResizedAndTheUserIsTold() throws Exception {
		Path mixed = tmp.resolve("mixed");
		TinyEncoder.dataset(mixed.resolve("square"), List.of("a", "b"), 2, 40, 40, 5);
		TinyEncoder.dataset(mixed.resolve("wide"), List.of("a", "b"), 2, 64, 32, 6);
		List<Path> all = new ArrayList<>(ImageDataset.scan(mixed.resolve("square")).files());
		all.addAll(ImageDataset.scan(mixed.resolve("wide")).files());
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc4"));
		TinyEncoder.Log log = new TinyEncoder.Log();
		FeatureCache.Result r = FeatureCache.features(enc, all, log, null);
		assertEquals(List.of("40x40", "64x32"), r.originalSizes());
		assertEquals(8, r.features().length);
		assertTrue(log.toString().contains("2 sizes (40x40, 64x32)") && log.toString().contains("resized to 32x32")
			&& log.toString().contains("stretched"), log.toString());
	}

	@Test
	void aCancelledRunKeepsTheBatchesItFinished() throws Exception {
		// 20 images: one full batch of 16, then 4
		Path many = TinyEncoder.dataset(tmp.resolve("many"), List.of("a", "b"), 10, 40, 40, 7);
		List<Path> all = ImageDataset.scan(many).files();
		Path enc = TinyEncoder.pretrain(images, tmp.resolve("enc5"));
		org.ssltem.core.CancelToken cancel = new org.ssltem.core.CancelToken();
		ProgressListener cancelAfterFirstBatch = (stage, done, total, message) -> {
			if ("features".equals(stage) && done > 0) cancel.cancel();
		};
		assertThrows(org.ssltem.core.CancelToken.CancelledException.class, () -> FeatureCache.features(enc, all, cancelAfterFirstBatch, cancel));
		assertTrue(Files.isRegularFile(FeatureCache.fileFor(enc)), "the finished batch was written");

		FeatureCache.Result resumed = FeatureCache.features(enc, all, null, null);
		assertEquals(FeatureExtractor.DEFAULT_BATCH, resumed.reused());
		assertEquals(all.size() - FeatureExtractor.DEFAULT_BATCH, resumed.computed());
		try (TrainedEncoder e = TrainedEncoder.open(enc, 0, Device.choose(Device.Preference.CPU), 2)) {
			float[][] direct = FeatureExtractor.compute(e.graph, all, 16, null, null);
			for (int i = 0; i < all.size(); i++)
				for (int j = 0; j < direct[i].length; j++)
					assertEquals(direct[i][j], resumed.features()[i][j], 1e-4 * Math.max(1, Math.abs(direct[i][j])), "image " + i);
		}
	}
}
