package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of images. Flat (images directly inside) means unlabelled; a folder of class folders means labelled,
 * each subfolder being one class. Class names are sorted and a class's index is its position in that order.
 * Entries are sorted by class, then file name, so every run sees the same order.
 */
public final class ImageDataset {

	/** One image; {@code className} is null and {@code classIndex} is -1 in a flat dataset. */
	public record Entry(Path file, String className, int classIndex) {}

	private static final String EXTENSIONS = "png, tif, tiff, jpg, jpeg";

	private final Path root;
	private final List<String> classNames;
	private final List<Entry> entries;

	private ImageDataset(Path root, List<String> classNames, List<Entry> entries) {
		this.root = root;
		this.classNames = List.copyOf(classNames);
		this.entries = List.copyOf(entries);
	}

	/** Reads the folder layout (not the images); refuses layouts we would have to guess about. */
	public static ImageDataset scan(Path dir) {
		checkFolder(dir);
		List<Path> images = new ArrayList<>();
		List<Path> subfolders = new ArrayList<>();
		int otherFiles = 0;
		for (Path p : list(dir)) {
			if (Files.isDirectory(p)) subfolders.add(p);
			else if (ImageFiles.isImageFile(p)) images.add(p);
			else otherFiles++;
		}
		if (!images.isEmpty() && !subfolders.isEmpty())
			throw UserInputException.about(dir, "has both " + count(images.size(), "image file") + " and "
				+ count(subfolders.size(), "subfolder") + " (" + names(subfolders) + "), so it is neither a flat folder of images nor a folder of class folders",
				"for unlabelled images move the subfolders out; for classes move the top-level images into their class folders");
		if (!subfolders.isEmpty()) return labelled(dir, subfolders);
		if (images.isEmpty())
			throw UserInputException.about(dir, "no images (" + EXTENSIONS + ") in this folder"
				+ (otherFiles > 0 ? ", only " + count(otherFiles, "other file") : ", it is empty"),
				"put the images (or one folder per class) in it, or give the folder that holds them");
		List<Entry> entries = new ArrayList<>();
		for (Path image : images) entries.add(new Entry(image, null, -1));
		return new ImageDataset(dir, List.of(), entries);
	}

	private static ImageDataset labelled(Path dir, List<Path> classFolders) {
		List<String> classNames = new ArrayList<>();
		List<Entry> entries = new ArrayList<>();
		for (Path folder : classFolders) {
			String className = folder.getFileName().toString();
			checkFolder(folder);
			List<Path> images = list(folder).stream().filter(p -> !Files.isDirectory(p) && ImageFiles.isImageFile(p)).toList();
			if (images.isEmpty())
				throw UserInputException.about(folder, "class folder '" + className + "' has no images (" + EXTENSIONS + ")",
					"add its images, or remove the folder if it is not a class");
			for (Path image : images) entries.add(new Entry(image, className, classNames.size()));
			classNames.add(className);
		}
		return new ImageDataset(dir, classNames, entries);
	}

	private static void checkFolder(Path dir) {
		if (!Files.exists(dir))
			throw UserInputException.about(dir, "no such folder", "check the path");
		if (!Files.isDirectory(dir))
			throw UserInputException.about(dir, "is a file, not a folder", "give the folder that holds the images (or the class folders)");
		if (!Files.isReadable(dir))
			throw UserInputException.about(dir, "the folder cannot be read", "check its permissions");
	}

	/** Visible children sorted by name; hidden files (".DS_Store", "._x.png") are not data. */
	private static List<Path> list(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> !p.getFileName().toString().startsWith("."))
				.sorted(Comparator.comparing(p -> p.getFileName().toString()))
				.toList();
		}
		catch (IOException e) {
			throw new UserInputException(dir + ": the folder cannot be read (" + e.getMessage() + "). Fix: check its permissions", e);
		}
	}

	private static String count(int n, String noun) {
		return n + " " + noun + (n == 1 ? "" : "s");
	}

	private static String names(List<Path> paths) {
		List<String> names = paths.stream().limit(3).map(p -> p.getFileName().toString()).toList();
		return String.join(", ", names) + (paths.size() > 3 ? ", …" : "");
	}

	/** The first {@code max} entries in the dataset's order, for quick runs; class names (and indices) are kept. */
	public ImageDataset firstN(int max) {
		if (max < 1) throw UserInputException.option("the image limit must be at least 1, got " + max, "use a positive number");
		return max >= entries.size() ? this : new ImageDataset(root, classNames, entries.subList(0, max));
	}

	public Path root() {
		return root;
	}

	public List<Entry> entries() {
		return entries;
	}

	public List<Path> files() {
		return entries.stream().map(Entry::file).toList();
	}

	/** Class index per entry, in entry order (all -1 when flat); the input {@link Splits} expects. */
	public int[] classIndices() {
		return entries.stream().mapToInt(Entry::classIndex).toArray();
	}

	public List<String> classNames() {
		return classNames;
	}

	public boolean labelled() {
		return !classNames.isEmpty();
	}

	public int size() {
		return entries.size();
	}

	@Override
	public String toString() {
		return root + ": " + size() + " images" + (labelled() ? " in " + classNames.size() + " classes " + classNames : "");
	}
}
