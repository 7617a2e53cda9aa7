package org.ssltem.nn;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code gpu} profile ({@code mvn -Pgpu}) resolves TF Java's CUDA 12 native library, and the engine on that
 * library falls back to the CPU, saying why, when no GPU driver answers (this machine has none), then computes on
 * the CPU. Runs Maven and the engine in child processes: the failsafe JVM carries no TF Java (see pom.xml).
 */
class GpuProfileIT {

	static final String GPU_JAR = "tensorflow-core-native-1.0.0-linux-x86_64-gpu.jar";
	static final String CPU_JAR = "tensorflow-core-native-1.0.0-linux-x86_64.jar";

	@Test
	void gpuProfileResolvesAndTheEngineFallsBackToTheCpu() throws Exception {
		Path basedir = Path.of(System.getProperty("ssltem.basedir", ".")).toAbsolutePath();
		Path target = Path.of(System.getProperty("ssltem.target", "target")).toAbsolutePath();
		Path out = target.resolve("gpu-profile");
		Files.createDirectories(out);
		Path classpathFile = out.resolve("classpath.txt");
		Files.deleteIfExists(classpathFile);

		String mavenHome = System.getProperty("maven.home");
		String mvn = mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn")) ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn";
		Result resolved = run(basedir, out.resolve("mvn.log"), 900, mvn, "-B", "-q", "-Pgpu", "dependency:build-classpath",
			"-Dmdep.outputFile=" + classpathFile, "-Dmdep.includeScope=runtime");
		assertEquals(0, resolved.exit, "mvn -Pgpu dependency:build-classpath failed:\n" + resolved.output);
		List<String> entries = new ArrayList<>(Arrays.asList(Files.readString(classpathFile).trim().split(File.pathSeparator)));
		assertTrue(entries.stream().anyMatch(e -> e.endsWith(GPU_JAR)), "the gpu profile must bring " + GPU_JAR + ": " + entries);
		assertFalse(entries.stream().anyMatch(e -> e.endsWith(CPU_JAR)), "the gpu profile must replace the CPU native library: " + entries);

		// the engine on the GPU build: target/classes, the probe from target/test-classes, the profile's dependencies
		entries.removeIf(e -> e.contains("libtensorflow-1.15"));
		List<String> classpath = new ArrayList<>(List.of(target.resolve("classes").toString(), target.resolve("test-classes").toString()));
		classpath.addAll(entries);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Result probe = run(basedir, out.resolve("probe.log"), 600, java, "-cp", String.join(File.pathSeparator, classpath), GpuFallbackProbe.class.getName());
		assertEquals(0, probe.exit, "the engine on the GPU build failed:\n" + probe.output);
		assertTrue(probe.output.contains("gpu build loaded: true"), probe.output);
		boolean gpu = probe.output.contains("device: GPU:0");
		assertTrue(gpu || probe.output.contains("device: CPU (GPU requested but no usable GPU: the GPU build of TensorFlow found no CUDA 12 device"),
			"a GPU, or the CPU with the reason: " + probe.output);
		assertTrue(probe.output.contains("features: 1024 finite"), probe.output);
	}

	record Result(int exit, String output) {}

	static Result run(Path dir, Path log, long timeoutS, String... command) throws Exception {
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			return new Result(-1, "timed out after " + timeoutS + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
		}
		return new Result(p.exitValue(), Files.readString(log));
	}
}
