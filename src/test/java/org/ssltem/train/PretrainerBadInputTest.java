package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.TrainedEncoder;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad input gives a message that names the file or option and the fix, and leaves no partial output. */
class PretrainerBadInputTest {

	@TempDir
	static Path tmp;
	static Path images;

	@BeforeAll
	static void images() throws Exception {
		images = TinyImages.write(tmp.resolve("images"), 8, 48, 2);
	}

	private static UserInputException rejects(Consumer<PretrainConfig> change, String... expectedInMessage) {
		Path out = tmp.resolve("out-" + System.nanoTime());
		PretrainConfig c = TinyImages.config(images, out);
		change.accept(c);
		boolean outExisted = Files.exists(Path.of(c.out));
		UserInputException e = assertThrows(UserInputException.class, () -> Pretrainer.run(c, ProgressListener.SILENT, null));
		for (String s : expectedInMessage) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
		assertTrue(e.getMessage().contains("Fix:"), "no fix in: " + e.getMessage());
		if (!outExisted) assertFalse(Files.exists(Path.of(c.out)), "partial output left in " + c.out);
		return e;
	}

	@Test
	void corruptImageIsNamed() throws Exception {
		Path dir = TinyImages.write(tmp.resolve("with-corrupt"), 6, 48, 5);
		Files.write(dir.resolve("broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 });
		rejects(c -> c.images = dir.toString(), "broken.png");
	}

	@Test
	void emptyFolder() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("empty"));
		rejects(c -> c.images = dir.toString(), dir.toString());
	}

	@Test
	void imageSmallerThanTheInputSize() throws Exception {
		Path dir = TinyImages.write(tmp.resolve("small"), 6, 24, 6);
		rejects(c -> c.images = dir.toString(), "img-000.png", "smaller");
	}

	@Test
	void unknownMethodArchitectureCropAndVariant() {
		rejects(c -> c.method = "byol", "byol", "barlow, simclr");
		rejects(c -> c.arch = "vgg16", "vgg16", "resnet50, resnet18");
		rejects(c -> c.crop = "crop75", "crop75", "randcrop");
		rejects(c -> c.lossVariant = "v2", "v2", "paper, original");
	}

	@Test
	void unknownOptimizerAndOutOfRangeMomentumOrDecay() {
		rejects(c -> c.optimizer = "rmsprop", "rmsprop", "sgd, adam or lars");
		rejects(c -> c.momentum = 1.5, "--momentum 1.5", "--momentum 0.9");
		rejects(c -> c.weightDecay = -1, "--weight_decay -1", "zero or positive");
	}

	@Test
	void sizeNotAMultipleOf32() {
		rejects(c -> c.size = 50, "50", "multiple of 32");
	}

	@Test
	void batchLargerThanTheDataset() {
		rejects(c -> c.batch = 16, "--batch 16", "8 training images");
	}

	@Test
	void resumingWhenNoCheckpointExists() {
		rejects(c -> c.resume = true, "nothing to resume");
	}

	@Test
	void outputFolderThatHoldsAnotherRunOrOtherFiles() throws Exception {
		Path out = tmp.resolve("taken");
		Pretrainer.run(TinyImages.config(images, out), ProgressListener.SILENT, null);
		String before = Files.readString(EncoderManifest.fileIn(out));
		rejects(c -> c.out = out.toString(), "already holds a pretraining run", "--resume");
		rejects(c -> {
			c.out = out.toString();
			c.resume = true;
			c.batch = 2;
		}, "holds a different run", "--batch");
		assertEquals(before, Files.readString(EncoderManifest.fileIn(out)), "the earlier run's manifest is untouched");

		Path other = Files.createDirectories(tmp.resolve("other"));
		Files.writeString(other.resolve("notes.txt"), "mine");
		rejects(c -> c.out = other.toString(), "not empty");
		assertEquals("mine", Files.readString(other.resolve("notes.txt")));
	}

	@Test
	void checkpointFromAnotherArchitecture() throws Exception {
		Path out = tmp.resolve("arch");
		Pretrainer.run(TinyImages.config(images, out), ProgressListener.SILENT, null);
		// someone edits the manifest, or copies a resnet18 checkpoint into a resnet50 folder
		EncoderManifest m = EncoderManifest.read(out);
		m.architecture = "resnet50";
		m.write(out);
		UserInputException e = assertThrows(UserInputException.class,
			() -> TrainedEncoder.open(out, 32, Device.choose(Device.Preference.CPU), 2).close());
		assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
		assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
	}

	@Test
	void nanLossStopsAndKeepsTheLastGoodCheckpoint() {
		Path out = tmp.resolve("nan");
		PretrainConfig c = TinyImages.config(images, out);
		c.epochs = 4;
		Pretrainer.run(c, ProgressListener.SILENT, null);
		EncoderManifest good = EncoderManifest.read(out);

		PretrainConfig diverge = TinyImages.config(images, out);
		diverge.epochs = 4;
		diverge.resume = true;
		diverge.epochs = 6;
		Pretrainer p = new Pretrainer(diverge, ProgressListener.SILENT, null);
		p.lossObserver = loss -> Float.NaN; // what a diverged step reports
		Pretrainer.TrainingDivergedException e = assertThrows(Pretrainer.TrainingDivergedException.class, p::run);
		assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("Fix:"), e.getMessage());
		EncoderManifest after = EncoderManifest.read(out);
		assertEquals("stopped_nan", after.status);
		assertEquals(good.checkpoint, after.checkpoint);
		assertEquals(4, after.epochsCompleted);
		assertTrue(Checkpoints.exists(after.checkpointFolder(out)));
	}

	@Test
	void diskWriteFailureKeepsThePreviousCheckpoint() {
		Path out = tmp.resolve("disk");
		PretrainConfig c = TinyImages.config(images, out);
		c.epochs = 3;
		Pretrainer p = new Pretrainer(c, ProgressListener.SILENT, null);
		int[] writes = { 0 };
		Pretrainer.CheckpointWriter real = p.checkpointWriter;
		p.checkpointWriter = (g, folder) -> {
			if (++writes[0] == 2) throw new UncheckedIOException(new java.io.IOException("could not write the checkpoint " + folder
				+ ": No space left on device. Fix: check free disk space; the previous checkpoint is kept"));
			return real.write(g, folder);
		};
		UncheckedIOException e = assertThrows(UncheckedIOException.class, p::run);
		assertTrue(e.getMessage().contains("No space left"), e.getMessage());
		EncoderManifest m = EncoderManifest.read(out);
		assertEquals(1, m.epochsCompleted);
		assertTrue(Checkpoints.exists(m.checkpointFolder(out)), "epoch-1 checkpoint still valid");
		try (var list = Files.list(out.resolve("checkpoints"))) {
			assertEquals(1, list.count(), "no temporary or half-written checkpoint left");
		}
		catch (java.io.IOException io) {
			throw new UncheckedIOException(io);
		}
		// and the run can be resumed from there
		PretrainConfig resume = TinyImages.config(images, out);
		resume.epochs = 3;
		resume.resume = true;
		assertEquals(3, Pretrainer.run(resume, ProgressListener.SILENT, null).epochsCompleted());
	}

	@Test
	void realCheckpointWriteFailureNamesTheFolderAndTheFix() throws Exception {
		// a file where the checkpoints folder should go: TF cannot create it
		Path out = tmp.resolve("blocked");
		Files.createDirectories(out);
		Path blocker = out.resolve("checkpoints");
		Files.writeString(blocker, "not a folder");
		try (var g = org.ssltem.nn.EncoderGraph.build(org.ssltem.nn.Architecture.RESNET18, 32, 1, Device.choose(Device.Preference.CPU).sessionConfig(2))) {
			UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> g.save(blocker.resolve("epoch-0001")));
			assertTrue(e.getMessage().contains("epoch-0001") && e.getMessage().contains("Fix:"), e.getMessage());
		}
	}
}
