package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.TrainingImages;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.testing.SmallDisk;
import org.ssltem.testing.TinyEncoder;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What a pretraining run guarantees when things go wrong: damaged or unfinished checkpoints, changed inputs, full disks. */
class PretrainerReliabilityTest {

	@TempDir
	static Path tmp;
	static Path images;

	@BeforeAll
	static void images() throws Exception {
		images = TinyImages.write(tmp.resolve("images"), 8, 40, 1);
	}

	@Test
	void aDamagedLastCheckpointIsNamedAndResumeFallsBackToThePreviousOneExactly() throws Exception {
		Path out = tmp.resolve("damaged");
		Pretrainer.run(TinyImages.config(images, out), ProgressListener.SILENT, null);
		EncoderManifest done = EncoderManifest.read(out);
		assertEquals("checkpoints/epoch-0002", done.checkpoint);
		assertEquals("checkpoints/epoch-0001", done.previous.checkpoint, "the previous checkpoint is named");
		assertTrue(Files.isDirectory(out.resolve("checkpoints/epoch-0001")), "and kept");
		assertFalse(done.checkpointFiles.isEmpty());

		Path data = out.resolve("checkpoints/epoch-0002/variables.data-00000-of-00001");
		truncateToHalf(data);
		UserInputException open = assertThrows(UserInputException.class, () -> TrainedEncoder.open(out, 0, Device.choose(Device.Preference.CPU), 2));
		assertTrue(open.getMessage().contains("damaged") && open.getMessage().contains("variables.data-00000-of-00001")
			&& !open.getMessage().contains("does not fit"), open.getMessage());

		PretrainConfig resume = TinyImages.config(images, out);
		resume.resume = true;
		TinyEncoder.Log log = new TinyEncoder.Log();
		PretrainResult r = Pretrainer.run(resume, log, null);
		assertTrue(log.toString().contains("is damaged (variables.data-00000-of-00001 is") && log.toString().contains("resuming from the previous one, checkpoints/epoch-0001"),
			log.toString());
		assertEquals(2, r.epochsCompleted());
		assertEquals(done.lossPerEpoch, r.lossPerEpoch(), "epoch 2 trained again from epoch 1's checkpoint gives the same loss");
		try (TrainedEncoder e = TrainedEncoder.open(out, 0, Device.choose(Device.Preference.CPU), 2)) {
			assertEquals(2, e.manifest.epochsCompleted);
		}
	}

	@Test
	void aTruncatedCheckpointWithoutARecordIsStillCalledDamaged() throws Exception {
		Path out = oneEpoch(images, tmp.resolve("old"));
		EncoderManifest m = EncoderManifest.read(out);
		m.checkpointFiles = null; // as written before checkpoints carried their sizes and hashes
		m.write(out);
		truncateToHalf(out.resolve(m.checkpoint).resolve("variables.data-00000-of-00001"));
		UserInputException e = assertThrows(UserInputException.class, () -> TrainedEncoder.open(out, 0, Device.choose(Device.Preference.CPU), 2));
		assertTrue(e.getMessage().contains("the checkpoint is damaged") && !e.getMessage().contains("does not fit"), e.getMessage());
	}

	@Test
	void aRunWhoseOnlyCheckpointNeverCompletedStartsFreshWithAMessage() throws Exception {
		for (boolean resume : new boolean[] { true, false }) {
			Path out = tmp.resolve("killed-" + resume);
			// what SIGKILL during the first checkpoint write leaves
			Path half = Files.createDirectories(out.resolve("checkpoints/.epoch-0001.tmp-5e1f"));
			Files.writeString(half.resolve("variables.index"), "half");
			PretrainConfig c = TinyImages.config(images, out);
			c.epochs = 1;
			c.resume = resume;
			TinyEncoder.Log log = new TinyEncoder.Log();
			PretrainResult r = Pretrainer.run(c, log, null);
			assertEquals("completed", r.status());
			assertTrue(log.toString().contains("removed 1 unfinished temporary file"), log.toString());
			if (resume) assertTrue(log.toString().contains("its only checkpoint was never completed") && log.toString().contains("starting a new run"), log.toString());
			assertFalse(Files.exists(half), "the stale temporary folder is gone");
		}
	}

	@Test
	void anImageChangedBetweenRunsIsNamed() throws Exception {
		Path own = TinyImages.write(tmp.resolve("own-images"), 8, 40, 2);
		Path out = oneEpoch(own, tmp.resolve("changed"));
		GreyImage other = new GreyImage(40, 40);
		ImageFiles.writePng(other, own.resolve("img-003.png"));
		PretrainConfig resume = TinyImages.config(own, out);
		resume.resume = true;
		UserInputException e = assertThrows(UserInputException.class, () -> Pretrainer.run(resume, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("img-003.png has changed"), e.getMessage());
	}

	@Test
	void manifestAndCheckpointsTakeTheUmask() throws Exception {
		Path out = oneEpoch(images, tmp.resolve("umask"));
		Path plain = Files.createFile(tmp.resolve("plain-file")), plainDir = Files.createDirectory(tmp.resolve("plain-dir"));
		assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out.resolve("manifest.json")));
		Path ckpt = EncoderManifest.read(out).checkpointFolder(out);
		assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(ckpt));
		assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(ckpt.resolve("variables.index")));
	}

	@Test
	void aDiskTooSmallForTheCheckpointsIsRefusedBeforeTraining() throws Exception {
		try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small"), "size=512k")) {
			Path out = disk.root.resolve("run");
			PretrainConfig c = TinyImages.config(images, out);
			UserInputException e = assertThrows(UserInputException.class, () -> Pretrainer.run(c, ProgressListener.SILENT, null));
			assertTrue(e.getMessage().startsWith(out.toString()) && e.getMessage().contains("the disk is full: writing two checkpoints")
				&& e.getMessage().contains("on another disk"), e.getMessage());
			assertFalse(Files.exists(out), "no empty folder left");
		}
	}

	@Test
	void theUntrainedBaselineDoesNotDescribeATrainingItDoesNotDo() {
		Path out = tmp.resolve("untrained");
		PretrainConfig c = TinyImages.config(images, out);
		TinyEncoder.Log log = new TinyEncoder.Log();
		Pretrainer.untrained(c, log, null);
		assertTrue(log.toString().contains("initial weights (no training)"), log.toString());
		assertFalse(log.toString().contains("paper loss") || log.toString().contains("training images"), log.toString());
	}

	@Test
	void anUntrainedCopyKeepsOnlyTheNetworkAndCannotBeResumed() throws Exception {
		PretrainConfig trainedConfig = TinyImages.config(images, tmp.resolve("trained-adam"));
		trainedConfig.optimizer = "adam";
		trainedConfig.epochs = 1;
		Pretrainer.run(trainedConfig, ProgressListener.SILENT, null);
		PretrainConfig c = TinyImages.config(images, tmp.resolve("untrained-copy"));
		c.optimizer = "adam";
		Pretrainer.untrained(c, ProgressListener.SILENT, null);

		// Adam keeps two slots per weight: a trained checkpoint is about three times the network
		long trained = checkpointBytes(tmp.resolve("trained-adam"));
		Path untrained = tmp.resolve("untrained-copy");
		long copy = checkpointBytes(untrained);
		assertTrue(copy < trained / 2, "untrained copy " + copy + " bytes, trained checkpoint " + trained);
		try (var encoder = TrainedEncoder.open(untrained, 0, Device.choose(Device.Preference.CPU), 2)) {
			float[] f = encoder.graph.features(new float[32 * 32], 1);
			assertTrue(f.length > 0 && Float.isFinite(f[0]));
		}

		c.resume = true;
		UserInputException e = assertThrows(UserInputException.class, () -> Pretrainer.run(c, ProgressListener.SILENT, null));
		assertTrue(e.getMessage().contains("an untrained encoder") && e.getMessage().contains("nothing to resume"), e.getMessage());
	}

	/** The size of an encoder's last checkpoint, as its manifest records it. */
	private static long checkpointBytes(Path encoder) {
		return EncoderManifest.read(encoder).checkpointFiles.values().stream().mapToLong(org.ssltem.core.FileDigest::size).sum();
	}

	@Test
	void aTinyImageGetsAFixThatExists() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("tiny"));
		ImageFiles.writePng(new GreyImage(1, 1), dir.resolve("dot.png"));
		ImageFiles.writePng(new GreyImage(70, 70), dir.resolve("small.png"));
		UserInputException one = assertThrows(UserInputException.class, () -> TrainingImages.load(List.of(dir.resolve("dot.png")), 32, null, null, null));
		assertTrue(one.getMessage().contains("dot.png") && one.getMessage().contains("remove the image") && !one.getMessage().contains("≤"), one.getMessage());
		UserInputException small = assertThrows(UserInputException.class, () -> TrainingImages.load(List.of(dir.resolve("small.png")), 224, null, null, null));
		assertTrue(small.getMessage().contains("use --size 64 or less"), small.getMessage());
		UserInputException random = assertThrows(UserInputException.class,
			() -> TrainingImages.load(List.of(dir.resolve("small.png")), 224, null, "--random_size", null, null, null));
		assertTrue(random.getMessage().contains("use --random_size 64 or less"), random.getMessage());
	}

	/** A finished one-epoch run of the tiny network. */
	static Path oneEpoch(Path images, Path out) {
		PretrainConfig c = TinyImages.config(images, out);
		c.epochs = 1;
		Pretrainer.run(c, ProgressListener.SILENT, null);
		return out;
	}

	static void truncateToHalf(Path file) throws Exception {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
			ch.truncate(ch.size() / 2);
		}
	}
}
