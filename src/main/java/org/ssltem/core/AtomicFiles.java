package org.ssltem.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old content or the new one, never half a file: the bytes
 * go to a temporary file in the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** Writes content produced by {@code writer} to {@code target} atomically. */
	public static void write(Path target, IoConsumer<OutputStream> writer) {
		Path dir = target.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(dir);
			// a plain new file (not createTempFile, which is private to the owner), so the result has the user's umask
			tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
			try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				writer.accept(out);
			}
			moveReplacing(tmp, target);
			tmp = null;
		}
		catch (IOException e) {
			throw OutputFolder.cannotWrite(target, e, "an output");
		}
		finally {
			deleteQuietly(tmp);
		}
	}

	public static void writeString(Path target, String text) {
		write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** Renames {@code source} to {@code target}, atomically where the file system allows it. */
	public static void moveReplacing(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Deletes a file or a folder tree; ignores what is already gone. */
	public static void deleteQuietly(Path path) {
		if (path == null || !Files.exists(path)) return;
		try (var walk = Files.walk(path)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ignored) {
					// best effort: a leftover temporary file is harmless
				}
			});
		}
		catch (IOException ignored) {
			// best effort
		}
	}

	@FunctionalInterface
	public interface IoConsumer<T> {
		void accept(T t) throws IOException;
	}
}
