package org.ssltem.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A segmenter trained round after round on labels held in memory, for the annotate-and-segment loop: its networks
 * (the training graph with the encoder restored, the prediction graphs) stay loaded between rounds, so a round costs its
 * training steps and its prediction, not the building of graphs or staging of files. Each round still writes an
 * ordinary segmenter folder. Made by {@link SslTemEngine#interactive}; {@link #close} frees the networks.
 */
public interface InteractiveSegmenter extends AutoCloseable {

	/** One labelled image in memory: its name (recorded in segmenter.json), its pixels and its labels ({@link LabelImage#UNLABELLED} left out of the loss). */
	record Example(String name, ImagePlane image, LabelImage labels) {}

	/**
	 * Trains one round on {@code examples} with {@code window}-px windows around the labelled pixels for about
	 * {@code steps} steps, continuing from the decoder of {@code previous} (null: fresh weights), and writes the
	 * segmenter to {@code out} (a new or empty folder). Stopped or failed, it writes nothing.
	 *
	 * @throws EngineException as {@link SslTemEngine#run}
	 */
	Results.SegmenterTrained train(List<Example> examples, int window, int steps, Path previous, Path out, EngineProgress progress, AtomicBoolean cancel);

	/**
	 * Segments one image in memory as {@link SslTemEngine#segment} does, with the segmenter the request names (a round of
	 * this one, or one of the same encoder and classes), its tile, overlap, scale and clean-up; device and threads are
	 * this segmenter's own.
	 *
	 * @throws EngineException as {@link SslTemEngine#run}
	 */
	Segmentation predict(SegmentRequest request, ImagePlane image, EngineProgress progress, AtomicBoolean cancel);

	/**
	 * Builds the networks now (e.g. while the user paints), so the first round and its prediction do not wait for them:
	 * the training network for {@code window}-px windows on an image of {@code width × height}, and the prediction
	 * network for {@code tile}-px tiles.
	 *
	 * @throws EngineException as {@link SslTemEngine#run}
	 */
	void warmUp(int window, int width, int height, int tile, EngineProgress progress, AtomicBoolean cancel);

	/** Frees the networks; waits for a round or prediction in progress (stop it first). */
	@Override
	void close();
}
