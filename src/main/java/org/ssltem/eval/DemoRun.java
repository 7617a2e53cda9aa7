package org.ssltem.eval;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.synthetic.SyntheticDatasetWriter;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.TrainedEncoder;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo: the whole method on data the project makes itself, in a few minutes on 2 cores, no network.
 * Synthetic TEM images of the paper's four morphologies → self-supervised pretraining of a small encoder →
 * features → how well the features separate the morphologies, against the same encoder untrained.
 */
public final class DemoRun {

	public static final int IMAGES_PER_CLASS = 24;
	public static final int IMAGE_SIZE = 128;
	public static final int INPUT_SIZE = 64;

	private DemoRun() {}

	public record Report(Path out, int images, PretrainResult pretraining, double pretrainedAccuracy, double randomInitAccuracy,
		double seconds) {}

	public static Report run(Path out, int epochs, long seed, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		if (Files.exists(out)) {
			try (var list = Files.list(out)) {
				if (list.findAny().isPresent())
					throw UserInputException.about(out, "is not empty", "choose a new --out folder (the demo never overwrites files)");
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}
		Path data = out.resolve("data");
		log.log("demo 1/4: synthetic TEM images, " + IMAGES_PER_CLASS + " per morphology at " + IMAGE_SIZE + " px -> " + data);
		new SyntheticDatasetWriter().write(data, IMAGES_PER_CLASS, IMAGE_SIZE, seed, false, log, cancel);
		Path images = data.resolve("images");

		log.log("demo 2/4: self-supervised pretraining (Barlow Twins, resnet18 at " + INPUT_SIZE + " px, " + epochs + " epochs)");
		PretrainConfig c = new PretrainConfig();
		c.images = images.toString();
		c.out = out.resolve("encoder").toString();
		c.arch = "resnet18";
		c.size = INPUT_SIZE;
		c.batch = 16;
		c.epochs = epochs;
		c.checkpointEvery = Math.max(1, epochs / 3);
		c.seed = seed;
		PretrainResult pretraining = Pretrainer.run(c, log, cancel);
		if (!"completed".equals(pretraining.status())) throw new CancelToken.CancelledException();

		log.log("demo 3/4: features of every image, pretrained and untrained encoder");
		ImageDataset dataset = ImageDataset.scan(images);
		List<Path> files = dataset.files();
		int[] labels = dataset.classIndices();
		Device device = Device.choose(Device.Preference.AUTO);
		float[][] pretrained, random;
		try (TrainedEncoder enc = TrainedEncoder.open(Path.of(c.out), 0, device, Device.defaultThreads())) {
			pretrained = FeatureExtractor.compute(enc.graph, files, FeatureExtractor.DEFAULT_BATCH, log, cancel);
		}
		PretrainConfig untrainedConfig = PretrainConfig.copyOf(c);
		untrainedConfig.out = out.resolve("encoder-untrained").toString();
		Pretrainer.untrained(untrainedConfig, ProgressListener.SILENT, cancel);
		try (TrainedEncoder untrained = TrainedEncoder.open(Path.of(untrainedConfig.out), 0, device, Device.defaultThreads())) {
			random = FeatureExtractor.compute(untrained.graph, files, FeatureExtractor.DEFAULT_BATCH, log, cancel);
		}
		FeatureExtractor.writeCsv(out.resolve("features.csv"), images, dataset.entries(), pretrained);

		log.log("demo 4/4: leave-one-out 1-NN accuracy of the four morphologies in feature space");
		double accPre = NearestNeighbour.leaveOneOutAccuracy(pretrained, labels);
		double accRandom = NearestNeighbour.leaveOneOutAccuracy(random, labels);
		Report report = new Report(out, files.size(), pretraining, accPre, accRandom, (System.nanoTime() - t0) / 1e9);
		writeReport(report, dataset.classNames());
		return report;
	}

	private static void writeReport(Report r, List<String> classes) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("images", r.images());
		json.put("classes", classes);
		json.put("encoder", "encoder/" + EncoderManifest.FILE);
		json.put("epochs", r.pretraining().epochsCompleted());
		json.put("loss_per_epoch", r.pretraining().lossPerEpoch());
		json.put("pretraining_s", r.pretraining().wallTimeS());
		json.put("knn_loo_accuracy_pretrained", r.pretrainedAccuracy());
		json.put("knn_loo_accuracy_random_init", r.randomInitAccuracy());
		json.put("features_csv", "features.csv");
		json.put("total_s", r.seconds());
		AtomicFiles.writeString(r.out().resolve("demo-report.json"), EncoderManifest.GSON.toJson(json) + "\n");
	}

	public static String summary(Report r) {
		List<Double> loss = r.pretraining().lossPerEpoch();
		return String.format(Locale.ROOT, """
			SSL-TEM demo finished in %.0f s -> %s
			  data       %d synthetic TEM images (singular, dispersed, network, bundle) with masks: data/
			  pretrained resnet18, Barlow Twins, %d epochs in %.0f s; loss %.4f -> %.4f: encoder/
			  features   features.csv (%d x 512)
			  1-NN leave-one-out accuracy of the 4 morphologies: pretrained %.1f%%, untrained encoder %.1f%% (chance 25%%)
			  report     demo-report.json""",
			r.seconds(), r.out(), r.images(), r.pretraining().epochsCompleted(), r.pretraining().wallTimeS(), loss.get(0), loss.get(loss.size() - 1),
			r.images(), 100 * r.pretrainedAccuracy(), 100 * r.randomInitAccuracy());
	}
}
