package org.ssltem.synthetic;

import com.google.gson.GsonBuilder;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.CancelToken;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a labelled synthetic dataset: {@code images/<class>/<class>-0001.png}, the matching 8-bit index masks
 * under {@code masks/} (1 = nanowire), and {@code synthetic.json} with the generator's parameters and every image's
 * seed. Each image's seed is derived from (seed, class, index), so image 7 is the same whether 10 or 100 are made.
 * Images are written atomically; synthetic.json is written last, so its presence means the set is complete.
 */
public final class SyntheticDatasetWriter {

	public static final String MANIFEST = "synthetic.json";
	public static final int MAX_PER_CLASS = 100_000;

	private final SyntheticTemGenerator generator;

	/** Negative stain on every image (see {@link SyntheticTemGenerator#SyntheticTemGenerator()}). */
	public SyntheticDatasetWriter() {
		this(Stain.NEGATIVE);
	}

	public SyntheticDatasetWriter(Stain stain) {
		generator = new SyntheticTemGenerator(stain);
	}

	/** As {@link #write(Path, int, int, long, boolean, ProgressListener, CancelToken)}, refusing a non-empty folder. */
	public void write(Path outDir, int perClass, int size, long seed, ProgressListener progress, CancelToken cancel) {
		write(outDir, perClass, size, seed, false, progress, cancel);
	}

	/**
	 * @param overwrite when false, a folder that already holds files is refused; when true, the images, masks and
	 *                  manifest a previous run wrote there are deleted first (other files are left alone)
	 */
	public void write(Path outDir, int perClass, int size, long seed, boolean overwrite, ProgressListener progress,
		CancelToken cancel) {
		ProgressListener listener = progress != null ? progress : ProgressListener.SILENT;
		CancelToken token = cancel != null ? cancel : new CancelToken();
		checkInput(outDir, perClass, size, overwrite);
		try (OutputFolder folder = OutputFolder.claim(outDir, "generate", "{{out}}")) {
			writeClaimed(outDir, perClass, size, seed, overwrite, listener, token);
		}
	}

	private void writeClaimed(Path outDir, int perClass, int size, long seed, boolean overwrite, ProgressListener listener, CancelToken token) {
		if (overwrite) deletePreviousOutput(outDir);
		int digits = Math.max(4, String.valueOf(perClass).length());
		int total = perClass * Morphology.values().length, done = 0;
		List<Map<String, Object>> images = new ArrayList<>();
		for (Morphology m : Morphology.values()) {
			for (int i = 1; i <= perClass; i++) {
				token.throwIfCancelled();
				long imageSeed = Seeds.derive(seed, m.key(), i);
				SyntheticTemGenerator.Sample sample = generator.generate(m, size, imageSeed);
				String name = String.format("%s-%0" + digits + "d.png", m.key(), i);
				String image = "images/" + m.key() + "/" + name, mask = "masks/" + m.key() + "/" + name;
				ImageFiles.writePng(sample.image(), outDir.resolve(image));
				ImageFiles.writeMaskPng(sample.mask(), size, size, outDir.resolve(mask));
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("image", image);
				entry.put("mask", mask);
				entry.put("morphology", m.key());
				entry.put("seed", imageSeed);
				images.add(entry);
				listener.progress("generate", ++done, total, m.key() + " " + i + "/" + perClass);
			}
		}
		AtomicFiles.writeString(outDir.resolve(MANIFEST), manifest(perClass, size, seed, images));
	}

	private static void checkInput(Path outDir, int perClass, int size, boolean overwrite) {
		if (perClass < 1 || perClass > MAX_PER_CLASS)
			throw UserInputException.option("images per class must be 1 to " + MAX_PER_CLASS + ", got " + perClass,
				"choose a count such as 50");
		SyntheticTemGenerator.checkSize(size);
		if (Files.exists(outDir) && !Files.isDirectory(outDir))
			throw UserInputException.about(outDir, "is a file, not a folder", "choose a folder for the dataset");
		if (!overwrite && Files.isDirectory(outDir) && !isEmpty(outDir))
			throw UserInputException.about(outDir, "the output folder already contains files",
				"choose an empty folder or delete it (or ask to overwrite)");
	}

	private static boolean isEmpty(Path dir) {
		try (var entries = Files.list(dir)) {
			return entries.findAny().isEmpty();
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Only what this writer makes: {@code <class>-NNNN.png} in the class folders, and the manifest. */
	private static void deletePreviousOutput(Path outDir) {
		Pattern ours = Pattern.compile("(" + String.join("|", keys()) + ")-\\d{4,}\\.png");
		for (String kind : List.of("images", "masks"))
			for (Morphology m : Morphology.values()) {
				Path dir = outDir.resolve(kind).resolve(m.key());
				if (!Files.isDirectory(dir)) continue;
				try (var files = Files.list(dir)) {
					for (Path f : (Iterable<Path>) files::iterator)
						if (ours.matcher(f.getFileName().toString()).matches()) Files.delete(f);
				}
				catch (IOException e) {
					throw new UncheckedIOException("could not clear " + dir + " before overwriting: " + e.getMessage(), e);
				}
			}
		AtomicFiles.deleteQuietly(outDir.resolve(MANIFEST));
	}

	private static List<String> keys() {
		return java.util.Arrays.stream(Morphology.values()).map(Morphology::key).toList();
	}

	private String manifest(int perClass, int size, long seed, List<Map<String, Object>> images) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("seed", seed);
		m.put("size", size);
		m.put("per_class", perClass);
		m.put("classes", keys());
		m.put("image_seed", "each image is SyntheticTemGenerator.generate(morphology, size, image seed); image seeds are "
			+ "derived from (seed, morphology key, index from 1)");
		m.put("mask_values", "0 = background, 1 = nanowire");
		m.put("parameters", generator.parameters());
		m.put("images", images);
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(m) + "\n";
	}
}
