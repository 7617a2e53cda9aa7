package org.ssltem.engine;

import org.ssltem.api.EngineProgress;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.LabelImage;
import org.ssltem.api.Results;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;
import org.ssltem.data.MaskRule;
import org.ssltem.infer.LoadedSegmenters;
import org.ssltem.nn.LoadedEncoder;
import org.ssltem.train.InteractiveTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link InteractiveSegmenter} over the engine's {@link InteractiveTrainer} and {@link LoadedSegmenters}: images and labels cross the boundary as
 * arrays, are read as a file of the same pixels would be, and the engine's errors come back as
 * {@link org.ssltem.api.EngineException}s, as for every engine call.
 */
final class InteractiveCalls implements InteractiveSegmenter {

	/** What a stopped round keeps. */
	static final String ON_CANCEL = "stopping after the current step; the round writes no segmenter, and the next one starts again from the previous";

	private final InteractiveTrainer trainer;
	private final LoadedSegmenters predicting;

	InteractiveCalls(Path encoder, int classes, String device, int threads) {
		LoadedEncoder loaded = LoadedEncoder.open(encoder, device, threads);
		this.trainer = new InteractiveTrainer(loaded, classes);
		this.predicting = new LoadedSegmenters(loaded, classes);
	}

	@Override
	public Results.SegmenterTrained train(List<Example> examples, int window, int steps, Path previous, Path out, EngineProgress progress, AtomicBoolean cancel) {
		return LocalEngine.watched(ON_CANCEL, progress, cancel, (listener, token) -> {
			List<InteractiveTrainer.Example> in = new ArrayList<>();
			for (Example e : examples) {
				LabelImage l = e.labels();
				if (l.width() != e.image().width() || l.height() != e.image().height())
					throw new IllegalArgumentException("the labels of " + e.name() + " are " + l.width() + "x" + l.height() + ", the image " + e.image().width() + "x"
						+ e.image().height());
				int[] classes = l.labels().clone();
				for (int i = 0; i < classes.length; i++) if (classes[i] == LabelImage.UNLABELLED) classes[i] = MaskRule.UNLABELLED;
				in.add(new InteractiveTrainer.Example(e.name(), InMemoryCalls.grey(e.image()), classes));
			}
			InteractiveTrainer.Round r = trainer.train(in, window, steps, trainer.rounds(), previous, out, listener, token); // each round its own windows
			return new Results.SegmenterTrained(r.out().toAbsolutePath().toString(), r.images(), r.epochs(), r.lossPerEpoch(), r.seconds(), r.device());
		});
	}

	@Override
	public Segmentation predict(SegmentRequest r, ImagePlane image, EngineProgress progress, AtomicBoolean cancel) {
		return LocalEngine.watched(InMemoryCalls.ON_CANCEL, progress, cancel, (listener, token) -> {
			long t0 = System.nanoTime();
			var grey = InMemoryCalls.grey(image);
			return InMemoryCalls.segmentation(grey, predicting.predict(r.segmenter(), grey, r.tile(), r.overlap(), r.scale(), r.minComponent(), r.fillHoles(), listener,
				token), t0);
		});
	}

	@Override
	public void warmUp(int window, int width, int height, int tile, EngineProgress progress, AtomicBoolean cancel) {
		LocalEngine.watched(ON_CANCEL, progress, cancel, (listener, token) -> {
			trainer.warmUp(window, Math.min(width, height), listener, token);
			token.throwIfCancelled(); // e.g. the window closes: one graph built, not two
			predicting.warmUp(tile);
			return null;
		});
	}

	@Override
	public void close() {
		trainer.close();
		predicting.close();
	}
}
