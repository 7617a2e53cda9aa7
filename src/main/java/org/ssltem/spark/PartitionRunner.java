package org.ssltem.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.Hashing;
import org.ssltem.core.UserInputException;
import org.ssltem.nn.Device;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor, once per partition: opens the operation's engine once (only if some image needs it), hashes
 * each image, skips the ones an earlier run finished with the same content and model, and streams the rest through
 * the engine. A finished image gets a small record under {@code OUT/.ssl-tem-spark/<operation>/} (written atomically
 * after its outputs), which is what a rerun trusts; a failed image becomes an outcome with its reason instead of
 * failing the task, unless {@code failFast}.
 */
final class PartitionRunner implements FlatMapFunction<Iterator<InputImage>, ImageOutcome> {

	/** Test hook (a Spark local property): fail the first attempt of the task right after this image is finished. */
	static final String FAIL_FIRST_ATTEMPT_AFTER = "ssltem.test.failFirstAttemptAfter";
	static final String RECORDS = ".ssl-tem-spark";

	private static final long serialVersionUID = 1L;

	private final ImageWork work;
	private final String out;
	private final boolean overwrite;
	private final boolean failFast;
	private final LongAccumulator processed;

	PartitionRunner(ImageWork work, Path out, boolean overwrite, boolean failFast, LongAccumulator processed) {
		this.work = work;
		this.out = out.toString();
		this.overwrite = overwrite;
		this.failFast = failFast;
		this.processed = processed;
	}

	/** What a finished image leaves behind for reruns: its content hash, the model identity and its result. */
	record Finished(String contentHash, String model, Serializable result) implements Serializable {}

	@Override
	public Iterator<ImageOutcome> call(Iterator<InputImage> images) {
		TaskContext task = TaskContext.get();
		int threads = task == null ? 1 : Math.max(1, task.cpus());
		// tasks run side by side in one executor JVM: each TF session gets its own pool of exactly these threads
		System.setProperty(Device.PER_SESSION_THREADS, "true");
		String failAfter = task == null || task.attemptNumber() > 0 ? null : task.getLocalProperty(FAIL_FIRST_ATTEMPT_AFTER);
		Path outDir = Path.of(out);
		List<ImageOutcome> outcomes = new ArrayList<>();
		List<InputImage> pending = new ArrayList<>();
		List<String> hashes = new ArrayList<>();
		ImageWork.Engine engine = null;
		try {
			while (images.hasNext()) {
				InputImage image = images.next();
				String hash;
				try {
					hash = Hashing.sha256(Path.of(image.path()));
				}
				catch (RuntimeException e) {
					outcomes.add(failed(image, null, e));
					continue;
				}
				Finished before = overwrite ? null : finishedBefore(outDir, image);
				if (before != null && before.contentHash().equals(hash) && before.model().equals(work.modelIdentity())) {
					outcomes.add(new ImageOutcome(image, hash, ImageOutcome.Status.SKIPPED, null, before.result()));
					processed.add(1);
					continue;
				}
				Path existing = overwrite ? null : work.outputs(outDir, image.key()).stream().filter(Files::exists).findFirst().orElse(null);
				if (existing != null) {
					outcomes.add(failed(image, hash, UserInputException.about(existing, "already exists and was not written by this job for this image and model",
						"pass {{overwrite}} to replace it, or choose another {{out}} folder")));
					continue;
				}
				pending.add(image);
				hashes.add(hash);
				if (pending.size() >= work.batch() || !images.hasNext()) {
					if (engine == null) engine = work.open(threads);
					process(engine, pending, hashes, outDir, outcomes, failAfter);
				}
			}
			if (!pending.isEmpty()) {
				if (engine == null) engine = work.open(threads);
				process(engine, pending, hashes, outDir, outcomes, failAfter);
			}
		}
		finally {
			if (engine != null) engine.close();
		}
		return outcomes.iterator();
	}

	private void process(ImageWork.Engine engine, List<InputImage> pending, List<String> hashes, Path outDir, List<ImageOutcome> outcomes, String failAfter) {
		Object[] results = engine.process(pending, outDir);
		for (int i = 0; i < pending.size(); i++) {
			InputImage image = pending.get(i);
			if (results[i] instanceof Throwable t) outcomes.add(failed(image, hashes.get(i), t));
			else {
				Serializable result = (Serializable) results[i];
				record(outDir, image, new Finished(hashes.get(i), work.modelIdentity(), result));
				outcomes.add(new ImageOutcome(image, hashes.get(i), ImageOutcome.Status.DONE, null, result));
				processed.add(1);
			}
			if (image.key().equals(failAfter))
				throw new IllegalStateException("test hook " + FAIL_FIRST_ATTEMPT_AFTER + ": the first attempt of this task fails after " + image.key());
		}
		pending.clear();
		hashes.clear();
	}

	private ImageOutcome failed(InputImage image, String hash, Throwable t) {
		String reason = reason(t);
		// the reason is all of the message; Spark reports the innermost cause, so this one has none
		if (failFast) throw new IllegalStateException(image.path() + ": " + reason + " (--fail_fast stops the job at the first bad image)");
		processed.add(1);
		return new ImageOutcome(image, hash, ImageOutcome.Status.FAILED, reason, null);
	}

	static String reason(Throwable t) {
		Throwable root = t;
		while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
		String m = root.getMessage();
		return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
	}

	static Path recordFile(Path out, String operation, String key) {
		return out.resolve(RECORDS).resolve(operation).resolve(key + ".done");
	}

	private Finished finishedBefore(Path outDir, InputImage image) {
		Path f = recordFile(outDir, work.operation(), image.key());
		if (!Files.isRegularFile(f)) return null;
		for (Path output : work.outputs(outDir, image.key()))
			if (!Files.exists(output)) return null;
		try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(f))) {
			return (Finished) in.readObject();
		}
		catch (IOException | ClassNotFoundException | ClassCastException e) {
			return null; // unreadable (another version, a partial copy): process the image again
		}
	}

	private void record(Path outDir, InputImage image, Finished finished) {
		AtomicFiles.write(recordFile(outDir, work.operation(), image.key()), os -> {
			ObjectOutputStream o = new ObjectOutputStream(os);
			o.writeObject(finished);
			o.flush();
		});
	}
}
