package org.ssltem.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.FileDigest;
import org.ssltem.core.Hashing;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Architecture;
import org.ssltem.nn.Device;
import org.ssltem.nn.EncoderGraph;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.nn.InputNormalisation;
import org.ssltem.nn.ResNet;
import org.ssltem.train.Versions;
import org.tensorflow.ndarray.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a published encoder (a PyTorch state dict of a torchvision ResNet, or Keras HDF5 weights of a Keras ResNet)
 * into an ordinary SSL-TEM encoder folder: {@code manifest.json} (status {@code imported}, the source file's SHA-256,
 * the tensor mapping, the input normalisation) and {@code checkpoints/imported/}, which every command that takes
 * {@code --encoder} reads as it reads a pretrained one.
 *
 * <p>Every variable of the encoder must receive a tensor of its shape; otherwise nothing is written and the error
 * names each layer with its expected and found shape. The input normalisation the weights expect goes into the
 * checkpoint (see {@link InputNormalisation}), so features, classifiers and segmenters apply it.
 */
public final class EncoderImport {

	public enum Source { TORCH, KERAS }

	/**
	 * @param arch          {@code resnet50} or {@code resnet18} (PyTorch files become their torchvision variants), or null
	 *                      (or {@code auto}) to take what the file holds
	 * @param size          the input side in pixels the encoder will see (multiple of 32), recorded as its input size
	 * @param prefix        PyTorch only: the key prefix of the encoder's tensors, or null to find it
	 * @param normalisation {@code auto} (the PyTorch checkpoint's own {@code norms} entry if it has one, else ImageNet for
	 *                      PyTorch and none for Keras), or see {@link InputNormalisation#parse}
	 */
	public record Request(Source source, Path file, Path out, String arch, int size, String prefix, String normalisation, boolean overwrite) {}

	public record Result(Path out, Architecture architecture, String format, String sha256, int variables, List<String> ignored,
		InputNormalisation normalisation, double seconds) {}

	public static final String CHECKPOINT = "checkpoints/imported";

	/** The request of the CLI and engine keys: exactly one of {@code torch} and {@code keras}. */
	public static Request request(Path torch, Path keras, Path out, String arch, int size, String prefix, String normalisation, boolean overwrite) {
		if ((torch == null) == (keras == null))
			throw UserInputException.option(torch == null ? "no weights file given" : "both a PyTorch and a Keras file given",
				"pass exactly one of {{torch}} FILE.pth and {{keras}} FILE.h5");
		if (out == null) throw UserInputException.option("no output folder given", "pass {{out}} DIR");
		return new Request(torch != null ? Source.TORCH : Source.KERAS, torch != null ? torch : keras, out, arch, size, prefix, normalisation, overwrite);
	}

	private EncoderImport() {}

	public static Result run(Request r, ProgressListener listener, CancelToken cancel) {
		long t0 = System.nanoTime();
		ProgressListener log = listener == null ? ProgressListener.SILENT : listener;
		if (r.file() == null) throw UserInputException.option("no weights file given", "pass {{torch}} FILE.pth or {{keras}} FILE.h5");
		if (!Files.isRegularFile(r.file()))
			throw UserInputException.about(r.file(), "no such file", "pass the path of the downloaded weights file");
		Architecture.checkInputSize(r.size());
		Path out = r.out().toAbsolutePath().normalize();
		checkOutputFolder(out, r.overwrite());
		Architecture requested = requestedArchitecture(r);
		boolean auto = r.normalisation() == null || r.normalisation().isBlank() || r.normalisation().trim().equalsIgnoreCase("auto");
		InputNormalisation normalisation = auto ? (r.source() == Source.TORCH ? InputNormalisation.IMAGENET : InputNormalisation.NONE)
			: InputNormalisation.parse(r.normalisation());

		log.progress("import", 0, 2, "reading " + r.file().getFileName());
		String format;
		ResNetWeightMapping.Mapping mapping;
		if (r.source() == Source.TORCH) {
			if (KerasWeightReader.isHdf5(r.file()))
				throw UserInputException.about(r.file(), "is an HDF5 (Keras) file", "pass it with {{keras}} instead of {{torch}}");
			TorchCheckpointReader.Contents c = TorchCheckpointReader.read(r.file());
			if (auto && c.norms() != null)
				normalisation = new InputNormalisation("checkpoint", c.norms()[0], c.norms()[1], "grey in [0,1] repeated to three channels, then (x - "
					+ Arrays.toString(c.norms()[0]) + ") / " + Arrays.toString(c.norms()[1]) + " per channel, from the checkpoint's 'norms' entry");
			format = c.format() == TorchCheckpointReader.Format.ZIP ? "pytorch" : "pytorch-legacy";
			mapping = ResNetWeightMapping.fromTorch(r.file(), c.tensors(), r.prefix(), requested);
		}
		else {
			if (r.prefix() != null && !r.prefix().isBlank())
				throw UserInputException.option("{{prefix}} applies to PyTorch files only", "leave {{prefix}} out for Keras files: layers are found by name");
			format = "keras-hdf5";
			mapping = ResNetWeightMapping.fromKeras(r.file(), KerasWeightReader.read(r.file()), requested);
		}
		if (cancel != null) cancel.throwIfCancelled();
		Architecture arch = mapping.architecture();
		log.log("ssl-tem: " + r.file().getFileName() + " holds a " + arch.key + " (" + mapping.assignments().size() + " tensors mapped, "
			+ mapping.ignored().size() + " left out)" + (mapping.keyPrefix().isEmpty() ? "" : ", key prefix '" + mapping.keyPrefix() + "'"));

		String sha256 = Hashing.sha256(r.file());
		log.progress("import", 1, 2, "writing the " + arch.key + " encoder");
		Map<String, FileDigest> checkpointFiles;
		try (EncoderGraph graph = EncoderGraph.build(arch, r.size(), 0L, Device.choose(Device.Preference.CPU).sessionConfig(Device.defaultThreads()))) {
			Map<String, float[]> values = checkedValues(r.file(), arch, graph.variableShapes(), mapping);
			values.put(ResNet.INPUT_NORMALISATION + ".mean", normalisation.mean());
			values.put(ResNet.INPUT_NORMALISATION + ".std", normalisation.std());
			graph.assign(values);
			checkFinite(r.file(), graph);
			if (cancel != null) cancel.throwIfCancelled();
			if (r.overwrite()) AtomicFiles.deleteQuietly(out);
			checkpointFiles = graph.save(out.resolve(CHECKPOINT));
		}
		EncoderManifest m = manifest(r, arch, format, sha256, mapping, normalisation);
		m.checkpointFiles = checkpointFiles;
		m.write(out);
		log.progress("import", 2, 2, "encoder written to " + out);
		return new Result(out, arch, format, sha256, mapping.assignments().size(), List.copyOf(mapping.ignored()), normalisation, (System.nanoTime() - t0) / 1e9);
	}

	private static Architecture requestedArchitecture(Request r) {
		if (r.arch() == null || r.arch().isBlank() || r.arch().trim().equalsIgnoreCase("auto")) return null;
		Architecture a = Architecture.parse(r.arch());
		if (r.source() == Source.TORCH && !a.torchvision)
			return a == Architecture.RESNET50 ? Architecture.RESNET50_TORCHVISION : Architecture.RESNET18_TORCHVISION;
		if (r.source() == Source.KERAS && a.torchvision)
			throw UserInputException.option("{{arch}} " + a.key + " is a PyTorch layout, but a Keras file was given", "pass {{arch}} resnet50 or resnet18 with {{keras}}");
		return a;
	}

	/** Every variable (but the input normalisation) gets a value of its shape, or the error lists every mismatch. */
	static Map<String, float[]> checkedValues(Path file, Architecture arch, Map<String, Shape> shapes, ResNetWeightMapping.Mapping mapping) {
		List<String> problems = new ArrayList<>();
		Map<String, float[]> values = new LinkedHashMap<>();
		for (var e : shapes.entrySet()) {
			String variable = e.getKey();
			if (variable.startsWith(ResNet.INPUT_NORMALISATION + ".")) continue;
			ResNetWeightMapping.Assignment a = mapping.assignments().get(variable);
			long[] expected = e.getValue().asArray();
			if (a == null) problems.add(layer(variable) + ": " + weight(variable) + " " + Arrays.toString(expected) + " is missing from the file");
			else if (!Arrays.equals(expected, a.shape()))
				problems.add(layer(variable) + ": " + weight(variable) + " expected " + Arrays.toString(expected) + ", found " + Arrays.toString(a.shape())
					+ (a.transform().equals("copy") ? "" : " (after " + a.transform() + ")") + " in " + a.source());
			else values.put(variable, a.values());
		}
		for (String variable : mapping.assignments().keySet())
			if (!shapes.containsKey(variable))
				problems.add(layer(variable) + ": " + mapping.assignments().get(variable).source() + " has no place in a " + arch.key);
		if (!problems.isEmpty()) {
			int shown = Math.min(problems.size(), 12);
			throw UserInputException.about(file, problems.size() + " tensor" + (problems.size() == 1 ? " does" : "s do") + " not fit a " + arch.key + " encoder: "
				+ String.join("; ", problems.subList(0, shown)) + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : ""),
				"check that the file holds a standard " + arch.key.replace("-torchvision", "") + " (torchvision or Keras Applications layer names and sizes)");
		}
		return values;
	}

	private static String layer(String variable) {
		int dot = variable.indexOf('.');
		return dot < 0 ? variable : variable.substring(0, dot);
	}

	private static String weight(String variable) {
		int dot = variable.indexOf('.');
		return dot < 0 ? "" : variable.substring(dot + 1);
	}

	/** Features of a mid-grey and a ramp image must be finite: catches weights that overflow or a broken normalisation. */
	private static void checkFinite(Path file, EncoderGraph graph) {
		int s = graph.inputSize;
		float[] batch = new float[2 * s * s];
		for (int i = 0; i < s * s; i++) {
			batch[i] = 0.5f;
			batch[s * s + i] = (i % s) / (float) (s - 1);
		}
		for (float f : graph.features(batch, 2))
			if (!Float.isFinite(f))
				throw UserInputException.about(file, "gives non-finite features (NaN or infinity) once imported",
					"check the file's batch-norm variances (they must be positive) and the {{normalisation}} (its std must not be 0)");
	}

	private static void checkOutputFolder(Path out, boolean overwrite) {
		if (Files.exists(out) && !Files.isDirectory(out)) throw UserInputException.about(out, "is a file, not a folder", "choose a folder for {{out}}");
		boolean empty;
		try (var list = Files.exists(out) ? Files.list(out) : java.util.stream.Stream.<Path>empty()) {
			empty = list.findAny().isEmpty();
		}
		catch (IOException e) {
			throw UserInputException.about(out, "cannot be read (" + e.getMessage() + ")", "check its permissions");
		}
		if (empty) return;
		boolean encoder = Files.isRegularFile(EncoderManifest.fileIn(out));
		if (!overwrite)
			throw UserInputException.about(out, encoder ? "already holds an encoder" : "is not empty", "choose a new {{out}} folder" + (encoder ? ", or pass {{overwrite}} to replace it" : ""));
		if (!encoder)
			throw UserInputException.about(out, "is not empty and holds no encoder, so {{overwrite}} will not delete it", "choose a new or empty {{out}} folder");
	}

	private static EncoderManifest manifest(Request r, Architecture arch, String format, String sha256, ResNetWeightMapping.Mapping mapping,
		InputNormalisation normalisation)
	{
		EncoderManifest m = new EncoderManifest();
		m.status = "imported";
		m.architecture = arch.key;
		m.inputSize = r.size();
		m.featureWidth = arch.featureWidth;
		m.seed = 0;
		m.inputNormalisation = normalisation;
		m.versions.putAll(Versions.all(false));
		m.device = "cpu";
		m.checkpoint = CHECKPOINT;
		m.created = Instant.now().toString();
		m.updated = m.created;

		JsonObject imported = new JsonObject();
		imported.addProperty("file", r.file().toAbsolutePath().normalize().toString());
		imported.addProperty("sha256", sha256);
		imported.addProperty("format", format);
		imported.addProperty("source_layout", arch.torchvision ? "torchvision " + arch.key.replace("-torchvision", "") : "Keras Applications " + arch.key);
		if (!mapping.keyPrefix().isEmpty()) imported.addProperty("key_prefix", mapping.keyPrefix());
		imported.addProperty("input", normalisation.description());
		JsonObject map = new JsonObject();
		mapping.assignments().values().forEach(a -> map.addProperty(a.variable(), a.source() + (a.transform().equals("copy") ? "" : " (" + a.transform() + ")")));
		imported.add("mapping", map);
		JsonArray folded = new JsonArray();
		mapping.folded().forEach(folded::add);
		imported.add("folded_biases", folded);
		JsonArray ignored = new JsonArray();
		mapping.ignored().forEach(ignored::add);
		imported.add("left_out", ignored);
		m.imported = imported;
		return m;
	}
}
