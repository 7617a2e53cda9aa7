package org.ssltem.spark;

import org.ssltem.core.Hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 identities of what outputs depend on, so a rerun knows which finished images it may keep. */
final class ModelIdentity {

	private ModelIdentity() {}

	/** Over the named parts (settings) and the names and contents of the given files and folders (recursive). */
	static String of(List<String> settings, List<Path> files) {
		StringBuilder all = new StringBuilder();
		for (String s : settings) all.append(s).append('\n');
		for (Path root : files) {
			if (Files.isRegularFile(root)) {
				all.append(root.getFileName()).append(' ').append(Hashing.sha256(root)).append('\n');
				continue;
			}
			try (Stream<Path> walk = Files.walk(root)) {
				for (Path f : walk.filter(Files::isRegularFile).sorted().toList())
					all.append(root.relativize(f).toString().replace('\\', '/')).append(' ').append(Hashing.sha256(f)).append('\n');
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not read " + root + " to identify the model", e);
			}
		}
		return Hashing.sha256(all.toString());
	}
}
