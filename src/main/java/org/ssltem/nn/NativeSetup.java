package org.ssltem.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Native settings TensorFlow reads from the process environment, set from Java before its library loads.
 *
 * <p>TF Java 1.0's CPU library runs convolutions through oneDNN only when {@code TF_ENABLE_ONEDNN_OPTS=1}; without
 * it a ResNet18 pretraining step at 96 px, batch 16, ran at 31.9 images/s here, with it at 60.9 images/s. A
 * launcher script could export it, but Fiji and test JVMs start without it, so the engine sets it itself
 * (through libc's setenv, since Java cannot change its own environment). A value the user set is kept.
 */
public final class NativeSetup {

	private static volatile boolean done;

	private NativeSetup() {}

	private interface LibC extends Library {
		int setenv(String name, String value, int overwrite);
	}

	/** Idempotent; call before the first TF class is used. Falls back silently where libc is unavailable. */
	public static synchronized void prepare() {
		if (done) return;
		done = true;
		setDefault("TF_ENABLE_ONEDNN_OPTS", "1");
		// Without this every CPU session computes on one process-wide pool, sized once by the first session of the
		// process (the GPU probe's, which asks for every core), so a session given one thread still kept two cores
		// busy and Spark tasks of one thread each competed for the same pool. With it each session's own
		// intra-op thread count holds.
		setDefault("TF_OVERRIDE_GLOBAL_THREADPOOL", "1");
		// TF's INFO lines (CPU feature guard, MLIR pass) are noise for users; warnings and errors stay.
		setDefault("TF_CPP_MIN_LOG_LEVEL", "1");
	}

	private static void setDefault(String name, String value) {
		try {
			Native.load("c", LibC.class).setenv(name, value, 0);
		}
		catch (Throwable t) {
			// non-glibc platforms: TF still works, only slower
		}
	}
}
