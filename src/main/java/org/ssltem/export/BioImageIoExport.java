package org.ssltem.export;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.nn.Device;
import org.ssltem.nn.Segmenter;
import org.ssltem.nn.SegmenterGraph;
import org.ssltem.nn.SegmenterManifest;
import org.ssltem.nn.Tensors;
import org.ssltem.train.Versions;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code export-bioimageio}: a trained segmenter becomes a bioimage.io model package (a zip in the 0.5 format) that
 * DeepImageJ and other bioimage.io consumers run without SSL-TEM.
 *
 * <p>The package holds {@code rdf.yaml}; the weights as a zipped TensorFlow SavedModel (tag {@code serve}, signature
 * {@code serving_default} with the keys {@value #INPUT} and {@value #OUTPUT}) whose graph is frozen
 * ({@link FrozenSavedModel}) so that TensorFlow 2.10, which DeepImageJ uses, loads it; a test input (the centre of a
 * sample image, raw values) and the output the SavedModel gives for it, both as {@code .npy}; the sample input and
 * output as PNG, a cover image and {@code documentation.md}.
 *
 * <p>Axes are batch, y, x, channel. The input takes any height and width that is a multiple of 32 (min 32, step 32);
 * the output has the input's size. Preprocessing is SSL-TEM's own reading of the sample's bit depth
 * ({@link InputScaling}); the output is the network's sigmoid (binary) or softmax (multi-class) probabilities.
 */
public final class BioImageIoExport {

	/**
	 * The bioimage.io model format written here: 0.5, whose fields (user_docs/model_descr_latest.md of
	 * bioimage-io/spec-bioimage-io) this writer follows; later 0.5 releases read it too.
	 */
	public static final String FORMAT_VERSION = "0.5.0";
	public static final String INPUT = "input", OUTPUT = "output";
	public static final String RDF = "rdf.yaml", WEIGHTS = "tf_saved_model_bundle.zip", TEST_INPUT = "test_input.npy", TEST_OUTPUT = "test_output.npy",
		SAMPLE_INPUT = "sample_input.png", SAMPLE_OUTPUT = "sample_output.png", COVER = "cover.png", DOCUMENTATION = "documentation.md";
	/**
	 * The TensorFlow release the SavedModel is made for and tested with: DeepImageJ runs TensorFlow 2 models with TF Java
	 * 0.5.0, which is TensorFlow 2.10.1. The graph itself is written by this engine's TensorFlow (recorded in config).
	 */
	public static final String TARGET_TENSORFLOW = "2.10.1";
	/** The paper this method comes from (Lu, Montz, Emrick and Jayaraman, Digital Discovery 2022). */
	public static final String PAPER_DOI = "10.1039/D2DD00066K";
	/** The test tensor is the sample's centre, at most this many pixels on a side (a multiple of 32). */
	public static final int MAX_TEST_SIDE = 256;
	/** The SavedModel must give what the engine's own graph gives, to float rounding. */
	static final double SELF_CHECK_TOLERANCE = 1e-4;

	/**
	 * @param encoder  null to use the encoder recorded in the segmenter
	 * @param sample   an image like those the model will segment (its centre becomes the test and sample tensor)
	 * @param name     the model's name on bioimage.io; null for one made from the segmenter's folder name
	 * @param authors  the people who trained the model (at least one name)
	 * @param license  an SPDX licence id for the model, e.g. CC-BY-4.0
	 */
	public record Config(Path segmenter, Path encoder, Path sample, Path out, String name, List<String> authors, String license, boolean overwrite,
		int threads) {}

	/**
	 * @param testHeight, testWidth the test tensor's size
	 * @param selfCheck             largest difference between the SavedModel's and the engine's probabilities on the test input
	 */
	public record Result(Path out, int testHeight, int testWidth, int channels, String preprocessing, double selfCheck, double seconds) {}

	private BioImageIoExport() {}

	/** "Ada Lovelace, Alan Turing" as the list of names the {@code authors} parameter gives. */
	public static List<String> names(String commaSeparated) {
		List<String> out = new ArrayList<>();
		if (commaSeparated != null) for (String n : commaSeparated.split(",")) if (!n.isBlank()) out.add(n.trim());
		return out;
	}

	public static Result run(Config c, ProgressListener listener, CancelToken cancel) {
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		long t0 = System.nanoTime();
		checkOutput(c.out(), c.overwrite());
		if (c.authors() == null || c.authors().stream().noneMatch(a -> a != null && !a.isBlank()))
			throw UserInputException.option("{{authors}} is empty; bioimage.io needs the names of the people who trained the model",
				"pass {{authors}} \"First Last\" (several separated by commas)");
		if (c.license() == null || !c.license().matches("[A-Za-z0-9.+-]+"))
			throw UserInputException.option("{{license}} '" + c.license() + "' is not an SPDX licence id", "pass e.g. {{license}} CC-BY-4.0 or {{license}} MIT");
		SegmenterManifest manifest = SegmenterManifest.read(c.segmenter());
		ImagePlus sampleImage = ImageFiles.open(c.sample());
		ImageProcessor ip = sampleImage.getProcessor();
		InputScaling scaling = InputScaling.of(ip, c.sample());
		int h = Math.min(ip.getHeight(), MAX_TEST_SIDE) / 32 * 32, w = Math.min(ip.getWidth(), MAX_TEST_SIDE) / 32 * 32;
		if (h < 32 || w < 32)
			throw UserInputException.about(c.sample(), "is " + ip.getWidth() + "x" + ip.getHeight() + " px; the test image must be at least 32x32",
				"pass a larger {{sample}} image");
		float[] raw = centre(ip, w, h);
		float[] grey = scaling.apply(raw);
		log.log("export-bioimageio: test tensor " + w + "x" + h + " from the centre of " + c.sample() + "; " + scaling.describe());

		Path staging = null;
		try {
			staging = Files.createTempDirectory("ssl-tem-bioimageio-");
			Path savedModel = staging.resolve("saved_model");
			float[] engineOutput;
			int channels;
			log.progress("export-bioimageio", 0, 3, "freezing the segmenter");
			try (Segmenter s = Segmenter.open(c.segmenter(), c.encoder(), SegmenterGraph.ANY_SIZE, SegmenterGraph.ANY_SIZE,
				Device.choose(Device.Preference.CPU), c.threads() > 0 ? c.threads() : Device.defaultThreads()))
			{
				channels = s.channels();
				engineOutput = s.graph.predict(grey, 1, h, w);
				Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>(s.graph.encoderVariables);
				variables.putAll(s.graph.decoderVariables);
				String output = s.graph.network.probabilities().op().name();
				GraphDef frozen = FrozenSavedModel.freeze(s.graph.graph, output, variables, s.graph.values(variables));
				FrozenSavedModel.write(savedModel, frozen,
					List.of(new FrozenSavedModel.Port(INPUT, s.graph.input().op().name(), new long[] { -1, -1, -1, 1 })),
					List.of(new FrozenSavedModel.Port(OUTPUT, output, new long[] { -1, -1, -1, channels })), TensorFlow.version());
			}
			if (cancel != null) cancel.throwIfCancelled();
			log.progress("export-bioimageio", 1, 3, "checking the SavedModel against the engine");
			float[] testOutput = runSavedModel(savedModel, grey, h, w);
			double selfCheck = maxDifference(engineOutput, testOutput);
			if (!(selfCheck <= SELF_CHECK_TOLERANCE))
				throw new IllegalStateException("the exported SavedModel differs from the segmenter by " + selfCheck + " (more than " + SELF_CHECK_TOLERANCE
					+ "); the package was not written");
			if (cancel != null) cancel.throwIfCancelled();
			log.progress("export-bioimageio", 2, 3, "writing " + c.out());

			Map<String, byte[]> files = new LinkedHashMap<>();
			files.put(WEIGHTS, zipFolder(savedModel));
			files.put(TEST_INPUT, Npy.float32(new long[] { 1, h, w, 1 }, raw));
			files.put(TEST_OUTPUT, Npy.float32(new long[] { 1, h, w, channels }, testOutput));
			files.put(SAMPLE_INPUT, png(new GreyImage(w, h, grey)));
			GreyImage shown = shownOutput(testOutput, w, h, channels);
			files.put(SAMPLE_OUTPUT, png(shown));
			files.put(COVER, png(cover(new GreyImage(w, h, grey), shown)));
			String name = c.name() != null && !c.name().isBlank() ? c.name().trim() : defaultName(c.segmenter());
			files.put(DOCUMENTATION, documentation(name, manifest, scaling, channels, w, h).getBytes(StandardCharsets.UTF_8));
			files.put(RDF, Yaml.write(rdf(c, name, manifest, scaling, channels, files)).getBytes(StandardCharsets.UTF_8));
			AtomicFiles.write(c.out(), out -> {
				try (ZipOutputStream zip = new ZipOutputStream(out)) {
					zip.setLevel(Deflater.BEST_SPEED); // float weights hardly compress; a ResNet50 U-Net is ~300 MB
					for (var e : files.entrySet()) {
						zip.putNextEntry(new ZipEntry(e.getKey()));
						zip.write(e.getValue());
						zip.closeEntry();
					}
				}
			});
			log.progress("export-bioimageio", 3, 3, "done");
			return new Result(c.out(), h, w, channels, scaling.describe(), selfCheck, (System.nanoTime() - t0) / 1e9);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write the bioimage.io package " + c.out() + ": " + e.getMessage(), e);
		}
		finally {
			AtomicFiles.deleteQuietly(staging);
		}
	}

	private static void checkOutput(Path out, boolean overwrite) {
		if (out == null || !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
			throw UserInputException.option("{{out}} must be a .zip file (a bioimage.io package), got " + out, "pass e.g. {{out}} my-model.zip");
		if (Files.isDirectory(out)) throw UserInputException.about(out, "is a folder", "pass a .zip file name for {{out}}");
		if (Files.exists(out) && !overwrite) throw UserInputException.about(out, "already exists", "choose another {{out}} file, or pass {{overwrite}}");
	}

	/** The centre {@code w × h} of an image, as raw values (grey levels of 8/16-bit, floats of 32-bit), row-major. */
	static float[] centre(ImageProcessor ip, int w, int h) {
		int x0 = (ip.getWidth() - w) / 2, y0 = (ip.getHeight() - h) / 2;
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) out[y * w + x] = ip.getf(x0 + x, y0 + y);
		return out;
	}

	/** Runs the written SavedModel the way a bioimage.io consumer does: by its signature's keys. */
	static float[] runSavedModel(Path dir, float[] grey, int h, int w) {
		try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), FrozenSavedModel.TAG);
			TFloat32 x = Tensors.floats(Shape.of(1, h, w, 1), grey))
		{
			var sig = b.metaGraphDef().getSignatureDefOrThrow(FrozenSavedModel.SIGNATURE);
			try (org.tensorflow.Result r = b.session().runner().feed(sig.getInputsOrThrow(INPUT).getName(), x).fetch(sig.getOutputsOrThrow(OUTPUT).getName()).run()) {
				return Tensors.toArray((TFloat32) r.get(0));
			}
		}
	}

	static double maxDifference(float[] a, float[] b) {
		if (a.length != b.length) return Double.POSITIVE_INFINITY;
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	/** Foreground probability (binary), or the most probable class spread over [0,1] (multi-class). */
	static GreyImage shownOutput(float[] p, int w, int h, int channels) {
		GreyImage g = new GreyImage(w, h);
		for (int i = 0; i < w * h; i++) {
			if (channels == 1) g.pixels[i] = p[i];
			else {
				int best = 0;
				for (int k = 1; k < channels; k++) if (p[i * channels + k] > p[i * channels + best]) best = k;
				g.pixels[i] = best / (float) (channels - 1);
			}
		}
		return g;
	}

	/** Input beside output on their largest common square: 2:1, as bioimage.io asks of covers. */
	static GreyImage cover(GreyImage input, GreyImage output) {
		int s = Math.min(input.width, input.height), x0 = (input.width - s) / 2, y0 = (input.height - s) / 2;
		GreyImage c = new GreyImage(2 * s, s);
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				c.set(x, y, input.get(x0 + x, y0 + y));
				c.set(s + x, y, output.get(x0 + x, y0 + y));
			}
		return c;
	}

	private static byte[] png(GreyImage g) throws IOException {
		Path tmp = Files.createTempFile("ssl-tem-", ".png");
		try {
			ImageFiles.writePng(g, tmp);
			return Files.readAllBytes(tmp);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** The SavedModel folder zipped with its files at the root, as bioimage.io expects multi-file weights. */
	static byte[] zipFolder(Path dir) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(dir)) {
			zip.setLevel(Deflater.BEST_SPEED);
			for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
				if (p.equals(dir)) continue;
				String entry = dir.relativize(p).toString().replace('\\', '/');
				if (Files.isDirectory(p)) {
					zip.putNextEntry(new ZipEntry(entry + "/"));
				}
				else {
					zip.putNextEntry(new ZipEntry(entry));
					Files.copy(p, zip);
				}
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	private static String defaultName(Path segmenter) {
		Path n = segmenter.toAbsolutePath().normalize().getFileName();
		return "SSL-TEM segmenter " + (n == null ? "" : n.toString());
	}

	static Map<String, Object> rdf(Config c, String name, SegmenterManifest m, InputScaling scaling, int channels, Map<String, byte[]> files) {
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("type", "model");
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("name", name);
		rdf.put("description", "U-Net whose down path is a self-supervised " + m.architecture + " encoder (frozen), trained by SSL-TEM on "
			+ m.labeled + " labelled electron-microscopy image" + (m.labeled == 1 ? "" : "s") + "; outputs " + (channels == 1
				? "the foreground probability per pixel" : "the probability of each of " + channels + " classes per pixel") + ".");
		List<Map<String, Object>> authors = new ArrayList<>();
		for (String a : c.authors()) if (a != null && !a.isBlank()) authors.add(Map.of("name", a.trim()));
		rdf.put("authors", authors);
		rdf.put("cite", List.of(
			entry("text", "Lu, Montz, Emrick and Jayaraman. Semi-supervised machine learning model for analysis of nanowire morphologies from transmission"
				+ " electron microscopy images. Digital Discovery (2022)", "doi", PAPER_DOI),
			entry("text", "SSL-TEM " + Versions.sslTem() + ": the implementation of Lu et al. (2022) for Fiji and the command line that trained and"
				+ " exported this model", "doi", PAPER_DOI)));
		rdf.put("license", c.license());
		rdf.put("documentation", DOCUMENTATION);
		rdf.put("covers", List.of(COVER));
		rdf.put("tags", List.of("segmentation", "electron-microscopy", "unet", "resnet", "self-supervised", "2d", "tensorflow", "ssl-tem"));
		rdf.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

		Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", INPUT);
		input.put("description", "a grey electron-microscopy image; " + scaling.describe());
		input.put("axes", List.of(Map.of("type", "batch"), spaceAxis("y"), spaceAxis("x"),
			entry("type", "channel", "channel_names", List.of("grey"))));
		input.put("test_tensor", file(TEST_INPUT, files));
		input.put("sample_tensor", file(SAMPLE_INPUT, files));
		input.put("data", Map.of("type", "float32"));
		input.put("preprocessing", scaling.preprocessing());
		rdf.put("inputs", List.of(input));

		Map<String, Object> output = new LinkedHashMap<>();
		output.put("id", OUTPUT);
		output.put("description", channels == 1 ? "foreground probability (sigmoid); threshold at 0.5 for a mask"
			: "class probabilities (softmax over the channel axis); the most probable class is the label");
		List<String> names = new ArrayList<>();
		if (channels == 1) names.add("foreground");
		else for (int k = 0; k < channels; k++) names.add("class" + k);
		output.put("axes", List.of(Map.of("type", "batch"), sameAsInput("y"), sameAsInput("x"), entry("type", "channel", "channel_names", names)));
		output.put("test_tensor", file(TEST_OUTPUT, files));
		output.put("sample_tensor", file(SAMPLE_OUTPUT, files));
		output.put("data", entry("type", "float32", "range", List.of(0.0, 1.0)));
		rdf.put("outputs", List.of(output));

		Map<String, Object> weights = new LinkedHashMap<>();
		Map<String, Object> bundle = file(WEIGHTS, files);
		bundle.put("tensorflow_version", TARGET_TENSORFLOW);
		weights.put("tensorflow_saved_model_bundle", bundle);
		rdf.put("weights", weights);

		Map<String, Object> ssl = new LinkedHashMap<>();
		ssl.put("version", Versions.sslTem());
		ssl.put("written_with_tensorflow", TensorFlow.version());
		ssl.put("architecture", m.architecture);
		ssl.put("classes", m.classes);
		ssl.put("labeled_images", m.labeled);
		ssl.put("training_size", m.size);
		ssl.put("epochs", m.epochs);
		ssl.put("loss", m.loss);
		ssl.put("encoder_sha256", m.encoderSha256);
		rdf.put("config", Map.of("ssl_tem", ssl));
		return rdf;
	}

	private static Map<String, Object> spaceAxis(String id) {
		Map<String, Object> a = new LinkedHashMap<>();
		a.put("id", id);
		a.put("type", "space");
		a.put("size", entry("min", 32, "step", 32));
		return a;
	}

	private static Map<String, Object> sameAsInput(String id) {
		Map<String, Object> a = new LinkedHashMap<>();
		a.put("id", id);
		a.put("type", "space");
		a.put("size", entry("tensor_id", INPUT, "axis_id", id));
		return a;
	}

	private static Map<String, Object> file(String name, Map<String, byte[]> files) {
		return entry("source", name, "sha256", Hashing.sha256(files.get(name)));
	}

	private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put(k1, v1);
		m.put(k2, v2);
		return m;
	}

	private static String documentation(String name, SegmenterManifest m, InputScaling scaling, int channels, int w, int h) {
		String n = "\n";
		return "# " + name + n + n
			+ "A segmentation network for electron-microscopy images, trained with SSL-TEM, the method of Lu, Montz, Emrick and Jayaraman,"
			+ " *Semi-supervised machine learning model for analysis of nanowire morphologies from transmission electron microscopy images*,"
			+ " Digital Discovery (2022), doi:" + PAPER_DOI + "." + n + n
			+ "## Network" + n + n
			+ "A U-Net whose down path is a " + m.architecture + " encoder pretrained without labels (self-supervised) and kept frozen;"
			+ " its up path was trained on " + m.labeled + " labelled image" + (m.labeled == 1 ? "" : "s") + " (" + m.epochs + " epochs, loss "
			+ m.loss + (m.size > 0 ? ", images resized to " + m.size + "x" + m.size + " px" : "") + ")." + n + n
			+ "## Input" + n + n
			+ "One grey channel, axes batch, y, x, channel. Height and width must be multiples of 32 (32, 64, 96, ...): the encoder halves"
			+ " the image five times. Larger images are run in tiles. " + capitalised(scaling.describe()) + ", as SSL-TEM reads images."
			+ (m.size > 0 ? " Give images at the scale (nm per pixel) the training images had after resizing to " + m.size + " px." : "") + n + n
			+ "## Output" + n + n
			+ (channels == 1 ? "One channel: the probability that a pixel is foreground (sigmoid). Threshold at 0.5 for a mask."
				: channels + " channels: the probability of each class (softmax). The most probable class is the pixel's label.")
			+ " The output has the input's height and width." + n + n
			+ "## Test" + n + n
			+ "`" + TEST_INPUT + "` is the centre " + w + "x" + h + " px of a sample image (raw values, before preprocessing) and `" + TEST_OUTPUT
			+ "` what this SavedModel gives for it. The graph holds its weights as constants and uses only operations TensorFlow "
			+ TARGET_TENSORFLOW + " has (DeepImageJ runs TensorFlow 2 models with it); SSL-TEM checks that it loads and reproduces the test"
			+ " output there." + n + n
			+ "## Limits" + n + n
			+ "The network was trained on few labelled images of one kind; check its output on your own images before measuring with it." + n;
	}

	private static String capitalised(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}
