package org.ssltem.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.nn.Checkpoints;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.PretrainingGraph;
import org.ssltem.nn.Projector;
import org.ssltem.nn.SslLoss;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainerTest {

	@TempDir
	static Path tmp;
	static Path images;

	@BeforeAll
	static void images() throws Exception {
		images = TinyImages.write(tmp.resolve("images"), 12, 48, 1);
	}

	@Test
	void runWritesCheckpointAndManifestWithOneLossPerEpoch() {
		Path out = tmp.resolve("plain");
		PretrainResult r = Pretrainer.run(TinyImages.config(images, out), ProgressListener.SILENT, null);
		assertEquals("completed", r.status());
		assertEquals(2, r.epochsCompleted());
		EncoderManifest m = EncoderManifest.read(out);
		assertEquals(2, m.epochsCompleted);
		assertEquals(2, m.lossPerEpoch.size());
		assertTrue(m.lossPerEpoch.stream().allMatch(Double::isFinite));
		assertEquals(12, m.inputs.size());
		assertEquals(64, m.inputs.get(0).sha256().length());
		assertEquals("resnet18", m.architecture);
		assertEquals(512, m.featureWidth);
		assertEquals(3, m.stepsPerEpoch);
		assertNotNull(m.versions.get("tensorflow"));
		assertEquals(Versions.processor(), m.versions.get("processor"), "the manifest names the processor the encoder trained on");
		assertTrue(m.wallTimeS > 0);
		assertEquals(4, m.config.get("batch").getAsInt());
		assertTrue(m.config.has("loss_variant") && m.config.has("checkpoint_every"), "config keys are snake_case: " + m.config.keySet());
		assertTrue(Checkpoints.exists(m.checkpointFolder(out)));
		// the newest checkpoint and the one before it (the fallback if the newest is damaged) are kept, nothing older
		assertEquals("checkpoints/epoch-0002", m.checkpoint);
		assertEquals("checkpoints/epoch-0001", m.previous.checkpoint);
		assertTrue(Files.exists(out.resolve("checkpoints/epoch-0001")));
		try (var list = Files.list(out.resolve("checkpoints"))) {
			assertEquals(2, list.count());
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** Also for the optimizers with slots (momentum, Adam's moments): their state must be checkpointed too. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "sgd", "adam", "lars" })
	void aRunCancelledMidEpochAndResumedEndsWithTheSameWeights(String optimizer) throws Exception {
		Path straight = tmp.resolve("straight-" + optimizer);
		Pretrainer.run(config(straight, optimizer), ProgressListener.SILENT, null);

		Path interrupted = tmp.resolve("interrupted-" + optimizer);
		CancelToken cancel = new CancelToken();
		// cancel during epoch 1, after its 2nd of 3 steps (global step 5)
		ProgressListener cancelAtStep5 = new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				if (stage.equals("pretrain") && done == 5) cancel.cancel();
			}

			@Override
			public void log(String line) {}
		};
		PretrainResult first = Pretrainer.run(config(interrupted, optimizer), cancelAtStep5, cancel);
		assertEquals("cancelled", first.status());
		EncoderManifest mid = EncoderManifest.read(interrupted);
		assertEquals(1, mid.epochsCompleted);
		assertEquals(2, mid.stepsCompletedInEpoch);
		assertTrue(Checkpoints.exists(mid.checkpointFolder(interrupted)), "a cancelled run leaves a valid checkpoint");

		PretrainConfig resume = config(interrupted, optimizer);
		resume.resume = true;
		PretrainResult second = Pretrainer.run(resume, ProgressListener.SILENT, null);
		assertEquals("completed", second.status());

		EncoderManifest a = EncoderManifest.read(straight), b = EncoderManifest.read(interrupted);
		assertEquals(a.lossPerEpoch, b.lossPerEpoch, "epoch losses");
		assertEquals(a.globalStep, b.globalStep);
		Map<String, float[]> wa = weights(a.checkpointFolder(straight), optimizer), wb = weights(b.checkpointFolder(interrupted), optimizer);
		assertEquals(wa.keySet(), wb.keySet());
		assertTrue(wa.size() > 60);
		if (!optimizer.equals("sgd")) assertTrue(wa.keySet().stream().anyMatch(n -> n.endsWith(".momentum") || n.endsWith(".adam_m")), "slots checkpointed");
		for (String name : wa.keySet()) assertArrayEquals(wa.get(name), wb.get(name), 0f, name);
	}

	private static PretrainConfig config(Path out, String optimizer) {
		PretrainConfig c = TinyImages.config(images, out);
		c.optimizer = optimizer;
		if (optimizer.equals("adam")) c.lr = 1e-3;
		if (optimizer.equals("lars")) {
			c.momentum = 0.9;
			c.weightDecay = 1e-4;
		}
		return c;
	}

	@Test
	void resumeWithMoreEpochsContinuesFromTheCheckpoint() {
		Path out = tmp.resolve("extend");
		Pretrainer.run(TinyImages.config(images, out), ProgressListener.SILENT, null);
		PretrainConfig more = TinyImages.config(images, out);
		more.resume = true;
		more.epochs = 3;
		PretrainResult r = Pretrainer.run(more, ProgressListener.SILENT, null);
		assertEquals(3, r.epochsCompleted());
		assertEquals(3, EncoderManifest.read(out).lossPerEpoch.size());
	}

	/**
	 * A time budget cuts the epochs to what fits, planned again from the first epoch's time: on a clock where every
	 * step takes 10 s (3 steps, 30 s an epoch), 1.6 minutes hold 3 of the 6 epochs asked for, and the run ends
	 * completed with its cosine schedule fitted to 3 epochs.
	 */
	@Test
	void aTimeBudgetEndsTheRunAfterTheEpochsThatFit() {
		Path out = tmp.resolve("budget");
		PretrainConfig c = TinyImages.config(images, out);
		c.epochs = 6;
		c.timeBudget = 1.6;
		java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
		java.util.List<String> logs = new java.util.ArrayList<>();
		ProgressListener tenSecondsAStep = new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				if (stage.equals("pretrain")) now.addAndGet(10_000_000_000L);
			}

			@Override
			public void log(String message) {
				logs.add(message);
			}
		};
		Pretrainer p = new Pretrainer(c, tenSecondsAStep, null);
		p.clock = now::get;
		PretrainResult r = p.run();
		assertEquals("completed", r.status());
		assertEquals(3, r.epochsCompleted());
		EncoderManifest m = EncoderManifest.read(out);
		assertEquals(3, m.config.get("epochs").getAsInt(), "the manifest records the epochs that were planned");
		assertEquals(9, m.globalStep);
		assertTrue(logs.stream().anyMatch(l -> l.contains("3 of 6 {{epochs}} fit the {{time_budget}} of 1.6 min by the first epoch's time")), logs.toString());
	}

	@Test
	void epochsWithinABudgetKeepAtLeastOneMore() {
		assertEquals(10, Pretrainer.epochsWithin(600, 0, 0, 60));
		assertEquals(4, Pretrainer.epochsWithin(600, 2, 450, 60), "2 done after 450 s, 150 s left: 2 more");
		assertEquals(3, Pretrainer.epochsWithin(600, 2, 590, 60), "over the budget: one more epoch all the same");
		assertEquals(1, Pretrainer.epochsWithin(1, 0, 0, 60));
	}

	/** Every variable of a checkpoint (slots included), read back through a pretraining graph of the test's spec. */
	static Map<String, float[]> weights(Path checkpoint, String optimizer) {
		var settings = new org.ssltem.nn.WeightUpdates.Settings(org.ssltem.nn.WeightUpdates.Kind.parse(optimizer), optimizer.equals("lars") ? 0.9 : 0, 0);
		PretrainingGraph.Spec spec = new PretrainingGraph.Spec(org.ssltem.nn.Architecture.RESNET18, 32, Projector.parseSizes("32,16,64"),
			SslLoss.Method.BARLOW, SslLoss.Variant.PAPER, 0.1, 0.005, 99, settings);
		return PretrainerTestAccess.variables(checkpoint, spec, true);
	}
}
