package org.ssltem.nn;

import org.ssltem.core.UserInputException;

import java.nio.file.Path;

/**
 * A trained segmenter opened for inference at one tile size: its manifest, the encoder it was trained on (checked
 * by hash) and an inference graph holding encoder and decoder weights.
 */
public final class Segmenter implements AutoCloseable {

	public final Path folder;
	public final SegmenterManifest manifest;
	public final SegmenterGraph graph;

	private Segmenter(Path folder, SegmenterManifest manifest, SegmenterGraph graph) {
		this.folder = folder;
		this.manifest = manifest;
		this.graph = graph;
	}

	/**
	 * @param encoderOverride null to use the encoder folder recorded in the manifest
	 * @param height, width   the graph's input size (multiples of 32)
	 */
	public static Segmenter open(Path folder, Path encoderOverride, int height, int width, Device device, int threads) {
		SegmenterManifest m = SegmenterManifest.read(folder);
		Path encoder = m.checkedEncoder(folder, encoderOverride);
		EncoderManifest em = EncoderManifest.read(encoder);
		if (!em.architecture.equals(m.architecture))
			throw UserInputException.about(encoder, "is a " + em.architecture + " encoder but the segmenter needs " + m.architecture, "pass the segmenter's own encoder");
		em.verifyCheckpoint(encoder);
		Checkpoints.verify(folder.resolve(SegmenterManifest.DECODER), m.decoderFiles, "train the segmenter again (or restore " + folder + " from a backup)");
		SegmenterGraph g = SegmenterGraph.build(Architecture.parse(m.architecture), height, width, m.classes, m.decoder(), false, null, m.seed, device.sessionConfig(threads));
		try {
			g.initialize();
			g.restoreEncoder(em.checkpointFolder(encoder));
			g.restoreDecoder(folder.resolve(SegmenterManifest.DECODER), m.encoderBnCalibrated);
		}
		catch (RuntimeException e) {
			g.close();
			throw e;
		}
		return new Segmenter(folder, m, g);
	}

	/** Output channels per pixel: 1 (binary) or the number of classes. */
	public int channels() {
		return manifest.classes == 2 ? 1 : manifest.classes;
	}

	@Override
	public void close() {
		graph.close();
	}
}
