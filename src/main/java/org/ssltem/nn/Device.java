package org.ssltem.nn;

import org.ssltem.core.UserInputException;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

import java.util.Locale;

/**
 * Where the graph runs. TF places ops on a GPU by itself when the GPU native library
 * ({@code tensorflow-core-native:linux-x86_64-gpu}, CUDA 12 + cuDNN) is loaded and a device answers; otherwise
 * everything runs on the CPU. We probe once with a tiny op pinned to GPU:0 so we can say which one it is.
 */
public record Device(Kind kind, String description) {

	public enum Kind { CPU, GPU }

	public enum Preference {
		AUTO, CPU, GPU;

		public static Preference parse(String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			}
			catch (RuntimeException e) {
				throw UserInputException.option("unknown device '" + s + "'; valid values: auto, cpu, gpu", "pass {{device}} auto");
			}
		}
	}

	private static volatile String gpuProbe;

	/** Chooses the device for a preference; GPU falls back to the CPU with the reason when no GPU answers. */
	public static Device choose(Preference preference) {
		NativeSetup.prepare();
		if (preference == Preference.CPU) return new Device(Kind.CPU, "CPU (requested)");
		String gpuProblem = probeGpu();
		if (gpuProblem == null) return new Device(Kind.GPU, "GPU:0");
		return new Device(Kind.CPU, "CPU (" + (preference == Preference.GPU ? "GPU requested but " : "") + "no usable GPU: " + gpuProblem + ")");
	}

	/** System property: "true" gives every TF session its own inter-op pool too (Spark tasks side by side). */
	public static final String PER_SESSION_THREADS = "ssltem.perSessionThreads";

	/** Session options for this device: all cores for one op, and GPU hidden when we run on the CPU. */
	public ConfigProto sessionConfig(int threads) {
		// Each session computes on its own pool of `threads` (NativeSetup sets TF_OVERRIDE_GLOBAL_THREADPOOL); per-session
		// threads also give it its own inter-op pool, for sessions side by side in one JVM (Spark tasks).
		ConfigProto.Builder b = ConfigProto.newBuilder().setAllowSoftPlacement(true)
			.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(Integer.getInteger("ssltem.interop", 1))
			.setUsePerSessionThreads(Boolean.getBoolean(PER_SESSION_THREADS));
		if (kind == Kind.CPU) b.putDeviceCount("GPU", 0);
		else b.setGpuOptions(org.tensorflow.proto.GPUOptions.newBuilder().setAllowGrowth(true));
		return b.build();
	}

	/**
	 * The same options with Grappler's remapper off, for graphs that run one image at a time. The remapper fuses each
	 * convolution followed by an inference-mode batch norm into one op (oneDNN's _MklNativeFusedConv2D); at batch 1
	 * that op ran a ResNet50 about 10× slower here than the plain convolution and batch norm (224 px: 1.92 s against
	 * 0.18 s; 512 px: 12.2 of the U-Net's 14.1 s), while from batch 2 on it is about 1.3× faster than them. So
	 * batch-1 graphs turn it off and the others keep it. {@code -Dssltem.remapper=on} keeps it everywhere (A/B timings).
	 */
	public static ConfigProto withoutRemapper(ConfigProto config) {
		if ("on".equals(System.getProperty("ssltem.remapper"))) return config;
		return config.toBuilder().setGraphOptions(config.getGraphOptions().toBuilder().setRewriteOptions(
			config.getGraphOptions().getRewriteOptions().toBuilder().setRemapping(RewriterConfig.Toggle.OFF))).build();
	}

	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}

	/** True when the native library on the class path is TF's GPU build ({@code linux-x86_64-gpu}). */
	public static boolean gpuBuildLoaded() {
		return Device.class.getClassLoader().getResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/libjnitensorflow.so") != null;
	}

	/** null when a GPU answered, else why not. Cached: the answer does not change within a JVM. */
	private static synchronized String probeGpu() {
		if (gpuProbe != null) return gpuProbe.isEmpty() ? null : gpuProbe;
		String problem;
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
			var c = tf.math.add(tf.constant(1f), tf.constant(1f));
			ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
			try (Session s = new Session(g, strict); TFloat32 r = (TFloat32) s.runner().fetch(c).run().get(0)) {
				problem = r.getFloat() == 2f ? null : "GPU probe gave a wrong result";
			}
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			String m = String.valueOf(e.getMessage());
			if (!gpuBuildLoaded()) problem = "the CPU build of TensorFlow is installed (build with mvn -Pgpu for CUDA)";
			else if (m.contains("GPU") || m.contains("device")) problem = "the GPU build of TensorFlow found no CUDA 12 device (driver, CUDA 12.3 or cuDNN 8.9 missing)";
			else problem = m;
		}
		gpuProbe = problem == null ? "" : problem;
		return problem;
	}
}
