package org.ssltem.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.ssltem.core.UserInputException;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.MatchedFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code --images} as a URI ({@code hdfs://nn/frames/}, {@code 's3a://bucket/day-*}{@code /*.tif'},
 * {@code file:///data/list.txt}): listed through Hadoop's FileSystem with the rules of a local folder, glob or list,
 * so the outputs carry the same names. Globs are Hadoop's ({@code *}, {@code ?}, {@code [ab]}, {@code {a,b}} within
 * one folder level).
 */
final class HadoopInputs {

	private HadoopInputs() {}

	static ImageInputs resolve(String spec, ImageInputs.FolderLayout layout) {
		URI uri = HadoopFiles.uri(spec);
		FileSystem fs = HadoopFiles.fileSystem(uri);
		org.apache.hadoop.fs.Path path = HadoopFiles.path(uri);
		Function<Path, String> location = file -> locate(uri, file);
		try {
			if (spec.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
				FileStatus[] matched = fs.globStatus(path);
				List<Path> files = new ArrayList<>();
				for (FileStatus s : matched == null ? new FileStatus[0] : matched)
					if (s.isFile() && isImage(s.getPath())) files.add(local(s.getPath()));
				if (files.isEmpty())
					throw UserInputException.option("{{images}} " + spec + " matches no images (png, tif, tiff, jpg, jpeg)",
						"check the pattern (Hadoop's globs match within one folder level), and quote it so the shell does not expand it");
				return ImageInputs.of(files, spec, location);
			}
			if (!fs.exists(path))
				throw UserInputException.option("{{images}} " + spec + ": no such file or folder", "give a folder, a glob such as 'hdfs://nn/frames/*.tif', or a .txt list");
			FileStatus status = fs.getFileStatus(path);
			if (status.isDirectory()) return layout == ImageInputs.FolderLayout.DATASET ? dataset(fs, path, location) : recursive(fs, path, location);
			if (path.getName().toLowerCase(Locale.ROOT).endsWith(".txt")) {
				List<String> lines;
				try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
					lines = r.lines().toList();
				}
				// listed files are not looked up one by one (slow on an object store): a missing one becomes a row of the errors table
				return ImageInputs.of(ImageInputs.listedPaths(local(path), lines), spec, location);
			}
			if (!isImage(path)) throw UserInputException.option("{{images}} " + spec + " is not an image (png, tif, tiff, jpg, jpeg), a folder or a .txt list",
				"give a folder, a glob or a .txt list of images");
			return ImageInputs.of(List.of(local(path)), spec, location);
		}
		catch (IOException e) {
			throw UserInputException.option("{{images}} " + spec + " cannot be listed (" + e.getMessage() + ")", "check the URI and your access to it");
		}
	}

	/** As {@link MatchedFiles#index}: every image below, hidden files and folders skipped, keyed by relative path. */
	private static ImageInputs recursive(FileSystem fs, org.apache.hadoop.fs.Path dir, Function<Path, String> location) throws IOException {
		Path root = local(dir);
		TreeMap<String, InputImage> byKey = new TreeMap<>();
		RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
		while (files.hasNext()) {
			LocatedFileStatus s = files.next();
			Path file = local(s.getPath());
			if (!s.isFile() || !isImage(s.getPath()) || hidden(root, file)) continue;
			String key = MatchedFiles.key(root, file);
			InputImage before = byKey.put(key, new InputImage(key, location.apply(file), null));
			if (before != null)
				throw UserInputException.option("{{images}} " + location.apply(file) + " has the same name as " + before.path() + " apart from its ending",
					"keep one of the two");
		}
		if (byKey.isEmpty())
			throw UserInputException.option("{{images}} " + dir + " has no images (png, tif, tiff, jpg, jpeg) in it or below", "give the folder that holds them");
		return new ImageInputs(root, List.copyOf(byKey.values()));
	}

	/** As {@link org.ssltem.data.ImageDataset#scan}: a flat folder of images, or one folder of images per class. */
	private static ImageInputs dataset(FileSystem fs, org.apache.hadoop.fs.Path dir, Function<Path, String> location) throws IOException {
		Path root = local(dir);
		List<FileStatus> entries = visible(fs, dir);
		List<FileStatus> folders = entries.stream().filter(FileStatus::isDirectory).toList();
		List<FileStatus> images = entries.stream().filter(s -> s.isFile() && isImage(s.getPath())).toList();
		if (!folders.isEmpty() && !images.isEmpty())
			throw UserInputException.option("{{images}} " + dir + " has both images and subfolders, so it is neither a flat folder of images nor a folder of class folders",
				"for unlabelled images move the subfolders out; for classes move the top-level images into their class folders");
		List<InputImage> out = new ArrayList<>();
		if (folders.isEmpty()) {
			for (FileStatus s : images) out.add(image(root, s, null, location));
		}
		for (FileStatus folder : folders) {
			String className = folder.getPath().getName();
			List<FileStatus> inClass = visible(fs, folder.getPath()).stream().filter(s -> s.isFile() && isImage(s.getPath())).toList();
			if (inClass.isEmpty())
				throw UserInputException.option("{{images}} class folder " + folder.getPath() + " has no images (png, tif, tiff, jpg, jpeg)",
					"add its images, or remove the folder if it is not a class");
			for (FileStatus s : inClass) out.add(image(root, s, className, location));
		}
		if (out.isEmpty()) throw UserInputException.option("{{images}} " + dir + " has no images (png, tif, tiff, jpg, jpeg)", "give the folder that holds them");
		return new ImageInputs(root, out);
	}

	private static InputImage image(Path root, FileStatus s, String className, Function<Path, String> location) {
		Path file = local(s.getPath());
		return new InputImage(MatchedFiles.key(root, file), location.apply(file), className);
	}

	private static List<FileStatus> visible(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
		return Arrays.stream(fs.listStatus(dir)).filter(s -> !s.getPath().getName().startsWith("."))
			.sorted(Comparator.comparing(s -> s.getPath().getName())).toList();
	}

	private static boolean hidden(Path root, Path file) {
		for (Path part : root.relativize(file))
			if (part.toString().startsWith(".")) return true;
		return false;
	}

	private static boolean isImage(org.apache.hadoop.fs.Path p) {
		return ImageFiles.isImageFile(Path.of(p.getName()));
	}

	/** The path part of a file's URI, for naming (keys, CSV paths); never read from the local disk. */
	static Path local(org.apache.hadoop.fs.Path p) {
		return Path.of(p.toUri().getPath());
	}

	/** The URI executors read a file from: the file system of {@code base}, at {@code file}'s path. */
	private static String locate(URI base, Path file) {
		try {
			return new URI(base.getScheme(), base.getAuthority(), file.toString().replace('\\', '/'), null, null).toString();
		}
		catch (URISyntaxException e) {
			throw new IllegalArgumentException("cannot name " + file + " on " + base, e);
		}
	}
}
