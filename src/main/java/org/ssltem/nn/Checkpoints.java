package org.ssltem.nn;

import org.ssltem.core.AtomicFiles;
import org.ssltem.core.FileDigest;
import org.ssltem.core.OutputFolder;
import org.ssltem.core.UserInputException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TF checkpoints in folders. A checkpoint folder holds {@code variables.index} and
 * {@code variables.data-00000-of-00001}; tensors are named after the variables (e.g. {@code conv1_conv.kernel}).
 *
 * <p>Saving is atomic: TF writes into a temporary sibling folder which is then renamed, so a crash or a full
 * disk never leaves a half-written checkpoint under the final name.
 *
 * <p>Restoring goes by name, so a graph can take a subset of a checkpoint's tensors (an encoder out of a
 * pretraining checkpoint that also holds the projector).
 */
public final class Checkpoints {

	public static final String PREFIX = "variables";

	private Checkpoints() {}

	/**
	 * Saves every variable of the session's graph into {@code folder}, which must not exist yet; returns the size and
	 * SHA-256 of each file written, for the manifest that will name the folder.
	 */
	public static Map<String, FileDigest> save(Session session, Path folder) {
		return writeAtomically(folder, prefix -> session.save(prefix.toString()));
	}

	/**
	 * Saves only the given variables (by name) into {@code folder}, atomically as {@link #save}: a segmenter keeps its
	 * decoder and leaves the encoder to the encoder's own folder.
	 */
	public static Map<String, FileDigest> saveVariables(Session session, Graph graph, Path folder, Map<String, Variable<TFloat32>> variables) {
		return writeAtomically(folder, prefix -> {
			Ops tf = Ops.create(graph).withSubScope("save_" + Long.toHexString(System.nanoTime()));
			List<String> names = new ArrayList<>(variables.keySet());
			String[] empty = Collections.nCopies(names.size(), "").toArray(new String[0]);
			var save = tf.train.save(tf.constant(prefix.toString()),
				tf.constant(java.nio.charset.StandardCharsets.UTF_8, names.toArray(new String[0])),
				tf.constant(java.nio.charset.StandardCharsets.UTF_8, empty), new ArrayList<>(variables.values()));
			session.runner().addTarget(save).run().close();
		});
	}

	/**
	 * TF writes into a temporary sibling folder, which is renamed to {@code folder} only once its index exists, so
	 * a crash or a full disk never leaves a half-written checkpoint under the final name.
	 */
	private static Map<String, FileDigest> writeAtomically(Path folder, java.util.function.Consumer<Path> writePrefix) {
		Path parent = folder.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(parent);
			// created like any folder (not createTempDirectory, which is private to the owner), so the user's umask applies
			tmp = parent.resolve("." + folder.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
			Files.createDirectory(tmp);
			OutputFolder.requireFreeSpace(parent, bytesOfLargestSibling(parent) + (1 << 20), "the checkpoint " + folder.getFileName(), "{{out}}");
			writePrefix.accept(tmp.resolve(PREFIX));
			if (!Files.exists(tmp.resolve(PREFIX + ".index")))
				throw new IOException("TensorFlow wrote no index file");
			Map<String, FileDigest> digests = FileDigest.ofFolder(tmp);
			AtomicFiles.deleteQuietly(folder);
			Files.move(tmp, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			tmp = null;
			return digests;
		}
		catch (UserInputException e) {
			throw e;
		}
		catch (IOException | RuntimeException e) {
			// TensorFlow's message ends with an OOM hint about tensor allocations that does not apply to a file write
			String why = firstLine(e.getMessage()).replaceFirst("^[A-Za-z]+: ", "");
			if (why.contains("No space left") || why.contains("RESOURCE_EXHAUSTED") || why.contains("Resource exhausted"))
				throw UserInputException.about(parent, "the disk is full: the checkpoint " + folder.getFileName() + " could not be written",
					"free space on that disk (or choose {{out}} on another disk), then {{resume}}; the previous checkpoint is kept");
			throw new UncheckedIOException(new IOException("could not write the checkpoint " + folder + ": " + why
				+ ". Fix: check free disk space and write permission of " + parent + "; the previous checkpoint is kept", e));
		}
		finally {
			AtomicFiles.deleteQuietly(tmp);
		}
	}

	/** Bytes a checkpoint of these variables takes (float32 values; the index is small). */
	public static long bytesOf(Map<String, Variable<TFloat32>> variables) {
		long n = 0;
		for (Variable<TFloat32> v : variables.values()) n += Math.max(1, v.shape().size());
		return 4 * n;
	}

	/** The largest checkpoint already in {@code parent}, in bytes: what the next one will need. */
	private static long bytesOfLargestSibling(Path parent) {
		long largest = 0;
		try (var list = Files.list(parent)) {
			for (Path p : (Iterable<Path>) list::iterator)
				if (exists(p)) largest = Math.max(largest, FileDigest.ofFolder(p).values().stream().mapToLong(FileDigest::size).sum());
		}
		catch (IOException | UncheckedIOException e) {
			return 0;
		}
		return largest;
	}

	/**
	 * Refuses a checkpoint whose files differ from those recorded when it was written (truncated, altered or
	 * missing), naming the file; {@code recorded} null (written by an older version) checks nothing.
	 */
	public static void verify(Path folder, Map<String, FileDigest> recorded, String fix) {
		if (!exists(folder))
			throw UserInputException.about(folder, "the checkpoint is missing (variables.index not found)", fix);
		if (recorded == null || recorded.isEmpty()) return;
		String damage = FileDigest.damage(folder, recorded);
		if (damage != null) throw UserInputException.about(folder, "the checkpoint is damaged: " + damage, fix);
	}

	/** Whether the checkpoint's files are as recorded ({@code recorded} null: whether it exists). */
	public static boolean intact(Path folder, Map<String, FileDigest> recorded) {
		return exists(folder) && (recorded == null || FileDigest.damage(folder, recorded) == null);
	}

	public static boolean exists(Path folder) {
		return Files.isRegularFile(folder.resolve(PREFIX + ".index"));
	}

	/**
	 * Restores the given variables by name from a checkpoint folder. Every variable must be in the checkpoint
	 * with the same shape, except the input normalisation ({@code input_normalisation.*}), which checkpoints written
	 * before it existed lack: it then keeps its identity values.
	 */
	public static void restore(Session session, Graph graph, Path folder, Map<String, Variable<TFloat32>> variables) {
		if (!exists(folder))
			throw UserInputException.about(folder, "no checkpoint here (variables.index is missing)", "point to a folder written by ssl-tem pretrain");
		Map<String, Variable<TFloat32>> required = new LinkedHashMap<>(), optional = new LinkedHashMap<>();
		variables.forEach((name, v) -> (name.startsWith(ResNet.INPUT_NORMALISATION + ".") ? optional : required).put(name, v));
		try {
			run(session, graph, folder, required);
		}
		catch (RuntimeException e) {
			String why = firstLine(e.getMessage());
			if (looksDamaged(why))
				throw UserInputException.about(folder, "the checkpoint is damaged (" + why + ")",
					"use an intact copy of this checkpoint, or write a new one (resume or repeat the run that made it)");
			throw UserInputException.about(folder, "the checkpoint does not fit this network (" + why + ")",
				"use a checkpoint written for the same architecture and sizes");
		}
		if (!mentionsNormalisation(folder)) return;
		try {
			run(session, graph, folder, optional);
		}
		catch (RuntimeException e) {
			if (e.getMessage() == null || !e.getMessage().contains("not found")) throw e;
		}
	}

	/**
	 * Whether the checkpoint's index names the input normalisation, looked up before restoring so that older
	 * checkpoints do not make TensorFlow log a "not found" warning. The index stores each key after the prefix it shares
	 * with the previous key, so "normalisation" is there in full whenever one of those keys is.
	 */
	private static boolean mentionsNormalisation(Path folder) {
		try {
			byte[] index = Files.readAllBytes(folder.resolve(PREFIX + ".index"));
			byte[] word = "normalisation".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			outer:
			for (int i = 0; i + word.length <= index.length; i++) {
				for (int j = 0; j < word.length; j++)
					if (index[i + j] != word[j]) continue outer;
				return true;
			}
			return false;
		}
		catch (IOException e) {
			return true;
		}
	}

	private static void run(Session session, Graph graph, Path folder, Map<String, Variable<TFloat32>> variables) {
		if (variables.isEmpty()) return;
		Ops tf = Ops.create(graph).withSubScope("restore_" + Long.toHexString(System.nanoTime()));
		List<String> names = new ArrayList<>(variables.keySet());
		String[] empty = Collections.nCopies(names.size(), "").toArray(new String[0]);
		List<Class<? extends TType>> types = Collections.nCopies(names.size(), TFloat32.class);
		Restore restore = tf.train.restore(tf.constant(folder.resolve(PREFIX).toString()), tf.constant(java.nio.charset.StandardCharsets.UTF_8, names.toArray(new String[0])),
			tf.constant(java.nio.charset.StandardCharsets.UTF_8, empty), types);
		List<Op> assigns = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			@SuppressWarnings("unchecked")
			Operand<TFloat32> value = (Operand<TFloat32>) restore.tensors().get(i);
			assigns.add(tf.assign(variables.get(names.get(i)), value));
		}
		var runner = session.runner();
		assigns.forEach(runner::addTarget);
		runner.run().close();
	}

	/** TensorFlow's words for a truncated or corrupt checkpoint file, as opposed to a shape or name mismatch. */
	static boolean looksDamaged(String message) {
		String m = message.toLowerCase(java.util.Locale.ROOT);
		return m.contains("data loss") || m.contains("data_loss") || m.contains("truncated") || m.contains("corrupt") || m.contains("bad magic")
			|| m.contains("checksum") || m.contains("read fewer bytes") || m.contains("read less bytes") || m.contains("not an sstable") || m.contains("unable to open table");
	}

	private static String firstLine(String s) {
		if (s == null) return "unknown error";
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	/** Removes older checkpoint folders in {@code parent}, keeping those in {@code keep} (nulls ignored). */
	public static void pruneExcept(Path parent, Path... keep) {
		java.util.Set<Path> kept = new java.util.HashSet<>();
		for (Path k : keep) if (k != null) kept.add(k.getFileName());
		try (var list = Files.list(parent)) {
			for (Path p : (Iterable<Path>) list::iterator)
				if (Files.isDirectory(p) && !kept.contains(p.getFileName()) && exists(p)) AtomicFiles.deleteQuietly(p);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
