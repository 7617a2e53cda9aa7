package org.ssltem.nn;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch-norm statistics of a pretrained encoder measured on the target images (AdaBN: Li et al. 2016, "Revisiting
 * batch normalization for practical domain adaptation"). The weights stay as pretrained; only each batch-norm
 * layer's moving mean and variance become the exact average of its batch statistics over the given images, at the
 * size the segmenter runs at. A frozen encoder pretrained on other images at another scale otherwise normalises
 * the new images with statistics that do not describe them. No labels are used.
 */
public final class EncoderCalibration {

	private EncoderCalibration() {}

	/** Names of an encoder's batch-norm moving statistics among {@code variables}. */
	public static Map<String, Variable<TFloat32>> movingStatistics(Map<String, Variable<TFloat32>> variables) {
		Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
		variables.forEach((name, v) -> {
			if (name.endsWith(".moving_mean") || name.endsWith(".moving_variance")) out.put(name, v);
		});
		return out;
	}

	/**
	 * Measures the statistics over {@code images} (each {@code height × width} grey pixels in [0,1]) with the encoder
	 * weights of {@code checkpointFolder}, and writes them, by variable name, into {@code statisticsFolder} (a
	 * checkpoint, written atomically) for {@link Checkpoints#restore}.
	 *
	 * @param batch images per forward pass (at least 1; batches of one image still average correctly)
	 */
	public static void measure(Architecture arch, int height, int width, Path checkpointFolder, List<float[]> images, int batch,
		Path statisticsFolder, ConfigProto config, ProgressListener listener, CancelToken cancel)
	{
		if (images.isEmpty()) throw new IllegalArgumentException("no images to calibrate on");
		int n = images.size(), per = Math.max(1, Math.min(batch, n)), batches = (n + per - 1) / per;
		if (listener != null) listener.progress("bn-calibration", 0, batches, "building the encoder");
		NativeSetup.prepare();
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, 1)));
			// training mode: every batch norm normalises with its batch statistics and records them
			NetworkBuilder nb = new NetworkBuilder(tf, 0, true);
			ResNet.build(nb, ResNet.greyToRgb(tf, x), arch);
			try (Session s = new Session(g, Device.withoutRemapper(config))) {
				s.initialize();
				Checkpoints.restore(s, g, checkpointFolder, nb.variables());
				float[] pixels = new float[per * height * width];
				for (int b = 0; b < batches; b++) {
					if (cancel != null) cancel.throwIfCancelled();
					int count = Math.min(per, n - b * per);
					for (int i = 0; i < count; i++) System.arraycopy(images.get(b * per + i), 0, pixels, i * height * width, height * width);
					// keep b/(b+1) of the running value: after the last batch the statistics are the mean over all batches
					try (TFloat32 in = Tensors.floats(Shape.of(count, height, width, 1), count == per ? pixels : java.util.Arrays.copyOf(pixels, count * height * width));
						TFloat32 keep = TFloat32.scalarOf(b / (b + 1f)))
					{
						var runner = s.runner().feed(x, in).feed(nb.statisticKeep(), keep);
						nb.statisticUpdates().forEach(runner::addTarget);
						runner.run().close();
					}
					if (listener != null) listener.progress("bn-calibration", b + 1, batches, "encoder batch-norm statistics " + (b + 1) + "/" + batches);
				}
				Checkpoints.saveVariables(s, g, statisticsFolder, movingStatistics(nb.variables()));
			}
		}
	}

	/** A fresh temporary folder name for {@link #measure} (the folder itself is created by the checkpoint writer). */
	public static Path temporaryFolder() {
		try {
			Path parent = Files.createTempDirectory("ssl-tem-bn-");
			return parent.resolve("statistics");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Removes a folder from {@link #temporaryFolder} and its parent. */
	public static void deleteTemporary(Path statisticsFolder) {
		if (statisticsFolder == null) return;
		AtomicFiles.deleteQuietly(statisticsFolder);
		AtomicFiles.deleteQuietly(statisticsFolder.getParent());
	}
}
