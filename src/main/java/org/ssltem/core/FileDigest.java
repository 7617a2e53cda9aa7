package org.ssltem.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Size and SHA-256 of a file, recorded when it is written and checked when it is read back, so a truncated or
 * altered file is named as damaged instead of failing somewhere later with a puzzling error.
 */
public record FileDigest(long size, String sha256) {

	public static FileDigest of(Path file) {
		try {
			return new FileDigest(Files.size(file), Hashing.sha256(file));
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read " + file + " to check it", e);
		}
	}

	/** Every regular file directly in {@code folder}, by name, sorted. */
	public static Map<String, FileDigest> ofFolder(Path folder) {
		Map<String, FileDigest> out = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path p : (Iterable<Path>) files::iterator)
				if (Files.isRegularFile(p)) out.put(p.getFileName().toString(), of(p));
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not list " + folder, e);
		}
		return out;
	}

	/**
	 * What is wrong with the files of {@code folder} against what was recorded, in words ("variables.index is 120
	 * bytes, 4096 were written"), or null when every recorded file is there with its size and hash.
	 */
	public static String damage(Path folder, Map<String, FileDigest> recorded) {
		for (var e : recorded.entrySet()) {
			Path f = folder.resolve(e.getKey());
			if (!Files.isRegularFile(f)) return e.getKey() + " is missing";
			long size;
			try {
				size = Files.size(f);
			}
			catch (IOException ex) {
				return e.getKey() + " cannot be read (" + ex.getMessage() + ")";
			}
			if (size != e.getValue().size()) return e.getKey() + " is " + size + " bytes, " + e.getValue().size() + " were written";
			if (!Hashing.sha256(f).equals(e.getValue().sha256())) return e.getKey() + " has the right size but different content (SHA-256 differs)";
		}
		return null;
	}
}
