package org.ssltem.spark;

import org.apache.hadoop.fs.FileSystem;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The {@code --out} folder of a job, its files named by '/'-separated paths relative to it: a local folder (written in
 * place, each file atomically) or a folder named by a URI on a Hadoop file system. There the operations write into a
 * local staging folder first, and each finished file is {@link #publish published} whole (a hidden name, then a
 * rename), so a retried or speculative task never leaves half a file either.
 */
abstract sealed class OutputStore implements Serializable {

	private static final long serialVersionUID = 1L;

	static OutputStore of(String out) {
		if (out == null || out.isBlank()) throw UserInputException.option("{{out}} is empty", "give a folder or a URI such as hdfs://namenode/out");
		return HadoopFiles.isUri(out) ? new Hadoop(HadoopFiles.uri(out)) : new Local(Path.of(out).toAbsolutePath().normalize());
	}

	/** How to name the folder to a user and to Spark's readers (a path or a URI). */
	abstract String location();

	/** {@link #location} of a file in it. */
	abstract String location(String relative);

	/** A file in it as a URI, for Hadoop's and Parquet's writers. */
	abstract URI uri(String relative);

	abstract boolean exists(String relative);

	abstract InputStream open(String relative) throws IOException;

	/** Writes a file whole or not at all. */
	abstract void write(String relative, AtomicFiles.IoConsumer<OutputStream> writer);

	/**
	 * The local folder the operations write into: {@code --out} itself when local, else a fresh staging folder that
	 * the caller deletes.
	 */
	abstract Path workFolder() throws IOException;

	/** Makes the files written under {@link #workFolder} visible in {@code --out} (nothing to do for a local folder). */
	abstract void publish(Path workFolder, List<Path> files) throws IOException;

	/** Renames a file or folder over another, replacing it. */
	abstract void replace(String source, String target) throws IOException;

	abstract void delete(String relative);

	static String relative(Path folder, Path file) {
		return folder.relativize(file).toString().replace('\\', '/');
	}

	static final class Local extends OutputStore {

		private static final long serialVersionUID = 1L;
		private final String folder;

		Local(Path folder) {
			this.folder = folder.toString();
		}

		Path folder() {
			return Path.of(folder);
		}

		private Path file(String relative) {
			return Path.of(folder).resolve(relative);
		}

		@Override
		String location() {
			return folder;
		}

		@Override
		String location(String relative) {
			return file(relative).toString();
		}

		@Override
		URI uri(String relative) {
			return file(relative).toUri();
		}

		@Override
		boolean exists(String relative) {
			return Files.exists(file(relative));
		}

		@Override
		InputStream open(String relative) throws IOException {
			return Files.newInputStream(file(relative));
		}

		@Override
		void write(String relative, AtomicFiles.IoConsumer<OutputStream> writer) {
			AtomicFiles.write(file(relative), writer);
		}

		@Override
		Path workFolder() {
			return Path.of(folder);
		}

		@Override
		void publish(Path workFolder, List<Path> files) {}

		@Override
		void replace(String source, String target) throws IOException {
			Path old = file(target).resolveSibling("." + file(target).getFileName() + ".old-" + UUID.randomUUID());
			try {
				if (Files.exists(file(target))) AtomicFiles.moveReplacing(file(target), old);
				AtomicFiles.moveReplacing(file(source), file(target));
			}
			finally {
				AtomicFiles.deleteQuietly(old);
			}
		}

		@Override
		void delete(String relative) {
			AtomicFiles.deleteQuietly(file(relative));
		}
	}

	static final class Hadoop extends OutputStore {

		private static final long serialVersionUID = 1L;
		private final URI folder;
		private transient FileSystem fs;

		Hadoop(URI folder) {
			String p = folder.getPath();
			this.folder = p.endsWith("/") ? folder : URI.create(folder + "/");
		}

		private FileSystem fs() {
			if (fs == null) fs = HadoopFiles.fileSystem(folder);
			return fs;
		}

		private org.apache.hadoop.fs.Path file(String relative) {
			return HadoopFiles.path(folder.resolve(escaped(relative)));
		}

		@Override
		String location() {
			return folder.toString();
		}

		@Override
		String location(String relative) {
			return file(relative).toString();
		}

		@Override
		URI uri(String relative) {
			return file(relative).toUri();
		}

		@Override
		boolean exists(String relative) {
			try {
				return fs().exists(file(relative));
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not look for " + location(relative) + ": " + e.getMessage(), e);
			}
		}

		@Override
		InputStream open(String relative) throws IOException {
			return fs().open(file(relative));
		}

		@Override
		void write(String relative, AtomicFiles.IoConsumer<OutputStream> writer) {
			Path local = null;
			try {
				local = Files.createTempFile("ssl-tem-out-", ".part");
				try (OutputStream out = Files.newOutputStream(local)) {
					writer.accept(out);
				}
				HadoopFiles.upload(local, fs(), file(relative));
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not write " + location(relative) + ": " + e.getMessage(), e);
			}
			finally {
				AtomicFiles.deleteQuietly(local);
			}
		}

		@Override
		Path workFolder() throws IOException {
			return Files.createTempDirectory("ssl-tem-spark-out-");
		}

		@Override
		void publish(Path workFolder, List<Path> files) throws IOException {
			for (Path f : files) {
				HadoopFiles.upload(f, fs(), file(relative(workFolder, f)));
				Files.deleteIfExists(f);
			}
		}

		@Override
		void replace(String source, String target) throws IOException {
			HadoopFiles.replace(fs(), file(source), file(target));
		}

		@Override
		void delete(String relative) {
			try {
				fs().delete(file(relative), true);
			}
			catch (IOException ignored) {
				// best effort: a leftover hidden temporary is harmless
			}
		}

		/**
		 * Keeps a second job out of this folder while one runs: a lock file created only if absent, deleted at the
		 * end. Unlike a local folder's lock, one left by a killed driver is not taken over (a Hadoop file system
		 * cannot tell whether its process still runs): the error says to delete it.
		 */
		Lock lock(String command) {
			String name = ".ssl-tem.lock";
			try {
				fs().mkdirs(HadoopFiles.path(folder));
				try (OutputStream o = fs().create(file(name), false)) {
					o.write((command + " on " + java.net.InetAddress.getLocalHost().getHostName() + " since " + java.time.Instant.now() + "\n")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
			}
			catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
				throw UserInputException.option("{{out}} " + folder + " is in use by another job (" + location(name) + " exists)",
					"wait for that job, or delete " + location(name) + " if no job runs there any more (a killed job leaves it)");
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not create " + location(name) + ": " + e.getMessage(), e);
			}
			return new Lock(name);
		}

		final class Lock implements AutoCloseable {
			private final String name;

			private Lock(String name) {
				this.name = name;
			}

			@Override
			public void close() {
				delete(name);
			}
		}
	}

	/** A relative '/'-separated path as the path of a relative URI (spaces and the like escaped). */
	private static String escaped(String relative) {
		try {
			return new URI(null, null, relative, null).getRawPath();
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalArgumentException("not a relative path: " + relative, e);
		}
	}
}
