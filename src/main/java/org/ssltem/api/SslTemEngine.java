package org.ssltem.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The boundary between the Fiji face and the engine. The engine (and TensorFlow Java) live in their own
 * child-first class loader ({@code org.ssltem.fiji.EngineLoader}), because Fiji ships TensorFlow 1.15 under the
 * same {@code org.tensorflow} packages. Only JDK types and the types of this package cross the boundary.
 * <p>
 * One operation = one engine call, the same one the CLI makes. Parameters are the keys of the operation's
 * {@link OperationSpec} ({@link Operations}), as text; results are typed records of plain values ({@link Results}).
 */
public interface SslTemEngine {

	/** The operations this engine offers, e.g. {@code generate}, {@code pretrain}, {@code features}. */
	List<String> operations();

	/**
	 * Runs an operation to its end on the calling thread.
	 *
	 * @param cancel set it to {@code true} to stop after the current step (checkpoints and files stay valid)
	 * @throws EngineException with a {@link EngineException.Kind} and a message worded for the user
	 */
	OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel);

	/**
	 * Segments one image held in memory, as {@code segment} segments a file, and returns the result in memory: no file
	 * is written, nothing is staged on disk.
	 *
	 * @throws EngineException as {@link #run}
	 */
	Segmentation segment(SegmentRequest request, ImagePlane image, EngineProgress progress, AtomicBoolean cancel);

	/**
	 * How long {@code operation} will take with these parameters, estimated before it starts; null when the engine
	 * has no estimate for it (or the parameters are not valid: the run itself then says why).
	 */
	DurationEstimate estimate(String operation, Map<String, String> parameters);

	/**
	 * A segmenter to train round after round in memory on one encoder's features, for {@code classes} classes
	 * (background included), its networks kept loaded between rounds until it is closed.
	 *
	 * @param device  "auto", "cpu" or "gpu"
	 * @param threads TensorFlow threads, 0 = all cores
	 * @throws EngineException BAD_INPUT when the encoder folder cannot be used
	 */
	InteractiveSegmenter interactive(Path encoder, int classes, String device, int threads);

	/**
	 * Reads labels for an image of {@code width × height}: a Labkit {@code .labeling}, a Labkit {@code .tif} with its
	 * {@code .tif.labels}, or an SSL-TEM index mask (PNG/TIFF; 255 unlabelled in a sparse mask).
	 *
	 * @throws EngineException BAD_INPUT naming the file and the fix
	 */
	LabelImage readLabels(Path file, int width, int height);

	/** Writes labels as a Labkit {@code .labeling} (unlabelled pixels left out); never over a file unless {@code overwrite}. */
	void writeLabeling(LabelImage labels, Path file, boolean overwrite);

	/** "ssl-tem 0.1.0, TensorFlow Java 1.0.0 (TensorFlow 2.16.2)". */
	String version();
}
