package org.ssltem.cli;

import org.ssltem.api.ParameterText;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.RunLock;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.testing.TinyEncoder;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real processes and real signals: the CLI main class in child JVMs on the test class path, stopped with SIGINT
 * (Ctrl-C) or SIGKILL, and two runs on one folder at the same time.
 */
class SignalsTest {

	@TempDir
	static Path tmp;
	static Path images;

	@BeforeAll
	static void images() throws Exception {
		images = TinyEncoder.dataset(tmp.resolve("images"), List.of("a", "b"), 4, 40, 40, 1);
	}

	/** A long tiny pretraining run: resnet18 at 32 px, a checkpoint every epoch. */
	static List<String> pretrain(Path out, int epochs, int seed) {
		return List.of("pretrain", "--images", images.toString(), "--out", out.toString(), "--arch", "resnet18", "--size", "32", "--batch", "4",
			"--epochs", "" + epochs, "--checkpoint_every", "1", "--projector", "16,16,32", "--lr", "0.05", "--device", "cpu", "--threads", "1",
			"--seed", "" + seed);
	}

	@Test
	void aSecondRunOnTheSameFolderRefusesAtOnceAndCtrlCKeepsTheFirstRunsCheckpoint() throws Exception {
		Path out = tmp.resolve("shared-out");
		Child first = Child.start(tmp.resolve("first.log"), pretrain(out, 500, 3));
		try {
			first.await(() -> Files.exists(EncoderManifest.fileIn(out)), "the first run's first checkpoint");
			Child second = Child.start(tmp.resolve("second.log"), pretrain(out, 4, 4));
			assertEquals(Main.EXIT_BAD_INPUT, second.exit(), second.log());
			assertTrue(second.log().contains("is in use by another run (process " + first.process.pid()) && second.log().contains("nothing was written"),
				second.log());

			first.signal("INT");
			assertEquals(Main.EXIT_CANCELLED, first.exit(), first.log());
			assertTrue(first.log().contains(ParameterText.forCli(Pretrainer.ON_CANCEL)), first.log());
			EncoderManifest m = EncoderManifest.read(out);
			assertEquals("cancelled", m.status);
			assertEquals(3, m.seed, "the folder holds the first run, untouched by the second");
			assertTrue(Checkpoints.intact(m.checkpointFolder(out), m.checkpointFiles), "the promised checkpoint is there and intact");
			assertFalse(Files.exists(out.resolve(RunLock.FILE)), "the lock is released");
		}
		finally {
			first.process.destroyForcibly();
		}
	}

	@Test
	void aLockLeftBySigkillIsTakenOverAndTheRunResumes() throws Exception {
		Path out = tmp.resolve("killed-out");
		Child run = Child.start(tmp.resolve("killed.log"), pretrain(out, 500, 3));
		try {
			run.await(() -> Files.exists(EncoderManifest.fileIn(out)), "the first checkpoint");
		}
		finally {
			run.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
		}
		run.process.waitFor(60, TimeUnit.SECONDS);
		assertTrue(Files.readString(out.resolve(RunLock.FILE)).contains("pid=" + run.process.pid()), "the killed run's lock is left behind");
		int done = EncoderManifest.read(out).epochsCompleted;

		List<String> resume = new ArrayList<>(pretrain(out, done + 1, 3));
		resume.add("--resume");
		CliRun r = CliRun.of(resume.toArray(new String[0]));
		assertEquals(0, r.code(), r.err());
		EncoderManifest m = EncoderManifest.read(out);
		assertEquals("completed", m.status);
		assertEquals(done + 1, m.epochsCompleted);
		assertFalse(Files.exists(out.resolve(RunLock.FILE)));
	}

	@Test
	void ctrlCInTrainSegmenterKeepsWhatItSays() throws Exception {
		Path encoder = TinyEncoder.pretrain(images, tmp.resolve("encoder"));
		Path im = Files.createDirectories(tmp.resolve("seg-images")), mk = Files.createDirectories(tmp.resolve("seg-masks"));
		SplittableRandom r = new SplittableRandom(2);
		for (int n = 0; n < 4; n++) {
			GreyImage g = new GreyImage(32, 32);
			byte[] mask = new byte[32 * 32];
			for (int i = 0; i < mask.length; i++) {
				boolean bar = (i / 32) % 8 < 3;
				g.pixels[i] = (float) ((bar ? 0.8 : 0.2) + 0.05 * r.nextDouble());
				mask[i] = (byte) (bar ? 255 : 0);
			}
			ImageFiles.writePng(g, im.resolve("i" + n + ".png"));
			ImageFiles.writeMaskPng(mask, 32, 32, mk.resolve("i" + n + ".png"));
		}
		Path out = tmp.resolve("segmenter");
		Child run = Child.start(tmp.resolve("segmenter.log"), List.of("train-segmenter", "--encoder", encoder.toString(), "--images", im.toString(),
			"--masks", mk.toString(), "--size", "32", "--labeled", "4", "--epochs", "100000", "--batch", "2", "--device", "cpu", "--threads", "1",
			"--out", out.toString()));
		try {
			// any epoch line: the bar is throttled, so which epoch it shows first depends on the machine
			run.await(() -> java.util.regex.Pattern.compile("epoch \\d+/100000").matcher(run.log()).find(), "training steps");
			run.signal("INT");
			assertEquals(Main.EXIT_CANCELLED, run.exit(), run.log());
		}
		finally {
			run.process.destroyForcibly();
		}
		assertTrue(run.log().contains(SegmenterTrainer.ON_CANCEL) && !run.log().contains("a checkpoint will be kept"), run.log());
		assertFalse(Files.exists(out), "nothing kept, as promised: not even an empty folder or a lock");
	}

	/** The CLI in a child JVM, its standard output and error in one log file. */
	record Child(Process process, Path logFile) {

		static Child start(Path log, List<String> args) throws Exception {
			List<String> cmd = new ArrayList<>();
			// a test run in the background inherits an ignored SIGINT, which a JVM keeps ignoring; a terminal's Ctrl-C is not
			if (Files.isExecutable(Path.of("/usr/bin/env"))) cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM"));
			cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Djava.awt.headless=true",
				"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
			cmd.addAll(args);
			ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
			pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
			return new Child(pb.start(), log);
		}

		String log() {
			try {
				return Files.readString(logFile);
			}
			catch (java.io.IOException e) {
				return "(no log: " + e + ")";
			}
		}

		void await(BooleanSupplier condition, String what) throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
			while (!condition.getAsBoolean()) {
				assertTrue(process.isAlive(), "the child ended before " + what + ": " + log());
				assertTrue(System.nanoTime() < deadline, "no " + what + " after 180 s: " + log());
				Thread.sleep(100);
			}
		}

		void signal(String name) throws Exception {
			assertEquals(0, new ProcessBuilder("kill", "-" + name, "" + process.pid()).start().waitFor());
		}

		int exit() throws Exception {
			assertTrue(process.waitFor(180, TimeUnit.SECONDS), "still running after 180 s: " + log());
			return process.exitValue();
		}
	}
}
