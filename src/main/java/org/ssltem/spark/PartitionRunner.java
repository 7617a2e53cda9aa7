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
 * Runs on an executor, once per partition: takes the operation's engine (opened once per executor thread and kept
 * for the next partitions, see {@link OpenEngines}; only if some image needs it), hashes
 * each image, skips the ones an earlier run finished with the same content and model, and streams the rest through
 * the engine. An image named by a URI is copied to a local file first; outputs go to {@code --out} through its
 * {@link OutputStore}. A finished image gets a small record under {@code OUT/.ssl-tem-spark/<operation>/} (written atomically
 * after its outputs), which is what a rerun trusts; a failed image becomes an outcome with its reason instead of
 * failing the task, unless {@code failFast}.
 */
final class PartitionRunner implements FlatMapFunction<Iterator<InputImage>, ImageOutcome> {

	/** Test hook (a Spark local property): fail the first attempt of the task right after this image is finished. */
	static final String FAIL_FIRST_ATTEMPT_AFTER = "ssltem.test.failFirstAttemptAfter";
	static final String RECORDS = ".ssl-tem-spark";

	private static final long serialVersionUID = 1L;

	private final ImageWork work;
	private final OutputStore out;
	private final boolean overwrite;
	private final boolean failFast;
	private final LongAccumulator processed;

	PartitionRunner(ImageWork work, OutputStore out, boolean overwrite, boolean failFast, LongAccumulator processed) {
		this.work = work;
		this.out = out;
		this.overwrite = overwrite;
		this.failFast = failFast;
		this.processed = processed;
	}

	/** What a finished image leaves behind for reruns: its content hash, the model identity and its result. */
	record Finished(String contentHash, String model, Serializable result) implements Serializable {}

	@Override
	public Iterator<ImageOutcome> call(Iterator<InputImage> images) throws IOException {
		TaskContext task = TaskContext.get();
		int threads = task == null ? 1 : Math.max(1, task.cpus());
		// tasks run side by side in one executor JVM: each TF session gets its own pool of exactly these threads
		System.setProperty(Device.PER_SESSION_THREADS, "true");
		String failAfter = task == null || task.attemptNumber() > 0 ? null : task.getLocalProperty(FAIL_FIRST_ATTEMPT_AFTER);
		Path folder = out.workFolder();
		Path downloads = null;
		List<ImageOutcome> outcomes = new ArrayList<>();
		List<Pending> pending = new ArrayList<>();
		ImageWork.Engine engine = null;
		String engineKey = OpenEngines.key(work, threads);
		boolean completed = false;
		try {
			while (images.hasNext()) {
				InputImage image = images.next();
				InputImage local = image;
				String hash;
				try {
					// an image on a Hadoop file system is read once, into a local copy the engine and the hash read
					if (HadoopFiles.isUri(image.path())) {
						if (downloads == null) downloads = Files.createTempDirectory("ssl-tem-spark-in-");
						local = new InputImage(image.key(), HadoopFiles.download(image.path(), downloads).toString(), image.className());
					}
					hash = Hashing.sha256(Path.of(local.path()));
				}
				catch (IOException | RuntimeException e) {
					outcomes.add(failed(image, null, e));
					continue;
				}
				Finished before = overwrite ? null : finishedBefore(folder, image);
				if (before != null && before.contentHash().equals(hash) && before.model().equals(work.modelIdentity())) {
					outcomes.add(new ImageOutcome(image, hash, ImageOutcome.Status.SKIPPED, null, before.result()));
					processed.add(1);
					discard(image, local);
					continue;
				}
				String existing = overwrite ? null : outputs(folder, image.key()).stream().filter(out::exists).findFirst().orElse(null);
				if (existing != null) {
					outcomes.add(failed(image, hash, UserInputException.option(out.location(existing) + ": already exists and was not written by this job for this image and model",
						"pass {{overwrite}} to replace it, or choose another {{out}} folder")));
					discard(image, local);
					continue;
				}
				pending.add(new Pending(image, local, hash));
				if (pending.size() >= work.batch()) {
					if (engine == null) engine = OpenEngines.borrow(engineKey, work, threads);
					process(engine, pending, folder, outcomes, failAfter);
				}
			}
			if (!pending.isEmpty()) {
				if (engine == null) engine = OpenEngines.borrow(engineKey, work, threads);
				process(engine, pending, folder, outcomes, failAfter);
			}
			completed = true;
		}
		finally {
			// the next partition of this executor reuses the engine; one whose task failed is closed, in case it is broken
			if (engine != null && completed) OpenEngines.giveBack(engineKey, engine);
			else if (engine != null) engine.close();
			AtomicFiles.deleteQuietly(downloads);
			if (out instanceof OutputStore.Hadoop) AtomicFiles.deleteQuietly(folder);
		}
		return outcomes.iterator();
	}

	/** An image waiting for its batch: as listed, as the engine reads it (a local copy of a remote one), its hash. */
	private record Pending(InputImage image, InputImage local, String hash) {}

	private static void discard(InputImage image, InputImage local) {
		if (local != image) AtomicFiles.deleteQuietly(Path.of(local.path()));
	}

	/** The operation's files for an image, relative to {@code --out}. */
	private List<String> outputs(Path workFolder, String key) {
		return work.outputs(workFolder, key).stream().map(p -> OutputStore.relative(workFolder, p)).toList();
	}

	private void process(ImageWork.Engine engine, List<Pending> pending, Path workFolder, List<ImageOutcome> outcomes, String failAfter) {
		Object[] results = engine.process(pending.stream().map(Pending::local).toList(), workFolder);
		for (int i = 0; i < pending.size(); i++) {
			Pending p = pending.get(i);
			discard(p.image(), p.local());
			Object result = results[i];
			if (!(result instanceof Throwable)) {
				try {
					out.publish(workFolder, work.outputs(workFolder, p.image().key()));
				}
				catch (IOException | RuntimeException e) {
					result = e;
				}
			}
			if (result instanceof Throwable t) outcomes.add(failed(p.image(), p.hash(), t));
			else {
				Serializable r = (Serializable) result;
				record(p.image(), new Finished(p.hash(), work.modelIdentity(), r));
				outcomes.add(new ImageOutcome(p.image(), p.hash(), ImageOutcome.Status.DONE, null, r));
				processed.add(1);
			}
			if (p.image().key().equals(failAfter))
				throw new IllegalStateException("test hook " + FAIL_FIRST_ATTEMPT_AFTER + ": the first attempt of this task fails after " + p.image().key());
		}
		pending.clear();
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

	static String recordFile(String operation, String key) {
		return RECORDS + "/" + operation + "/" + key + ".done";
	}

	private Finished finishedBefore(Path workFolder, InputImage image) {
		String f = recordFile(work.operation(), image.key());
		if (!out.exists(f)) return null;
		for (String output : outputs(workFolder, image.key()))
			if (!out.exists(output)) return null;
		try (ObjectInputStream in = new ObjectInputStream(out.open(f))) {
			return (Finished) in.readObject();
		}
		catch (IOException | ClassNotFoundException | ClassCastException e) {
			return null; // unreadable (another version, a partial copy): process the image again
		}
	}

	private void record(InputImage image, Finished finished) {
		out.write(recordFile(work.operation(), image.key()), os -> {
			ObjectOutputStream o = new ObjectOutputStream(os);
			o.writeObject(finished);
			o.flush();
		});
	}
}
