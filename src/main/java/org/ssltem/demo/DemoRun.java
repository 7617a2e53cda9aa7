package org.ssltem.demo;

import org.ssltem.api.ParameterText;

import org.ssltem.eval.LabelEfficiencyProtocol;
import org.ssltem.eval.NearestNeighbour;
import org.ssltem.eval.SegmentationEvaluation;
import org.ssltem.infer.FeatureView;
import org.ssltem.infer.TextureFeatures;
import org.ssltem.infer.FeatureCache;
import org.ssltem.infer.FeatureExtractor;
import org.ssltem.infer.ImageSegmentation;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.MaskRule;
import org.ssltem.synthetic.SyntheticDatasetWriter;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.morph.MorphologyAnalysis;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.SegmenterConfig;
import org.ssltem.train.SegmenterTrainer;
import org.ssltem.train.Versions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo: the whole method on data the project makes itself, in a few minutes on 2 cores, no network.
 * Synthetic TEM images of the paper's four morphologies → self-supervised pretraining of a small encoder →
 * features → the label-efficiency protocol and a 1-NN check, against the same encoder untrained → a U-Net segmenter
 * on the pretrained encoder, trained on a few labelled images and scored on held-out ones → the morphology table
 * (percolation etc.) of the predicted masks beside that of the truth. Every step calls the engine code the
 * corresponding CLI command calls.
 *
 * <p>Output layout (see README, "Start here"): {@code data/}, {@code unlabelled/}, {@code encoder/}, {@code features.csv},
 * {@code label-efficiency/}, {@code segmentation/} ({@code segmenter/}, {@code test-data/}, {@code predicted/},
 * {@code scores.json}, {@code morphology-truth.csv}, {@code morphology-predicted.csv}) and {@code demo-report.json}.
 */
public final class DemoRun {

	public static final int IMAGES_PER_CLASS = 24;
	/** Unlabelled images per morphology for pretraining, drawn apart from the labelled ones. */
	public static final int UNLABELLED_PER_CLASS = 100;
	public static final int IMAGE_SIZE = 128;
	public static final int INPUT_SIZE = 64;
	public static final String RANDOM_ENCODER = LabelEfficiencyProtocol.RANDOM_PREFIX + "resnet18";

	/**
	 * The demo's sizes. {@link #defaults} is what {@code ssl-tem demo} runs; tests shrink them.
	 *
	 * @param unlabelledPerClass images per morphology of the unlabelled pool the encoder is pretrained on (their masks
	 *                   are never read); 0 pretrains on the labelled images of {@code data/} instead
	 * @param segLabeled  labelled images the segmenter trains on (a seeded choice from {@code data/})
	 * @param segBatch    2 by default: the paper's 60 epochs over 8 images are then 240 Adam steps, not 60 (same compute;
	 *                    held-out median Dice 0.289 against 0.273 with batch 8 in one measured run)
	 * @param segEpochs   0 = the paper's schedule for {@code segLabeled}
	 * @param segSize     side the segmenter trains at (0 = the images' own); null by default: train-segmenter's own
	 *                    choice from the labelled wires' width, which for the 1 px wires of these 128 px images is twice
	 *                    their side, 256 (held-out median Dice 0.895 against 0.757 at 128 on seed 0; docs/segmentation.md,
	 *                    "Thin structures in small images")
	 * @param testPerClass held-out images per morphology for segmentation, generated with another seed
	 */
	public record Settings(int imagesPerClass, int unlabelledPerClass, int imageSize, int inputSize, int batch, int epochs, long seed, int[] labels, int splitSeeds,
		int segLabeled, int segEpochs, int segBatch, Integer segSize, int testPerClass) {

		public static Settings defaults(int epochs, long seed) {
			return new Settings(IMAGES_PER_CLASS, UNLABELLED_PER_CLASS, IMAGE_SIZE, INPUT_SIZE, 16, epochs, seed, new int[] { 1, 2, 4, 8, 16 }, 20, 8, 0, 2, null, 4);
		}
	}

	private DemoRun() {}

	/** Percolation of one morphology's held-out masks: truth against prediction. */
	public record Percolation(String morphology, int images, int truthPercolating, int predictedPercolating, int agreeing,
		double truthDensity, double predictedDensity) {}

	public record Report(Path out, int images, int featureWidth, PretrainResult pretraining, double pretrainedAccuracy, double randomInitAccuracy,
		LabelEfficiencyProtocol.Report labelEfficiency, SegmenterTrainer.Result segmenter, int segmenterSize, SegmentationEvaluation.Report segmentation,
		List<Percolation> percolation, Map<String, Double> stageSeconds, double seconds, String processor) {}

	public static Report run(Path out, int epochs, long seed, ProgressListener listener, CancelToken cancel) {
		return run(out, Settings.defaults(epochs, seed), listener, cancel);
	}

	public static Report run(Path out, Settings s, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		if (Files.exists(out)) {
			try (var list = Files.list(out)) {
				if (list.findAny().isPresent())
					throw UserInputException.about(out, "is not empty", "choose a new {{out}} folder (the demo never overwrites files)");
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}
		Map<String, Double> stages = new LinkedHashMap<>();
		long ts = System.nanoTime();
		Path data = out.resolve("data");
		log.log("demo 1/6: synthetic TEM images, " + s.imagesPerClass() + " per morphology at " + s.imageSize() + " px -> " + data);
		new SyntheticDatasetWriter().write(data, s.imagesPerClass(), s.imageSize(), s.seed(), false, log, cancel);
		Path images = data.resolve("images");
		// as in practice (and the paper), the encoder learns from more unlabelled images than anyone labels; against
		// more epochs over the labelled images, a larger pool and a larger batch it was the best use of a few minutes
		// (docs/classification.md, "The demo's images, version 2")
		Path pretrainingImages = images;
		if (s.unlabelledPerClass() > 0) {
			Path unlabelled = out.resolve("unlabelled");
			log.log("demo 1/6: " + s.unlabelledPerClass() + " more per morphology for pretraining, whose masks are never read -> " + unlabelled);
			new SyntheticDatasetWriter().write(unlabelled, s.unlabelledPerClass(), s.imageSize(), s.seed() + 2, false, log, cancel);
			pretrainingImages = unlabelled.resolve("images");
		}
		ts = lap(stages, "data", ts);

		log.log("demo 2/6: self-supervised pretraining on " + pretrainingImages + " (SimCLR with Adam, resnet18 at " + s.inputSize() + " px, "
			+ s.epochs() + " epochs, colour jitter 0.4)");
		PretrainConfig c = new PretrainConfig();
		c.images = pretrainingImages.toString();
		c.out = out.resolve("encoder").toString();
		// the CPU recipe (SimCLR, Adam) at the demo's own size, batch and epochs
		c.preset = "cpu";
		c.arch = "resnet18";
		c.size = s.inputSize();
		c.batch = s.batch();
		c.epochs = s.epochs();
		// one checkpoint, at the end: the demo is not resumed (a cancel still keeps one), and each resnet18 checkpoint
		// with Adam's state is 130 MB; batch-norm calibration at a checkpoint touches no weight, so the encoder is the same
		c.checkpointEvery = s.epochs();
		c.seed = s.seed();
		// the synthetic micrographs draw display contrast and stain thickness per image, whatever the morphology, so the
		// encoder should learn to ignore grey levels: the paper's strong colour jitter (on real SEM nanofibres, where grey
		// levels go with the material, the default 0.1 measured better; on these images 0.4 did: docs/classification.md)
		c.jitter = org.ssltem.augment.SslAugmenter.PAPER_BRIGHTNESS;
		PretrainResult pretraining = Pretrainer.run(c, log, cancel);
		if (!"completed".equals(pretraining.status())) throw new CancelToken.CancelledException();
		ts = lap(stages, "pretraining", ts);

		log.log("demo 3/6: label efficiency (" + s.splitSeeds() + " splits, labels " + java.util.Arrays.toString(s.labels())
			+ " per class), pretrained encoder against an untrained resnet18 and the classical texture baseline");
		LabelEfficiencyProtocol.Config le = new LabelEfficiencyProtocol.Config();
		le.encoders = List.of(c.out, RANDOM_ENCODER, TextureFeatures.NAME);
		// the default feature view at the images' own size: the encoder is fully convolutional, and the synthetic wires are thin
		le.view = new FeatureView(s.imageSize(), FeatureView.DEFAULT.stages(), FeatureView.DEFAULT.orientations());
		le.dataset = images;
		le.labels = s.labels();
		le.splitSeeds = s.splitSeeds();
		le.out = out.resolve("label-efficiency");
		// both encoders normalise the synthetic images with their own statistics
		le.calibrateBn = true;
		LabelEfficiencyProtocol.Report efficiency = LabelEfficiencyProtocol.run(le, log, cancel);
		ts = lap(stages, "label_efficiency", ts);

		log.log("demo 4/6: leave-one-out 1-NN accuracy of the four morphologies in feature space");
		ImageDataset dataset = ImageDataset.scan(images);
		List<Path> files = dataset.files();
		int[] labels = dataset.classIndices();
		// the protocol computed and cached both encoders' features; these calls read the caches
		float[][] pretrained = FeatureCache.features(Path.of(c.out), le.view, files, log, cancel).features();
		Path untrained = LabelEfficiencyProtocol.randomEncoderFolder(RANDOM_ENCODER, le.out.toAbsolutePath().normalize(), s.inputSize());
		float[][] random = FeatureCache.features(untrained, le.view, files, log, cancel).features();
		FeatureExtractor.writeCsv(out.resolve("features.csv"), images, dataset.entries(), pretrained);
		double accPre = NearestNeighbour.leaveOneOutAccuracy(pretrained, labels);
		double accRandom = NearestNeighbour.leaveOneOutAccuracy(random, labels);
		ts = lap(stages, "nearest_neighbour", ts);

		Path seg = out.resolve("segmentation");
		Path test = seg.resolve("test-data");
		log.log("demo 5/6: segmenter (U-Net on the pretrained encoder, frozen) trained on " + s.segLabeled() + " labelled images"
			+ (s.segSize() != null && s.segSize() > 0 ? " at " + s.segSize() + " px" : "") + "; " + s.testPerClass() + " held-out images per morphology -> " + seg);
		new SyntheticDatasetWriter().write(test, s.testPerClass(), s.imageSize(), s.seed() + 1, false, log, cancel);
		SegmenterConfig sc = new SegmenterConfig();
		sc.encoder = c.out;
		sc.images = images.toString();
		sc.masks = data.resolve("masks").toString();
		sc.size = s.segSize();
		sc.labeled = s.segLabeled();
		sc.epochs = s.segEpochs();
		sc.batch = s.segBatch();
		sc.seed = s.seed();
		sc.calibrateBn = true;
		sc.out = seg.resolve("segmenter").toString();
		SegmenterTrainer.Result trained = SegmenterTrainer.run(sc, log, cancel);
		// segment resamples each image by the scale the segmenter recorded, so one tile holds a whole resampled image
		int segmenterSize = SegmenterManifest.read(Path.of(sc.out)).size;
		int tile = segmenterSize > 0 ? segmenterSize : s.imageSize();
		ImageSegmentation.run(Path.of(sc.out), null, test.resolve("images"), seg.resolve("predicted"), tile, tile / 8, false, "auto", 0,
			log, cancel);
		SegmentationEvaluation.Report scores = SegmentationEvaluation.evaluateToJson(seg.resolve("predicted").resolve("masks"), test.resolve("masks"),
			MaskRule.BINARY, seg.resolve("scores.json"), false, log, cancel);
		ts = lap(stages, "segmentation", ts);

		log.log("demo 6/6: morphology (percolation, density, clusters, skeleton, orientation) of the predicted and the true masks");
		MorphologyAnalysis morphology = new MorphologyAnalysis();
		List<MorphologyAnalysis.Measures> truth = morphology.analyseToCsv(test.resolve("masks"), MaskRule.BINARY, 0, seg.resolve("morphology-truth.csv"),
			false, log, cancel);
		List<MorphologyAnalysis.Measures> predicted = morphology.analyseToCsv(seg.resolve("predicted").resolve("masks"), MaskRule.BINARY, 0,
			seg.resolve("morphology-predicted.csv"), false, log, cancel);
		List<Percolation> percolation = percolation(truth, predicted);
		lap(stages, "morphology", ts);

		Report report = new Report(out, files.size(), pretrained[0].length, pretraining, accPre, accRandom, efficiency, trained, segmenterSize, scores, percolation, stages,
			(System.nanoTime() - t0) / 1e9, Versions.processor());
		writeReport(report, dataset.classNames());
		return report;
	}

	private static long lap(Map<String, Double> stages, String name, long since) {
		long now = System.nanoTime();
		stages.put(name, Math.round((now - since) / 1e7) / 100.0);
		return now;
	}

	/** Per morphology (the first folder of each mask's name), truth against prediction, matched by name. */
	static List<Percolation> percolation(List<MorphologyAnalysis.Measures> truth, List<MorphologyAnalysis.Measures> predicted) {
		Map<String, MorphologyAnalysis.Measures> byName = new LinkedHashMap<>();
		for (MorphologyAnalysis.Measures m : predicted) byName.put(m.file(), m);
		Map<String, List<MorphologyAnalysis.Measures[]>> groups = new LinkedHashMap<>();
		for (MorphologyAnalysis.Measures t : truth) {
			MorphologyAnalysis.Measures p = byName.get(t.file());
			if (p == null) throw new IllegalStateException("no prediction for " + t.file());
			String group = t.file().contains("/") ? t.file().substring(0, t.file().indexOf('/')) : "all";
			groups.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(new MorphologyAnalysis.Measures[] { t, p });
		}
		List<Percolation> out = new java.util.ArrayList<>();
		for (var e : groups.entrySet()) {
			List<MorphologyAnalysis.Measures[]> g = e.getValue();
			int tp = 0, pp = 0, agree = 0;
			double td = 0, pd = 0;
			for (MorphologyAnalysis.Measures[] pair : g) {
				if (pair[0].percolates()) tp++;
				if (pair[1].percolates()) pp++;
				if (pair[0].percolates() == pair[1].percolates()) agree++;
				td += pair[0].pixelDensity();
				pd += pair[1].pixelDensity();
			}
			out.add(new Percolation(e.getKey(), g.size(), tp, pp, agree, td / g.size(), pd / g.size()));
		}
		return out;
	}

	private static void writeReport(Report r, List<String> classes) {
		Map<String, Object> json = new LinkedHashMap<>();
		// the numbers move a little with the processor (docs/reliability.md), so the report names it
		json.put("processor", r.processor());
		json.put("images", r.images());
		json.put("classes", classes);
		json.put("encoder", "encoder/" + EncoderManifest.FILE);
		json.put("epochs", r.pretraining().epochsCompleted());
		json.put("loss_per_epoch", r.pretraining().lossPerEpoch());
		json.put("pretraining_s", r.pretraining().wallTimeS());
		json.put("pretraining_images", r.pretraining().trainingImages());
		json.put("knn_loo_accuracy_pretrained", r.pretrainedAccuracy());
		json.put("knn_loo_accuracy_random_init", r.randomInitAccuracy());
		json.put("features_csv", "features.csv");
		json.put("feature_width", r.featureWidth());

		Map<String, Object> le = new LinkedHashMap<>();
		le.put("folder", "label-efficiency/");
		le.put("summary", "label-efficiency/summary.json");
		le.put("boxplot", "label-efficiency/boxplot.png");
		le.put("classifiers", r.labelEfficiency().rows().size());
		Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
		for (LabelEfficiencyProtocol.Summary s : r.labelEfficiency().summary())
			medians.computeIfAbsent(s.encoder(), e -> new LinkedHashMap<>()).put(String.valueOf(s.labelsPerClass()), s.median());
		le.put("median_accuracy_by_labels_per_class", medians);
		le.put("warnings", r.labelEfficiency().warnings().stream().map(ParameterText::forCli).toList());
		json.put("label_efficiency", le);

		Map<String, Object> seg = new LinkedHashMap<>();
		seg.put("segmenter", "segmentation/segmenter/");
		seg.put("labelled_images", r.segmenter().labeled());
		seg.put("epochs", r.segmenter().epochs());
		seg.put("training_size", r.segmenterSize());
		seg.put("training_s", r.segmenter().wallTimeS());
		seg.put("held_out_images", r.segmentation().images().size());
		seg.put("dice_median", r.segmentation().diceMedian());
		seg.put("iou_median", r.segmentation().iouMedian());
		seg.put("dice_mean", r.segmentation().diceMean());
		seg.put("iou_mean", r.segmentation().iouMean());
		seg.put("scores", "segmentation/scores.json");
		json.put("segmentation", seg);

		Map<String, Object> morph = new LinkedHashMap<>();
		morph.put("truth_csv", "segmentation/morphology-truth.csv");
		morph.put("predicted_csv", "segmentation/morphology-predicted.csv");
		List<Map<String, Object>> perMorphology = new java.util.ArrayList<>();
		for (Percolation p : r.percolation()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("morphology", p.morphology());
			m.put("images", p.images());
			m.put("percolating_truth", p.truthPercolating());
			m.put("percolating_predicted", p.predictedPercolating());
			m.put("percolation_agreeing", p.agreeing());
			m.put("pixel_density_truth", p.truthDensity());
			m.put("pixel_density_predicted", p.predictedDensity());
			perMorphology.add(m);
		}
		morph.put("per_morphology", perMorphology);
		json.put("morphology", morph);
		json.put("stage_s", r.stageSeconds());
		json.put("total_s", r.seconds());
		AtomicFiles.writeString(r.out().resolve("demo-report.json"), EncoderManifest.GSON.toJson(json) + "\n");
	}

	public static String summary(Report r) {
		List<Double> loss = r.pretraining().lossPerEpoch();
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, """
			SSL-TEM demo finished in %.0f s on %s -> %s
			  data       %d synthetic TEM images (singular, dispersed, network, bundle) with masks: data/
			  pretrained resnet18 on %d unlabelled images, SimCLR with Adam (the CPU recipe), %d epochs in %.0f s; loss %.4f -> %.4f: encoder/
			  features   features.csv (%d x %d)
			  1-NN leave-one-out accuracy of the 4 morphologies: pretrained %.1f%%, untrained encoder %.1f%% (chance 25%%)
			""",
			r.seconds(), r.processor(), r.out(), r.images(), r.pretraining().trainingImages(), r.pretraining().epochsCompleted(), r.pretraining().wallTimeS(), loss.get(0), loss.get(loss.size() - 1),
			r.images(), r.featureWidth(), 100 * r.pretrainedAccuracy(), 100 * r.randomInitAccuracy()));
		b.append("  label efficiency, median test accuracy over ").append(r.labelEfficiency().rows().size() / Math.max(1, r.labelEfficiency().summary().size()))
			.append(" splits (label-efficiency/boxplot.png):\n");
		Map<String, StringBuilder> lines = new LinkedHashMap<>();
		for (LabelEfficiencyProtocol.Summary s : r.labelEfficiency().summary())
			lines.computeIfAbsent(s.encoder(), e -> new StringBuilder(String.format(Locale.ROOT, "    %-16s", e.equals("encoder") ? "pretrained"
				: e.startsWith("random:") ? "untrained" : "texture")))
				.append(String.format(Locale.ROOT, "  %d/class %.2f", s.labelsPerClass(), s.median()));
		lines.values().forEach(l -> b.append(l).append('\n'));
		b.append(String.format(Locale.ROOT, "  segmentation  U-Net on the pretrained encoder, %d labelled images, %d epochs%s: held-out median Dice %.3f, IoU %.3f"
			+ " (%d images): segmentation/\n", r.segmenter().labeled(), r.segmenter().epochs(),
			r.segmenterSize() > 0 ? String.format(Locale.ROOT, " at %d px", r.segmenterSize()) : "", r.segmentation().diceMedian(), r.segmentation().iouMedian(),
			r.segmentation().images().size()));
		b.append("  percolation of held-out masks, truth vs predicted (segmentation/morphology-*.csv):\n");
		for (Percolation p : r.percolation())
			b.append(String.format(Locale.ROOT, "    %-10s %d/%d vs %d/%d percolate (%d agree); density %.3f vs %.3f\n", p.morphology(), p.truthPercolating(),
				p.images(), p.predictedPercolating(), p.images(), p.agreeing(), p.truthDensity(), p.predictedDensity()));
		b.append("  report     demo-report.json");
		return b.toString();
	}
}
