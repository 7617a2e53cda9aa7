package org.ssltem.nn;

import org.ssltem.core.UserInputException;

import java.nio.file.Path;

/**
 * A pretrained encoder folder opened for use: its manifest plus an inference graph holding its weights.
 * The folder is the {@code --out} of a pretraining run ({@code manifest.json} + {@code checkpoints/}).
 */
public final class TrainedEncoder implements AutoCloseable {

	public final Path folder;
	public final EncoderManifest manifest;
	public final EncoderGraph graph;

	private TrainedEncoder(Path folder, EncoderManifest manifest, EncoderGraph graph) {
		this.folder = folder;
		this.manifest = manifest;
		this.graph = graph;
	}

	/**
	 * @param inputSize 0 to use the size the encoder was trained at, else a multiple of 32
	 */
	public static TrainedEncoder open(Path folder, int inputSize, Device device, int threads) {
		return open(folder, inputSize, device, threads, false, false);
	}

	/**
	 * As {@link #open(Path, int, Device, int)}; {@code stages} pools conv3-conv5 and {@code orientations} averages each
	 * image's 8 orientations (see {@link EncoderGraph#build}).
	 */
	public static TrainedEncoder open(Path folder, int inputSize, Device device, int threads, boolean stages, boolean orientations) {
		EncoderManifest m = EncoderManifest.read(folder);
		Path checkpoint = m.checkpointFolder(folder);
		if (checkpoint == null || !Checkpoints.exists(checkpoint))
			throw UserInputException.about(folder, "the encoder's checkpoint is missing (" + m.checkpoint + ")",
				"pretrain again, or restore the checkpoints/ folder next to manifest.json");
		m.verifyCheckpoint(folder);
		Architecture arch = m.architecture();
		int size = inputSize > 0 ? inputSize : m.inputSize;
		EncoderGraph g = EncoderGraph.build(arch, size, m.seed, device.sessionConfig(threads), stages, orientations);
		try {
			g.restore(checkpoint);
		}
		catch (RuntimeException e) {
			g.close();
			throw e;
		}
		return new TrainedEncoder(folder, m, g);
	}

	public int featureWidth() {
		return graph.featureWidth;
	}

	@Override
	public void close() {
		graph.close();
	}
}
