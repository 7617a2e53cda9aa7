package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Pairs the image files of two folders by their relative path without the file ending, searching both folders
 * recursively: {@code images/net/a.png} goes with {@code masks/net/a.tif}. Hidden files are ignored. A file in one
 * folder without a partner in the other is an error, named in the message, never silently dropped.
 */
public final class MatchedFiles {

	/** One pair; {@code key} is the relative path without ending, with '/' separators. */
	public record Pair(String key, Path first, Path second) {}

	private MatchedFiles() {}

	/**
	 * @param firstRole  how the user calls the first folder in messages, e.g. "--predicted"
	 * @param secondRole e.g. "--truth"
	 */
	public static List<Pair> match(Path first, String firstRole, Path second, String secondRole) {
		Map<String, Path> a = index(first, firstRole, ImageFiles::isImageFile, second);
		Map<String, Path> b = index(second, secondRole, ImageFiles::isImageFile, first);
		List<String> onlyA = a.keySet().stream().filter(k -> !b.containsKey(k)).toList();
		List<String> onlyB = b.keySet().stream().filter(k -> !a.containsKey(k)).toList();
		if (!onlyA.isEmpty())
			throw UserInputException.about(a.get(onlyA.get(0)), "has no matching file in " + secondRole + " " + second
				+ describe(onlyA), "add the missing " + secondRole + " files (same relative path and name, any image ending) or remove these");
		if (!onlyB.isEmpty())
			throw UserInputException.about(b.get(onlyB.get(0)), "has no matching file in " + firstRole + " " + first
				+ describe(onlyB), "add the missing " + firstRole + " files (same relative path and name, any image ending) or remove these");
		List<Pair> pairs = new ArrayList<>();
		for (var e : a.entrySet()) pairs.add(new Pair(e.getKey(), e.getValue(), b.get(e.getKey())));
		return pairs;
	}

	/** Labelled images with their masks, and the images that have none. */
	public record Labelled(List<Pair> pairs, List<Path> unlabelled) {}

	/**
	 * Images and their masks for training: a mask is an image file or a Labkit {@code .labeling} ({@link SparseMasks}),
	 * an image without a mask is returned apart (it has no labels, which is not an error), a mask without an image is an
	 * error. A masks folder inside the images folder (e.g. {@code images/masks/}) is not searched for images.
	 */
	public static Labelled matchLabelled(Path images, String imagesRole, Path masks, String masksRole) {
		Map<String, Path> a = index(images, imagesRole, ImageFiles::isImageFile, masks);
		Map<String, Path> b = index(masks, masksRole, SparseMasks::isMaskFile, images);
		List<String> onlyB = b.keySet().stream().filter(k -> !a.containsKey(k)).toList();
		if (!onlyB.isEmpty())
			throw UserInputException.about(b.get(onlyB.get(0)), "has no matching image in " + imagesRole + " " + images + describe(onlyB),
				"add the missing images (same relative path and name, any image ending) or remove these masks");
		List<Pair> pairs = new ArrayList<>();
		List<Path> unlabelled = new ArrayList<>();
		for (var e : a.entrySet()) {
			Path mask = b.get(e.getKey());
			if (mask == null) unlabelled.add(e.getValue());
			else pairs.add(new Pair(e.getKey(), e.getValue(), mask));
		}
		if (pairs.isEmpty()) throw UserInputException.about(masks, "holds no mask for any image of " + images, "give " + masksRole + " the folder of the masks");
		return new Labelled(pairs, unlabelled);
	}

	/** Image files under {@code dir} (recursive, sorted) keyed by relative path without ending. */
	public static Map<String, Path> index(Path dir, String role) {
		return index(dir, role, ImageFiles::isImageFile, null);
	}

	/**
	 * Images to segment under {@code dir}: as {@link #index(Path, String)}, but the {@code masks/} folder in which the
	 * annotate windows save the masks beside their images is not searched (its masks are not images to segment).
	 */
	public static Map<String, Path> imagesWithoutMasks(Path dir, String role) {
		return index(dir, role, ImageFiles::isImageFile, dir.resolve("masks"));
	}

	/** Files {@code accept}ed under {@code dir} (recursive, sorted), not under {@code skip} when it lies inside {@code dir}. */
	static Map<String, Path> index(Path dir, String role, java.util.function.Predicate<Path> accept, Path skip) {
		Path skipped = skip == null ? null : skip.toAbsolutePath().normalize();
		Path root = dir.toAbsolutePath().normalize();
		boolean skipInside = skipped != null && !skipped.equals(root) && skipped.startsWith(root);
		if (!Files.isDirectory(dir))
			throw UserInputException.about(dir, Files.exists(dir) ? "is a file, not a folder" : "no such folder",
				"give " + role + " a folder of images");
		Map<String, Path> out = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
				if (!Files.isRegularFile(p) || !accept.test(p) || hidden(dir, p)) continue;
				if (skipInside && p.toAbsolutePath().normalize().startsWith(skipped)) continue;
				String key = key(dir, p);
				Path before = out.put(key, p);
				if (before != null)
					throw UserInputException.about(p, "has the same name as " + before.getFileName() + " apart from its ending, so it is ambiguous which one to use",
						"keep one of the two in " + role);
			}
		}
		catch (IOException e) {
			throw UserInputException.about(dir, "the folder cannot be read (" + e.getMessage() + ")", "check its permissions");
		}
		if (out.isEmpty())
			throw UserInputException.about(dir, "no images (png, tif, tiff, jpg, jpeg) in this folder or below", "give " + role + " the folder that holds them");
		return out;
	}

	/** Relative path without the image ending, '/'-separated. */
	public static String key(Path root, Path file) {
		String rel = root.relativize(file).toString().replace('\\', '/');
		String lower = rel.toLowerCase(Locale.ROOT);
		for (String ext : ImageFiles.IMAGE_EXTENSIONS)
			if (lower.endsWith(ext)) return rel.substring(0, rel.length() - ext.length());
		if (lower.endsWith(SparseMasks.LABELING)) return rel.substring(0, rel.length() - SparseMasks.LABELING.length());
		return rel;
	}

	private static boolean hidden(Path root, Path p) {
		for (Path part : root.relativize(p))
			if (part.toString().startsWith(".")) return true;
		return false;
	}

	private static String describe(List<String> keys) {
		return keys.size() == 1 ? "" : " (and " + (keys.size() - 1) + " more: " + String.join(", ", keys.subList(1, Math.min(4, keys.size())))
			+ (keys.size() > 4 ? ", …" : "") + ")";
	}
}
