package org.ssltem.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An output a run owns from its first check to its end: the folder (or the folder of an output file) is proved
 * creatable and writable with a probe file before any model is loaded, a {@link RunLock} keeps other runs out,
 * temporary files left by an interrupted run are removed, and a folder this run created is removed again if the
 * run ends without writing anything into it.
 */
public final class OutputFolder implements AutoCloseable {

	/**
	 * Hidden temporary entries the engine writes next to its outputs before renaming them into place, by their exact
	 * shapes (a user's own hidden files are left alone): {@code .name.<hex>.tmp} and {@code .name.<hex>.tmp.png}
	 * ({@link AtomicFiles}, mask files), {@code .epoch-0003.tmp-<hex>} (checkpoint folders), {@code .ij-<digits>.png}
	 * (ImageJ's writer) and the probe.
	 */
	private static final Pattern TEMPORARY = Pattern.compile(
		"^\\..+\\.[0-9a-f]+\\.tmp(\\.[A-Za-z]+)?$|^\\..+\\.tmp-[0-9a-f]+$|^\\.ij-\\d+\\.(png|tif)$|^\\.ssl-tem-probe-\\d+-\\d+$");

	/** Bytes the probe writes: enough that a full disk refuses it. */
	private static final int PROBE_BYTES = 64 * 1024;

	private final Path folder;
	/** The topmost folder this run created, or null. */
	private final Path created;
	private final RunLock lock;
	private final List<Path> cleaned;

	private OutputFolder(Path folder, Path created, RunLock lock, List<Path> cleaned) {
		this.folder = folder;
		this.created = created;
		this.lock = lock;
		this.cleaned = cleaned;
	}

	/**
	 * Claims an output folder for {@code command}: creates it if needed, proves it writable, locks it and removes
	 * stale temporary files. {@code option} is how the user named it (marked as a key, {@code {{out}}}), for messages.
	 */
	public static OutputFolder claim(Path folder, String command, String option) {
		Path dir = folder.toAbsolutePath().normalize();
		if (Files.exists(dir) && !Files.isDirectory(dir))
			throw UserInputException.about(dir, "is a file, not a folder", "give " + option + " a new or empty folder, not a file");
		Path created = createFolders(dir, option);
		try {
			probe(dir, option);
			RunLock lock = RunLock.acquireFolder(dir, command, option);
			return new OutputFolder(dir, created, lock, removeTemporaryFiles(dir));
		}
		catch (RuntimeException e) {
			removeIfEmpty(created);
			throw e;
		}
	}

	/**
	 * Claims an output file: its folder is created if needed and proved writable, and the file is locked (a hidden
	 * sibling lock file). A folder given where a file is expected is refused.
	 */
	public static OutputFolder claimFile(Path file, String command, String option) {
		Path f = file.toAbsolutePath().normalize();
		if (Files.isDirectory(f))
			throw UserInputException.about(f, "is a folder, not a file", "give " + option + " a file name, e.g. " + f.resolve("out.csv"));
		Path dir = f.getParent();
		Path created = createFolders(dir, option);
		try {
			probe(dir, option);
			RunLock lock = RunLock.acquireFile(f, command, option);
			return new OutputFolder(dir, created, lock, List.of());
		}
		catch (RuntimeException e) {
			removeIfEmpty(created);
			throw e;
		}
	}

	public Path path() {
		return folder;
	}

	/** Whether this run created the folder (so it may remove it again when it writes nothing). */
	public boolean created() {
		return created != null;
	}

	/** Temporary files of an interrupted earlier run that the claim removed. */
	public List<Path> cleaned() {
		return cleaned;
	}

	/** Whether the folder holds nothing but this run's lock. */
	public boolean isEmpty() {
		try (Stream<Path> s = Files.list(folder)) {
			return s.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE));
		}
		catch (IOException e) {
			throw UserInputException.about(folder, "cannot be read (" + e.getMessage() + ")", "check its permissions");
		}
	}

	/** Releases the lock, and removes the folder again when this run created it and left nothing in it. */
	@Override
	public void close() {
		lock.close();
		removeIfEmpty(created);
	}

	/**
	 * Refuses to start writing {@code what} when the disk holding {@code folder} has less than {@code bytes} free,
	 * before anything is written: a message naming the folder and the fix instead of a write failing half-way.
	 */
	public static void requireFreeSpace(Path folder, long bytes, String what, String option) {
		long free;
		try {
			free = Files.getFileStore(existingAncestor(folder.toAbsolutePath())).getUsableSpace();
		}
		catch (IOException e) {
			return; // unknown: the write itself will tell
		}
		if (free < bytes)
			throw UserInputException.about(folder, "the disk is full: writing " + what + " needs about " + megabytes(bytes) + " and " + megabytes(free)
				+ " are free", "free space on that disk, or choose " + option + " on another disk; nothing was lost");
	}

	/** A write that failed, worded by cause: permission, a read-only file system, a full disk. */
	public static UserInputException cannotWrite(Path folder, IOException e, String option) {
		String msg = String.valueOf(e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage());
		if (msg.contains("No space left") || msg.contains("Disk quota"))
			return UserInputException.about(folder, "the disk is full (" + msg + "); nothing half-written was kept",
				"free space on that disk, or choose " + option + " on another disk");
		if (msg.contains("Read-only file system"))
			return UserInputException.about(folder, "is on a read-only file system", "choose " + option + " on a disk you can write to");
		if (e instanceof AccessDeniedException || msg.contains("Permission denied") || msg.contains("Operation not permitted"))
			return UserInputException.about(folder, "cannot be written (permission denied)", "choose " + option + " in a folder you can write to, or change its permissions");
		return UserInputException.about(folder, "cannot be written (" + msg + ")", "check the path, free disk space and write permission, or choose another " + option);
	}

	/** Creates {@code dir} and its missing parents; returns the topmost folder created, or null if it existed. */
	private static Path createFolders(Path dir, String option) {
		Path existing = existingAncestor(dir);
		if (!Files.isDirectory(existing))
			throw UserInputException.about(dir, "cannot be created: " + existing + " is a file, not a folder",
				"choose " + option + " in a folder (not inside a file)");
		if (existing.equals(dir)) return null;
		Path top = dir;
		while (!top.getParent().equals(existing)) top = top.getParent();
		try {
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			removeIfEmpty(top);
			throw cannotWrite(existing, e, option);
		}
		return top;
	}

	private static Path existingAncestor(Path p) {
		Path q = p;
		while (q != null && !Files.exists(q)) q = q.getParent();
		return q == null ? p.getRoot() : q;
	}

	/** Writes and deletes a small file, so a read-only folder or a full disk is found before any work. */
	private static void probe(Path dir, String option) {
		Path probe = dir.resolve(".ssl-tem-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
		try {
			Files.write(probe, new byte[PROBE_BYTES], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
		}
		catch (IOException e) {
			throw cannotWrite(dir, e, option);
		}
		finally {
			try {
				Files.deleteIfExists(probe);
			}
			catch (IOException ignored) {
				// removed by the next claim's clean-up
			}
		}
	}

	private static List<Path> removeTemporaryFiles(Path dir) {
		List<Path> found = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(dir, 3)) {
			walk.filter(p -> !p.equals(dir) && TEMPORARY.matcher(p.getFileName().toString()).matches()).forEach(found::add);
		}
		catch (IOException e) {
			return List.of();
		}
		// the lock's own temporary file (.ssl-tem-run.lock.<pid>.<n>.tmp) may belong to a live run racing for the lock
		found.removeIf(p -> p.getFileName().toString().startsWith(RunLock.FILE));
		found.sort(Comparator.comparingInt(Path::getNameCount));
		List<Path> removed = new ArrayList<>();
		for (Path p : found) {
			if (!Files.exists(p)) continue;
			AtomicFiles.deleteQuietly(p);
			removed.add(p);
		}
		return removed;
	}

	/** Removes {@code top} if it holds no file (empty sub-folders and a lock do not count). */
	private static void removeIfEmpty(Path top) {
		if (top == null || !Files.isDirectory(top)) return;
		try (Stream<Path> walk = Files.walk(top)) {
			if (walk.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(RunLock.FILE))) return;
		}
		catch (IOException e) {
			return;
		}
		AtomicFiles.deleteQuietly(top);
	}

	private static String megabytes(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
	}

}
