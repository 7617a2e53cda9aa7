package org.ssltem.spark;

import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageDataset;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MatchedFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code --images} names: a folder, a glob ({@code /data/day*}{@code /*.tif}) or a text file listing one image
 * per line (blank lines and {@code #} comments skipped). A folder is listed exactly as the single-machine command
 * lists it, so the outputs carry the same names; a glob or a list is keyed by the path below the images' common
 * folder.
 *
 * @param root   the folder keys and CSV paths are relative to
 * @param images sorted by key
 */
public record ImageInputs(Path root, List<InputImage> images) {

	/** How a folder is listed: recursively (segment, morphology) or as a dataset of class folders (features, classify). */
	public enum FolderLayout { RECURSIVE, DATASET }

	public static ImageInputs resolve(String spec, FolderLayout layout) {
		if (spec == null || spec.isBlank()) throw UserInputException.option("{{images}} is empty", "give a folder, a glob or a .txt list of images");
		if (HadoopFiles.isUri(spec)) return HadoopInputs.resolve(spec, layout);
		Path asPath = isGlob(spec) ? null : Path.of(spec).toAbsolutePath().normalize();
		if (asPath != null && Files.isDirectory(asPath)) return folder(asPath, layout);
		if (asPath != null && Files.isRegularFile(asPath) && asPath.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".txt"))
			return listed(asPath);
		if (asPath != null && Files.isRegularFile(asPath)) return of(List.of(asPath), spec);
		if (asPath != null) throw UserInputException.about(asPath, "no such file or folder", "give {{images}} a folder, a glob such as 'DIR/*.tif', or a .txt list");
		return globbed(spec);
	}

	private static ImageInputs folder(Path dir, FolderLayout layout) {
		List<InputImage> out = new ArrayList<>();
		if (layout == FolderLayout.DATASET) {
			for (ImageDataset.Entry e : ImageDataset.scan(dir).entries())
				out.add(new InputImage(MatchedFiles.key(dir, e.file()), e.file().toString(), e.className()));
		}
		else {
			for (Map.Entry<String, Path> e : MatchedFiles.index(dir, "{{images}}").entrySet()) out.add(new InputImage(e.getKey(), e.getValue().toString(), null));
		}
		return new ImageInputs(dir, out);
	}

	private static ImageInputs listed(Path list) {
		List<String> lines;
		try {
			lines = Files.readAllLines(list, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw UserInputException.about(list, "cannot be read (" + e.getMessage() + ")", "check the path and its permissions");
		}
		return of(listedPaths(list, lines), list.toString());
	}

	/** The image paths a list names, relative ones resolved against the list's folder. */
	static List<Path> listedPaths(Path list, List<String> lines) {
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) continue;
			Path p = list.getParent().resolve(line).toAbsolutePath().normalize();
			if (!ImageFiles.isImageFile(p))
				throw UserInputException.about(list, "line " + (i + 1) + " (" + line + ") is not an image (png, tif, tiff, jpg, jpeg)", "list one image path per line");
			files.add(p);
		}
		return files;
	}

	private static ImageInputs globbed(String glob) {
		// walk from the deepest folder before the first wildcard
		String prefix = glob.substring(0, firstWildcard(glob));
		int slash = prefix.lastIndexOf('/');
		Path fixed = Path.of(slash < 0 ? "" : slash == 0 ? "/" : prefix.substring(0, slash)).toAbsolutePath().normalize();
		String pattern = slash < 0 ? fixed.resolve(glob).toString() : fixed + glob.substring(slash);
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		List<Path> files = new ArrayList<>();
		if (Files.isDirectory(fixed)) {
			try (Stream<Path> walk = Files.walk(fixed)) {
				walk.filter(p -> Files.isRegularFile(p) && ImageFiles.isImageFile(p) && matcher.matches(p)).sorted().forEach(files::add);
			}
			catch (IOException e) {
				throw UserInputException.about(fixed, "cannot be listed (" + e.getMessage() + ")", "check its permissions");
			}
		}
		if (files.isEmpty())
			throw UserInputException.option("{{images}} " + glob + " matches no images (png, tif, tiff, jpg, jpeg) under " + fixed,
				"check the pattern, and quote it so the shell does not expand it");
		return of(files, glob);
	}

	private static int firstWildcard(String glob) {
		int i = 0;
		while (i < glob.length() && "*?[{".indexOf(glob.charAt(i)) < 0) i++;
		return i;
	}

	private static boolean isGlob(String spec) {
		return firstWildcard(spec) < spec.length();
	}

	/** Listed files keyed by their path below the deepest folder they share. */
	private static ImageInputs of(List<Path> files, String what) {
		return of(files, what, file -> {
			if (!Files.isRegularFile(file))
				throw UserInputException.about(file, "no such image (listed in " + what + ")", "fix the path or remove the line");
			return file.toString();
		});
	}

	/**
	 * Files keyed by their path below the deepest folder they share.
	 *
	 * @param location where executors read a file (checked to exist, or a URI of it on a Hadoop file system)
	 */
	static ImageInputs of(List<Path> files, String what, java.util.function.Function<Path, String> location) {
		if (files.isEmpty()) throw UserInputException.option("{{images}} " + what + " names no images", "list at least one image");
		Path root = files.get(0).toAbsolutePath().normalize().getParent();
		for (Path f : files)
			while (!f.toAbsolutePath().normalize().startsWith(root)) root = root.getParent();
		TreeMap<String, InputImage> byKey = new TreeMap<>();
		for (Path f : files) {
			Path file = f.toAbsolutePath().normalize();
			String key = MatchedFiles.key(root, file);
			String at = location.apply(file);
			InputImage before = byKey.put(key, new InputImage(key, at, null));
			if (before != null && !before.path().equals(at))
				throw UserInputException.about(file, "has the same name as " + before.path() + " apart from its ending, so their outputs would collide",
					"keep one of the two");
		}
		return new ImageInputs(root, List.copyOf(byKey.values()));
	}
}
