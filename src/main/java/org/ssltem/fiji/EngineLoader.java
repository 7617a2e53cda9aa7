package org.ssltem.fiji;

import org.ssltem.api.SslTemEngine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the engine and TensorFlow Java in a child-first class loader, so that they never meet the TensorFlow 1.15
 * that Fiji ships under the same {@code org.tensorflow} packages. Only the boundary ({@code org.ssltem.api}),
 * the JDK and ImageJ 1.x ({@code ij.}: one ImageJ per JVM) come from the parent; everything else is looked up
 * in the engine's own jars first.
 * <p>
 * Where the jars are, first match wins:
 * <ol>
 * <li>the folder in system property {@code ssltem.engine.dir} or environment variable {@code SSLTEM_ENGINE_DIR};</li>
 * <li>{@code lib/ssl-tem/} in the Fiji folder (system property {@code ij.dir}), where the update site puts them;</li>
 * <li>{@code lib/ssl-tem/} beside the {@code plugins/} folder holding the plugin jar (plain ImageJ 1.x sets no {@code ij.dir});</li>
 * <li>the build: {@code target/ssl-tem-engine.jar} and {@code target/lib/*.jar} beside the jar (or classes
 * folder) this class came from, which is how the CLI and the tests find them.</li>
 * </ol>
 * TensorFlow's native library is platform-specific: the update site installs it in {@code lib/<platform>/ssl-tem/}
 * ({@link FijiPlatform}), whose jars are added for the platform this JVM runs on; native jars of other platforms are
 * left out wherever they lie.
 */
public final class EngineLoader {

	static final String ENGINE_CLASS = "org.ssltem.engine.LocalEngine";
	static final String ENGINE_JAR = "ssl-tem-engine.jar";

	private static final String[] PARENT_FIRST = { "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.",
		"org.ssltem.api.", "ij." };

	private static SslTemEngine engine;
	private static ClassLoader loader;

	private EngineLoader() {}

	/** The engine, loaded once per JVM. Throws {@link IllegalStateException} saying where it looked when it is missing. */
	public static synchronized SslTemEngine engine() {
		if (engine == null) {
			List<Path> jars = engineJars();
			checkNativeLibrary(jars, System.getProperty("os.name"), System.getProperty("os.arch"));
			loader = new ChildFirstLoader(jars, EngineLoader.class.getClassLoader());
			try {
				engine = (SslTemEngine) Class.forName(ENGINE_CLASS, true, loader).getDeclaredConstructor().newInstance();
			}
			catch (ReflectiveOperationException | LinkageError e) {
				throw new IllegalStateException("SSL-TEM's engine could not be loaded from " + jars.get(0).getParent() + " (" + e
					+ "). Reinstall SSL-TEM from its update site.", e);
			}
		}
		return engine;
	}

	/** The loader the engine came from (tests check that TensorFlow classes come from it). */
	public static synchronized ClassLoader classLoader() {
		engine();
		return loader;
	}

	/** The engine jar first, then the other jars of its folder (or of {@code lib/} in the build). */
	public static List<Path> engineJars() {
		return engineJars(System.getProperty("ssltem.engine.dir", System.getenv("SSLTEM_ENGINE_DIR")), System.getProperty("ij.dir"), codeLocation(),
			FijiPlatform.current());
	}

	static List<Path> engineJars(String explicit, String ijDir, Path here) {
		return engineJars(explicit, ijDir, here, FijiPlatform.current());
	}

	/** @param platform whose native library jars to take (from {@code lib/<platform>/ssl-tem/} too); null takes none */
	static List<Path> engineJars(String explicit, String ijDir, Path here, FijiPlatform platform) {
		List<Path> jars = new ArrayList<>();
		for (Path p : locateJars(explicit, ijDir, here)) {
			FijiPlatform of = FijiPlatform.ofNativeJar(p.getFileName().toString());
			if (of == null ? FijiPlatform.nativeClassifier(p.getFileName().toString()) == null : of == platform) jars.add(p);
		}
		// Fiji.app/lib/ssl-tem/ -> Fiji.app/lib/<platform>/ssl-tem/, where the updater installs this platform's native library
		Path engineDir = jars.get(0).getParent();
		if (platform != null && engineDir.getFileName() != null && engineDir.getFileName().toString().equals("ssl-tem") && engineDir.getParent() != null) {
			Path natives = engineDir.getParent().resolve(platform.updaterName).resolve("ssl-tem");
			if (Files.isDirectory(natives)) {
				try (Stream<Path> s = Files.list(natives)) {
					s.filter(p -> FijiPlatform.ofNativeJar(p.getFileName().toString()) == platform).sorted().forEach(jars::add);
				}
				catch (IOException e) {
					throw new IllegalStateException("could not list " + natives + ": " + e.getMessage(), e);
				}
			}
		}
		return jars;
	}

	/** Refuses to load the engine without TensorFlow's native library for this platform, saying why and what to do. */
	static void checkNativeLibrary(List<Path> jars, String osName, String osArch) {
		FijiPlatform platform = FijiPlatform.of(osName, osArch);
		if (platform == null) throw new IllegalStateException(FijiPlatform.unsupported(osName, osArch) + ".");
		if (jars.stream().noneMatch(p -> FijiPlatform.ofNativeJar(p.getFileName().toString()) == platform))
			throw new IllegalStateException("TensorFlow's native library for " + platform.label + " (tensorflow-core-native-*-" + platform.tensorflowClassifier
				+ ".jar) is missing beside SSL-TEM's engine in " + jars.get(0).getParent() + " and in lib/" + platform.updaterName
				+ "/ssl-tem/. Run Help > Update... in Fiji (the SSL-TEM update site ships it for " + platform.updaterName + ").");
	}

	private static List<Path> locateJars(String explicit, String ijDir, Path here) {
		List<String> looked = new ArrayList<>();
		List<Path> candidates = new ArrayList<>();
		if (explicit != null && !explicit.isBlank()) candidates.add(Path.of(explicit));
		if (ijDir != null && !ijDir.isBlank()) candidates.add(Path.of(ijDir, "lib", "ssl-tem"));
		// plain ImageJ sets no ij.dir: the plugin jar sits in <ImageJ>/plugins/ (or jars/), the engine in <ImageJ>/lib/ssl-tem/
		if (here != null && here.getParent() != null && here.getParent().getParent() != null)
			candidates.add(here.getParent().getParent().resolve("lib").resolve("ssl-tem"));
		for (Path dir : candidates) {
			List<Path> jars = jarsIn(dir, dir);
			if (jars != null) return jars;
			looked.add(dir.toString());
		}
		if (here != null && here.getParent() != null) { // the build: target/ssl-tem-engine.jar + target/lib/
			Path target = here.getParent();
			List<Path> jars = jarsIn(target, target.resolve("lib"));
			if (jars != null) return jars;
			looked.add(target.toString());
		}
		throw new IllegalStateException("SSL-TEM's engine (" + ENGINE_JAR + ") was not found; looked in " + String.join(", ", looked)
			+ ". In Fiji, install SSL-TEM from its update site (it puts the engine in Fiji.app/lib/ssl-tem/); from the source tree, run"
			+ " 'mvn -B -DskipTests package' first.");
	}

	/** {@code engineDir/ssl-tem-engine.jar} (matched by prefix, as the update site adds timestamps) plus every jar in {@code libDir}. */
	private static List<Path> jarsIn(Path engineDir, Path libDir) {
		if (!Files.isDirectory(engineDir)) return null;
		Path engineJar = null;
		try (Stream<Path> s = Files.list(engineDir)) {
			engineJar = s.filter(p -> p.getFileName().toString().startsWith("ssl-tem-engine") && p.getFileName().toString().endsWith(".jar"))
				.sorted().findFirst().orElse(null);
		}
		catch (IOException e) {
			return null;
		}
		if (engineJar == null) return null;
		List<Path> jars = new ArrayList<>();
		jars.add(engineJar);
		if (Files.isDirectory(libDir)) {
			try (Stream<Path> s = Files.list(libDir)) {
				s.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().startsWith("ssl-tem")).sorted().forEach(jars::add);
			}
			catch (IOException e) {
				throw new IllegalStateException("could not list " + libDir + ": " + e.getMessage(), e);
			}
		}
		return jars;
	}

	private static Path codeLocation() {
		try {
			var src = EngineLoader.class.getProtectionDomain().getCodeSource();
			return src == null ? null : Path.of(src.getLocation().toURI());
		}
		catch (URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}

	/** Child-first: a class or resource is taken from the engine's jars unless it is one the parent must own. */
	static final class ChildFirstLoader extends URLClassLoader {

		static {
			registerAsParallelCapable();
		}

		ChildFirstLoader(List<Path> jars, ClassLoader parent) {
			super("ssl-tem-engine", urls(jars), parent);
		}

		private static URL[] urls(List<Path> jars) {
			List<URL> urls = new ArrayList<>();
			for (Path p : jars) {
				try {
					urls.add(p.toUri().toURL());
				}
				catch (java.net.MalformedURLException e) {
					throw new IllegalArgumentException(p.toString(), e);
				}
			}
			return urls.toArray(URL[]::new);
		}

		static boolean parentFirst(String name) {
			for (String prefix : PARENT_FIRST)
				if (name.startsWith(prefix)) return true;
			return false;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			synchronized (getClassLoadingLock(name)) {
				Class<?> c = findLoadedClass(name);
				if (c == null) {
					if (parentFirst(name)) {
						try {
							c = getParent().loadClass(name);
						}
						catch (ClassNotFoundException e) {
							c = findClass(name); // e.g. ij.* when the parent has no ImageJ
						}
					}
					else {
						try {
							c = findClass(name);
						}
						catch (ClassNotFoundException e) {
							c = getParent().loadClass(name);
						}
					}
				}
				if (resolve) resolveClass(c);
				return c;
			}
		}

		@Override
		public URL getResource(String name) {
			if (parentFirst(name.replace('/', '.'))) return super.getResource(name);
			URL u = findResource(name);
			return u != null ? u : getParent().getResource(name);
		}

		@Override
		public java.util.Enumeration<URL> getResources(String name) throws IOException {
			List<URL> all = new ArrayList<>(java.util.Collections.list(findResources(name)));
			all.addAll(java.util.Collections.list(getParent().getResources(name)));
			return java.util.Collections.enumeration(all);
		}
	}
}
