package org.ssltem.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small or read-only file system for tests of full and read-only disks: a tmpfs mounted on a folder. Needs the
 * right to mount (root in a container); the test is skipped where it is missing.
 */
public final class SmallDisk implements AutoCloseable {

	public final Path root;

	private SmallDisk(Path root) {
		this.root = root;
	}

	/** @param options tmpfs mount options, e.g. {@code size=256k} or {@code ro} */
	public static SmallDisk mount(Path where, String options) throws Exception {
		Files.createDirectories(where);
		Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", options, "tmpfs", where.toString()) == 0, "cannot mount a tmpfs here (not root?)");
		return new SmallDisk(where);
	}

	/** Fills the disk to its last byte. */
	public void fill() throws Exception {
		byte[] block = new byte[4096];
		try (var out = Files.newOutputStream(root.resolve("filler"))) {
			while (true) out.write(block);
		}
		catch (java.io.IOException full) {
			// no space left: what we want
		}
	}

	@Override
	public void close() throws Exception {
		run("umount", "-l", root.toString());
	}

	private static int run(String... command) throws Exception {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
		}
		catch (java.io.IOException noMount) {
			return -1;
		}
	}
}
