package org.ssltem.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run at a time per output: a lock file holding the process id, host, start time and command of the run that
 * owns the output. A second run finds it and refuses at once, naming the first. The lock is released when the run
 * ends (normally, by an error or by Ctrl-C); a lock left by a killed run is taken over when its process is no longer
 * alive on this host.
 */
public final class RunLock implements AutoCloseable {

	/** The lock file inside an output folder. */
	public static final String FILE = ".ssl-tem-run.lock";

	/** Locks this JVM holds: a lock file with this process id is stale unless it is one of them. */
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	private final Path file;
	private final String content;

	private RunLock(Path file, String content) {
		this.file = file;
		this.content = content;
	}

	/** The lock of an output folder ({@link #FILE} inside it). */
	public static RunLock acquireFolder(Path folder, String command, String option) {
		return acquire(folder.resolve(FILE), folder, command, option);
	}

	/** The lock of an output file: a hidden sibling {@code .<name>.ssl-tem-run.lock}. */
	public static RunLock acquireFile(Path file, String command, String option) {
		Path abs = file.toAbsolutePath().normalize();
		return acquire(abs.resolveSibling("." + abs.getFileName() + FILE), abs, command, option);
	}

	private static RunLock acquire(Path lockFile, Path output, String command, String option) {
		Path lock = lockFile.toAbsolutePath().normalize();
		String content = describeThisRun(command);
		for (int attempt = 0; attempt < 3; attempt++) {
			if (tryCreate(lock, content, option)) {
				HELD.add(lock);
				return new RunLock(lock, content);
			}
			Map<String, String> owner = read(lock);
			if (owner == null) continue; // released between our two looks
			if (!isStale(lock, owner)) throw inUse(output, option, lock, owner);
			// the owner died without releasing: take its lock over
			try {
				Files.deleteIfExists(lock);
			}
			catch (IOException e) {
				throw UserInputException.about(lock, "a lock left by a run that is no longer alive cannot be removed (" + e.getMessage() + ")",
					"delete this file by hand, then start again");
			}
		}
		Map<String, String> owner = read(lock);
		throw inUse(output, option, lock, owner == null ? Map.of() : owner);
	}

	/** Releases the lock; a lock already gone (the folder removed by the run itself) is fine. */
	@Override
	public void close() {
		HELD.remove(file);
		try {
			// only our own lock: never remove one a later run has taken over
			if (Files.isRegularFile(file) && content.equals(Files.readString(file, StandardCharsets.UTF_8))) Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// the folder is gone or unreadable; the lock is stale then and the next run takes it over
		}
	}

	public Path file() {
		return file;
	}

	private static boolean tryCreate(Path lock, String content, String option) {
		Path tmp = null;
		try {
			Files.createDirectories(lock.getParent());
			tmp = lock.resolveSibling(lock.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
			Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			try {
				// a hard link fails when the lock exists, so exactly one run wins, and the winner's file is complete
				Files.createLink(lock, tmp);
			}
			catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
				if (noLinks instanceof FileAlreadyExistsException) return false;
				Files.writeString(lock, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			}
			return true;
		}
		catch (FileAlreadyExistsException e) {
			return false;
		}
		catch (IOException e) {
			throw OutputFolder.cannotWrite(lock.getParent(), e, option);
		}
		finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				}
				catch (IOException ignored) {
					// a leftover .tmp is removed by the next run's clean-up
				}
			}
		}
	}

	static String describeThisRun(String command) {
		ProcessHandle self = ProcessHandle.current();
		StringBuilder s = new StringBuilder();
		s.append("pid=").append(self.pid()).append('\n');
		s.append("host=").append(host()).append('\n');
		s.append("started=").append(Instant.now()).append('\n');
		self.info().startInstant().ifPresent(t -> s.append("process_started=").append(t).append('\n'));
		s.append("command=").append(command).append('\n');
		return s.toString();
	}

	private static Map<String, String> read(Path lock) {
		try {
			Map<String, String> m = new LinkedHashMap<>();
			for (String line : Files.readAllLines(lock, StandardCharsets.UTF_8)) {
				int eq = line.indexOf('=');
				if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
			}
			return m;
		}
		catch (NoSuchFileException e) {
			return null;
		}
		catch (IOException e) {
			return Map.of();
		}
	}

	/** Stale: written on this host by a process that is gone (or by this JVM, which no longer holds it). */
	static boolean isStale(Path lock, Map<String, String> owner) {
		if (!host().equals(owner.get("host"))) return false;
		long pid;
		try {
			pid = Long.parseLong(owner.getOrDefault("pid", ""));
		}
		catch (NumberFormatException e) {
			// unreadable: stale once it is old enough that its writer cannot still be writing it
			return ageOf(lock).compareTo(Duration.ofSeconds(10)) > 0;
		}
		if (pid == ProcessHandle.current().pid()) return !HELD.contains(lock);
		var process = ProcessHandle.of(pid);
		if (process.isEmpty() || !process.get().isAlive()) return true;
		// the same number may belong to a newer process: compare start times when both are known
		String started = owner.get("process_started");
		var actual = process.get().info().startInstant();
		return started != null && actual.isPresent() && !actual.get().toString().equals(started);
	}

	private static Duration ageOf(Path lock) {
		try {
			return Duration.between(Files.getLastModifiedTime(lock).toInstant(), Instant.now());
		}
		catch (IOException e) {
			return Duration.ZERO;
		}
	}

	private static UserInputException inUse(Path output, String option, Path lock, Map<String, String> owner) {
		String who = "process " + owner.getOrDefault("pid", "?") + " on " + owner.getOrDefault("host", "?") + ", started "
			+ owner.getOrDefault("started", "?") + (owner.containsKey("command") ? ", ssl-tem " + owner.get("command") : "");
		boolean here = host().equals(owner.get("host"));
		return UserInputException.about(output, "is in use by another run (" + who + "); nothing was written",
			"wait for that run to finish or stop it, or choose another " + option
				+ (here ? "" : "; if that run is gone, delete " + lock));
	}

	private static volatile String host;

	static String host() {
		if (host == null) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (IOException e) {
				host = "localhost";
			}
		}
		return host;
	}
}
