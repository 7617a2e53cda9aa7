package org.ssltem.testing;

import org.ssltem.core.ProgressListener;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** A labelled dataset of small textures (one stripe angle per class) and a resnet18 encoder at 32 px pretrained on it for 1 epoch. */
public final class TinyEncoder {

	private TinyEncoder() {}

	/** Tiny segmenter settings (32 px, 4 labelled images, 3 epochs of batch 2, CPU, seed 5) on any encoder and data. */
	public static SegmenterConfig segmenterConfig(Path encoder, Path images, Path masks, Path out) {
		SegmenterConfig c = new SegmenterConfig();
		c.encoder = encoder.toString();
		c.images = images.toString();
		c.masks = masks.toString();
		c.size = 32;
		c.labeled = 4;
		c.epochs = 3;
		c.batch = 2;
		c.seed = 5;
		c.device = "cpu";
		c.threads = 2;
		c.out = out.toString();
		return c;
	}

	/** Writes {@code dir/<class>/img-NN.png}: class c has stripes at angle c·60° plus noise. */
	public static Path dataset(Path dir, List<String> classes, int perClass, int width, int height, long seed) throws Exception {
		SplittableRandom r = new SplittableRandom(seed);
		for (int c = 0; c < classes.size(); c++) {
			Path folder = Files.createDirectories(dir.resolve(classes.get(c)));
			for (int n = 0; n < perClass; n++) {
				double angle = c * Math.PI / 3 + 0.2 * r.nextDouble(), freq = 0.5 + 0.2 * r.nextDouble();
				GreyImage g = org.ssltem.testing.StripeImages.stripes(width, height, angle, freq, r);
				ImageFiles.writePng(g, folder.resolve(String.format("img-%02d.png", n)));
			}
		}
		return dir;
	}

	public static PretrainConfig config(Path images, Path out) {
		return org.ssltem.testing.TinyPretraining.config(images, out, 1, "16,16,32");
	}

	public static Path pretrain(Path images, Path out) {
		Pretrainer.run(config(images, out), ProgressListener.SILENT, null);
		return out;
	}

	/** Collects log lines. */
	public static final class Log implements ProgressListener {
		final StringBuilder lines = new StringBuilder();

		@Override
		public void progress(String stage, long done, long total, String message) {}

		@Override
		public void log(String line) {
			lines.append(line).append('\n');
		}

		@Override
		public String toString() {
			return lines.toString();
		}
	}
}
