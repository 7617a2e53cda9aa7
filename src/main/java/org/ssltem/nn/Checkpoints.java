package org.ssltem.nn;

import org.ssltem.core.AtomicFiles;
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

	/** Saves every variable of the session's graph into {@code folder}, which must not exist yet. */
	public static void save(Session session, Path folder) {
		writeAtomically(folder, prefix -> session.save(prefix.toString()));
	}

	/**
	 * Saves only the given variables (by name) into {@code folder}, atomically as {@link #save}: a segmenter keeps its
	 * decoder and leaves the encoder to the encoder's own folder.
	 */
	public static void saveVariables(Session session, Graph graph, Path folder, Map<String, Variable<TFloat32>> variables) {
		writeAtomically(folder, prefix -> {
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
	private static void writeAtomically(Path folder, java.util.function.Consumer<Path> writePrefix) {
		Path parent = folder.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(parent);
			tmp = Files.createTempDirectory(parent, "." + folder.getFileName() + ".tmp-");
			writePrefix.accept(tmp.resolve(PREFIX));
			if (!Files.exists(tmp.resolve(PREFIX + ".index")))
				throw new IOException("TensorFlow wrote no index file");
			AtomicFiles.deleteQuietly(folder);
			Files.move(tmp, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			tmp = null;
		}
		catch (IOException | RuntimeException e) {
			throw new UncheckedIOException(new IOException("could not write the checkpoint " + folder + ": " + e.getMessage()
				+ ". Fix: check free disk space and write permission of " + parent + "; the previous checkpoint is kept", e));
		}
		finally {
			AtomicFiles.deleteQuietly(tmp);
		}
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
			throw UserInputException.about(folder, "the checkpoint does not fit this network (" + firstLine(e.getMessage()) + ")",
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

	private static String firstLine(String s) {
		if (s == null) return "unknown error";
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	/** Removes older checkpoint folders in {@code parent}, keeping {@code keep}. */
	public static void pruneExcept(Path parent, Path keep) {
		try (var list = Files.list(parent)) {
			for (Path p : (Iterable<Path>) list::iterator)
				if (Files.isDirectory(p) && !p.getFileName().equals(keep.getFileName()) && exists(p)) AtomicFiles.deleteQuietly(p);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
