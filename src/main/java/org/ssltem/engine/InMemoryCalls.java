package org.ssltem.engine;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.LabkitFiles;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.LabelImage;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.infer.ImageSegmentation;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The engine calls that take and return images in memory ({@link org.ssltem.api.SslTemEngine#segment},
 * {@code readLabels}, {@code writeLabeling}): the plugin side hands over ImageJ's pixel arrays, the engine reads them
 * through the same conversion as a file ({@link ImageFiles#toGrey}) and returns plain arrays. Nothing is written to disk.
 */
final class InMemoryCalls {

	private InMemoryCalls() {}

	/** What an in-memory segmentation keeps when stopped: it writes nothing. */
	static final String ON_CANCEL = "stopping after the current tile; an image segmented in memory writes no file, so nothing is kept";

	static Segmentation segment(SegmentRequest r, ImagePlane image, ProgressListener listener, CancelToken cancel) {
		if (r.segmenter() == null) throw UserInputException.option("{{segmenter}} is missing", "set {{segmenter}} to the out folder of train-segmenter");
		long t0 = System.nanoTime();
		GreyImage grey = grey(image);
		ImageSegmentation.Probabilities p = ImageSegmentation.segment(r.segmenter(), r.encoder(), grey, r.tile(), r.overlap(), r.scale(), r.minComponent(),
			r.fillHoles(), r.device() == null ? "auto" : r.device(), r.threads(), listener, cancel);
		return segmentation(grey, p, t0);
	}

	/** The image's grey values exactly as they would be read from a file of the same pixels. */
	static GreyImage grey(ImagePlane image) {
		return ImageFiles.toGrey(processor(image), Path.of("the image"));
	}

	/** Probabilities as the boundary's planes (one per channel), with the seconds since {@code t0}. */
	static Segmentation segmentation(GreyImage grey, ImageSegmentation.Probabilities p, long t0) {
		int n = grey.width * grey.height, channels = p.channels();
		float[] planes = new float[n * channels];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < channels; c++) planes[c * n + i] = p.values()[i * channels + c];
		return new Segmentation(grey.width, grey.height, channels, p.classes(), planes, (System.nanoTime() - t0) / 1e9);
	}

	/** ImageJ's processor over the plane's own array (no copy). */
	static ImageProcessor processor(ImagePlane image) {
		int w = image.width(), h = image.height();
		if (image.pixels() instanceof byte[] b) return new ByteProcessor(w, h, b);
		if (image.pixels() instanceof short[] s) return new ShortProcessor(w, h, s, null);
		if (image.pixels() instanceof float[] f) return new FloatProcessor(w, h, f);
		return new ColorProcessor(w, h, (int[]) image.pixels());
	}

	static LabelImage readLabels(Path file, int width, int height) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		IndexMask m;
		try {
			m = name.endsWith(".labeling") ? LabkitFiles.readLabeling(file, width, height) : LabkitFiles.readIndexTif(file);
		}
		catch (IllegalArgumentException e) {
			throw UserInputException.about(file, e.getMessage().replace(file + ": ", ""), "pick the Labkit file made on this image");
		}
		if (m.width() != width || m.height() != height)
			throw UserInputException.about(file, "is " + m.width() + "x" + m.height() + " px, the image " + width + "x" + height, "pick the labels made on this image");
		return new LabelImage(m.width(), m.height(), m.labels(), m.names());
	}

	static void writeLabeling(LabelImage labels, Path file, boolean overwrite) {
		try {
			LabkitFiles.writeLabeling(new IndexMask(labels.width(), labels.height(), labels.labels(), labels.names()), file, overwrite);
		}
		catch (IllegalArgumentException e) {
			throw UserInputException.about(file, e.getMessage().replace(file.toAbsolutePath() + ": ", ""), "choose another file, or set overwrite to replace it");
		}
	}
}
