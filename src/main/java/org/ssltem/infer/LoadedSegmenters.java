package org.ssltem.infer;

import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.LoadedEncoder;
import org.ssltem.nn.SegmenterGraph;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.nn.DecoderShape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prediction networks for the segmenters of one encoder, kept loaded: one graph per tile size, its encoder restored
 * once; predicting with another segmenter of the same encoder and classes only loads that segmenter's decoder (a few
 * MB). The annotate window predicts after every round with a new segmenter, so a prediction costs the forward pass,
 * not the building of a graph and the restoring of the encoder.
 */
public final class LoadedSegmenters implements AutoCloseable {

	private final LoadedEncoder encoder;
	private final int classes;
	/** Graphs by tile size and decoder shape, the least recently used first; at most {@link #KEPT} stay loaded. */
	private final Map<GraphShape, Loaded> graphs = new LinkedHashMap<>(4, 0.75f, true);
	/** Tile sizes kept loaded: a folder of mixed image sizes would otherwise keep a large graph for each. */
	static final int KEPT = 2;

	/** What a graph is built for: segmenters of one decoder shape (older ones have the paper's width) on tiles of one size. */
	private record GraphShape(int tile, DecoderShape decoder) {}

	/** A graph and what it holds: the segmenter whose decoder it has, and whether that one replaced the encoder's statistics. */
	private static final class Loaded {
		final SegmenterGraph graph;
		Path segmenter;
		boolean calibrated;

		Loaded(SegmenterGraph graph) {
			this.graph = graph;
		}
	}

	public LoadedSegmenters(LoadedEncoder encoder, int classes) {
		this.encoder = encoder;
		this.classes = classes;
	}

	/**
	 * Segments one image with {@code segmenter} (of this encoder and these classes) as {@code segment} does in memory:
	 * at {@code scale} (0 = the segmenter's training scale), {@code tile}-px tiles, classes cleaned.
	 */
	public synchronized ImageSegmentation.Probabilities predict(Path segmenter, GreyImage image, int tile, int overlap, double scale, double minComponent,
		double maxHole, ProgressListener listener, CancelToken cancel)
	{
		SegmenterManifest m = SegmenterManifest.readMatching(segmenter, encoder.architecture().key, classes, encoder.hash());
		ImageSegmentation.Networks networks = t -> {
			Loaded l = graph(new GraphShape(t, m.decoder()));
			if (!segmenter.equals(l.segmenter)) {
				l.segmenter = null;
				if (l.calibrated && !m.encoderBnCalibrated) l.graph.restoreEncoder(encoder.checkpoint());
				l.graph.restoreDecoder(segmenter.resolve(SegmenterManifest.DECODER), m.encoderBnCalibrated);
				l.calibrated = m.encoderBnCalibrated;
				l.segmenter = segmenter;
			}
			return ImageSegmentation.network(l.graph, classes, () -> {}); // kept for the next prediction; closed with the cache
		};
		return ImageSegmentation.segment(networks, m, image, tile, overlap, scale, minComponent, maxHole, listener, cancel);
	}

	/**
	 * Builds the graph for {@code tile}-px tiles now and runs it once on a blank tile (TensorFlow prepares a graph at its
	 * first run), e.g. while the user paints, so the first prediction does not wait for it.
	 */
	public synchronized void warmUp(int tile) {
		Architecture.checkInputSize(tile, "the tile");
		graph(new GraphShape(tile, DecoderShape.WINDOW)).graph.predict(new float[tile * tile], 1);
	}

	private Loaded graph(GraphShape shape) {
		Loaded l = graphs.get(shape);
		if (l == null) {
			if (graphs.size() >= KEPT) {
				GraphShape eldest = graphs.keySet().iterator().next();
				graphs.remove(eldest).graph.close();
			}
			SegmenterGraph g = SegmenterGraph.build(encoder.architecture(), shape.tile(), shape.tile(), classes, shape.decoder(), false, null, 0, encoder.device().sessionConfig(encoder.threads()));
			try {
				g.initialize();
				g.restoreEncoder(encoder.checkpoint());
			}
			catch (RuntimeException e) {
				g.close();
				throw e;
			}
			graphs.put(shape, l = new Loaded(g));
		}
		return l;
	}

	/** Closes the graphs; waits for a prediction in progress to end (stop it first). */
	@Override
	public synchronized void close() {
		graphs.values().forEach(l -> l.graph.close());
		graphs.clear();
	}
}
