package org.ssltem.eval;

import org.ssltem.infer.TiledInference;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MaskRule;
import org.ssltem.data.MatchedFiles;
import org.ssltem.data.Resize;
import org.ssltem.nn.Device;
import org.ssltem.nn.Segmenter;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;
import org.ssltem.train.TrainingSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The paper's segmentation label-efficiency protocol: for each number of labelled images and each seed, train a
 * segmenter ({@link SegmenterTrainer}, the paper's epochs unless given) and score it on a fixed held-out set with
 * soft Dice and IoU. Test images are scored at the training size ({@code size} &gt; 0: image bilinear, truth nearest)
 * or at native size in blended tiles ({@code size} = 0). Writes {@code label-efficiency.csv} (one row per run, then
 * one {@code median} row per label count) and keeps each segmenter under {@code segmenters/}.
 */
public final class SegmentationLabelEfficiency {

	public static final int NATIVE_TILE = 256, NATIVE_OVERLAP = 32;

	public record Run(int labeled, long seed, int epochs, double diceMedian, double iouMedian, double diceMean, double iouMean, double trainS) {}

	private SegmentationLabelEfficiency() {}

	/**
	 * @param base      training options (encoder, images, masks, classes/foreground, size, epochs, batch, loss, device);
	 *                  {@code labeled}, {@code seed} and {@code out} are set per run
	 * @param labeled   label counts, e.g. 1, 2, 4, 8
	 * @param seeds     runs per label count (seeds 0 … seeds−1)
	 */
	public static List<Run> run(SegmenterConfig base, int[] labeled, int seeds, Path testImages, Path testMasks, Path out,
		ProgressListener listener, CancelToken cancel)
	{
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (labeled.length == 0) throw UserInputException.option("{{labeled}} lists no counts", "pass e.g. {{labeled}} 1,2,4,8");
		if (seeds < 1) throw UserInputException.option("{{seeds}} must be at least 1, got " + seeds, "pass e.g. {{seeds}} 3");
		if (Files.exists(out)) throw UserInputException.about(out, "already exists", "give {{out}} a new folder");
		List<MatchedFiles.Pair> test = MatchedFiles.match(testImages, "{{test_images}}", testMasks, "{{test_masks}}");
		if (base.size == null) { // one side for every run, chosen once from the whole pool's masks
			TrainingSize.Choice choice = TrainingSize.choose(base);
			log.log("seg-label-efficiency: " + choice.logLine());
			base = copy(base);
			base.size = choice.size();
		}
		boolean multiClass = base.multiClass();
		MaskRule rule = base.maskRule();
		List<Run> runs = new ArrayList<>();
		for (int n : labeled)
			for (long seed = 0; seed < seeds; seed++) {
				if (cancel != null) cancel.throwIfCancelled();
				SegmenterConfig c = copy(base);
				c.labeled = n;
				c.seed = seed;
				Path segDir = out.resolve("segmenters").resolve("labeled-" + n + "-seed-" + seed);
				c.out = segDir.toString();
				SegmenterTrainer.Result r = SegmenterTrainer.run(c, log, cancel);
				double[][] scores = score(segDir, test, rule, multiClass, base, cancel);
				Run run = new Run(n, seed, r.epochs(), SegmentationEvaluation.median(scores[0]), SegmentationEvaluation.median(scores[1]),
					Arrays.stream(scores[0]).average().orElse(Double.NaN), Arrays.stream(scores[1]).average().orElse(Double.NaN), r.wallTimeS());
				runs.add(run);
				log.log(String.format(Locale.ROOT, "seg-label-efficiency: %d labelled, seed %d: dice median %.4f, iou median %.4f", n, seed,
					run.diceMedian(), run.iouMedian()));
				AtomicFiles.writeString(out.resolve("label-efficiency.csv"), csv(runs));
			}
		return runs;
	}

	/** Dice and IoU of every test image; the foreground of a multi-class segmenter is every non-background class. */
	private static double[][] score(Path segDir, List<MatchedFiles.Pair> test, MaskRule rule, boolean multiClass, SegmenterConfig base,
		CancelToken cancel)
	{
		Device device = Device.choose(Device.Preference.parse(base.device));
		int threads = base.threads > 0 ? base.threads : Device.defaultThreads();
		double[] dice = new double[test.size()], iou = new double[test.size()];
		int side = base.size > 0 ? base.size : NATIVE_TILE;
		try (Segmenter s = Segmenter.open(segDir, null, side, side, device, threads)) {
			int channels = s.channels();
			for (int i = 0; i < test.size(); i++) {
				if (cancel != null) cancel.throwIfCancelled();
				MatchedFiles.Pair p = test.get(i);
				GreyImage img = ImageFiles.readGrey(p.first());
				int[] wh = new int[2];
				boolean[] truth = rule.foregroundOf(ImageFiles.readLabels(p.second(), wh), wh[0], p.second());
				if (wh[0] != img.width || wh[1] != img.height)
					throw UserInputException.about(p.second(), "is " + wh[0] + "×" + wh[1] + " but its image is " + img.width + "×" + img.height, "give each mask the size of its image");
				float[] probs;
				int w = img.width, h = img.height;
				if (base.size > 0) {
					img = Resize.bilinear(img, side, side);
					truth = org.ssltem.morph.MaskResize.nearest(truth, w, h, side, side);
					w = h = side;
					probs = s.graph.predict(img.pixels, 1);
				}
				else probs = TiledInference.predict(img, side, NATIVE_OVERLAP, channels, px -> s.graph.predict(px, 1), cancel);
				boolean[] predicted = new boolean[w * h];
				for (int k = 0; k < predicted.length; k++) {
					if (channels == 1) predicted[k] = probs[k] >= 0.5f;
					else {
						int best = 0;
						for (int c = 1; c < channels; c++) if (probs[k * channels + c] > probs[k * channels + best]) best = c;
						predicted[k] = best != 0;
					}
				}
				SegmentationScores.Scores sc = SegmentationScores.of(truth, predicted);
				dice[i] = sc.dice();
				iou[i] = sc.iou();
			}
		}
		return new double[][] { dice, iou };
	}

	static String csv(List<Run> runs) {
		StringBuilder b = new StringBuilder("labeled,seed,epochs,dice_median,iou_median,dice_mean,iou_mean,train_s\n");
		for (Run r : runs)
			b.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.1f%n", r.labeled(), r.seed(), r.epochs(), r.diceMedian(), r.iouMedian(),
				r.diceMean(), r.iouMean(), r.trainS()));
		runs.stream().mapToInt(Run::labeled).distinct().forEach(n -> {
			double[] d = runs.stream().filter(r -> r.labeled() == n).mapToDouble(Run::diceMedian).toArray();
			double[] i = runs.stream().filter(r -> r.labeled() == n).mapToDouble(Run::iouMedian).toArray();
			b.append(String.format(Locale.ROOT, "%d,median,,%.6f,%.6f,,,%n", n, SegmentationEvaluation.median(d), SegmentationEvaluation.median(i)));
		});
		return b.toString();
	}

	private static SegmenterConfig copy(SegmenterConfig b) {
		SegmenterConfig c = new SegmenterConfig();
		c.encoder = b.encoder;
		c.images = b.images;
		c.masks = b.masks;
		c.foreground = b.foreground;
		c.classes = b.classes;
		c.size = b.size;
		c.epochs = b.epochs;
		c.batch = b.batch;
		c.lr = b.lr;
		c.loss = b.loss;
		c.crop = b.crop;
		c.decoderWidth = b.decoderWidth;
		c.ensemble = b.ensemble;
		c.decoder = b.decoder;
		c.calibrateBn = b.calibrateBn;
		c.choose = b.choose;
		c.device = b.device;
		c.threads = b.threads;
		return c;
	}
}
