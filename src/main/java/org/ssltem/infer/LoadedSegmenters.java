package org.ssltem.infer;

import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.SegmenterGraph;
import org.ssltem.nn.SegmenterManifest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Prediction networks for the segmenters of one encoder, kept loaded: one graph per tile size, its encoder restored
 * once; predicting with another segmenter of the same encoder and classes only loads that segmenter's decoder (a few
 * MB). The annotate window predicts after every round with a new segmenter, so a prediction costs the forward pass,
 * not the building of a graph and the restoring of the encoder.
 */
public final class LoadedSegmenters implements AutoCloseable {

	private final Path encoder;
	private final EncoderManifest encoderManifest;
	private final String encoderHash;
	private final Architecture arch;
	private final int classes;
	private final Device device;
	private final int threads;
	private final Map<Integer, Loaded> graphs = new HashMap<>();

	/** A graph and what it holds: the segmenter whose decoder it has, and whether that one replaced the encoder's statistics. */
	private static final class Loaded {
		final SegmenterGraph graph;
		Path segmenter;
		boolean calibrated;

		Loaded(SegmenterGraph graph) {
			this.graph = graph;
		}
	}

	/**
	 * @param encoderHash the encoder's {@link SegmenterManifest#encoderHash}, measured once by the caller
	 * @param device      "auto", "cpu" or "gpu"
	 * @param threads     TensorFlow threads, 0 = all cores
	 */
	public LoadedSegmenters(Path encoder, String encoderHash, int classes, String device, int threads) {
		this.encoder = encoder;
		this.encoderManifest = EncoderManifest.read(encoder);
		this.encoderHash = encoderHash;
		this.arch = encoderManifest.architecture();
		this.classes = classes;
		this.device = Device.choose(Device.Preference.parse(device));
		this.threads = threads > 0 ? threads : Device.defaultThreads();
	}

	/**
	 * Segments one image with {@code segmenter} (of this encoder and these classes) as {@code segment} does in memory:
	 * at {@code scale} (0 = the segmenter's training scale), {@code tile}-px tiles, classes cleaned.
	 */
	public synchronized ImageSegmentation.Probabilities predict(Path segmenter, GreyImage image, int tile, int overlap, double scale, double minComponent,
		double maxHole, ProgressListener listener, CancelToken cancel)
	{
		SegmenterManifest m = SegmenterManifest.readMatching(segmenter, arch.key, classes, encoderHash);
		ImageSegmentation.Networks networks = t -> {
			Loaded l = graphs.get(t);
			if (l == null) {
				SegmenterGraph g = SegmenterGraph.build(arch, t, t, classes, false, null, 0, device.sessionConfig(threads));
				try {
					g.initialize();
					g.restoreEncoder(encoderManifest.checkpointFolder(encoder));
				}
				catch (RuntimeException e) {
					g.close();
					throw e;
				}
				graphs.put(t, l = new Loaded(g));
			}
			if (!segmenter.equals(l.segmenter)) {
				l.segmenter = null;
				if (l.calibrated && !m.encoderBnCalibrated) l.graph.restoreEncoder(encoderManifest.checkpointFolder(encoder));
				l.graph.restoreDecoder(segmenter.resolve(SegmenterManifest.DECODER), m.encoderBnCalibrated);
				l.calibrated = m.encoderBnCalibrated;
				l.segmenter = segmenter;
			}
			SegmenterGraph net = l.graph;
			return new ImageSegmentation.TileNetwork() {
				@Override
				public float[] predict(float[] pixels) {
					return net.predict(pixels, 1);
				}

				@Override
				public int channels() {
					return classes == 2 ? 1 : classes;
				}

				@Override
				public void close() {
					// kept for the next prediction; closed with the cache
				}
			};
		};
		return ImageSegmentation.segment(networks, m, image, tile, overlap, scale, minComponent, maxHole, listener, cancel);
	}

	/** Closes the graphs; waits for a prediction in progress to end (stop it first). */
	@Override
	public synchronized void close() {
		graphs.values().forEach(l -> l.graph.close());
		graphs.clear();
	}
}
