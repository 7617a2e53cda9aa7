package org.ssltem.interop;

import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code encoder_fixtures.py} (a test resource) with the system Python to write reference weights and features
 * into a temporary folder. Tests that need it are skipped when Python 3 with torch, torchvision and h5py is missing
 * (scripts/install-prerequisites.sh installs the Debian packages).
 */
public final class PythonFixtures {

	public static final int SIZE = 64, IMAGES = 3;

	private PythonFixtures() {}

	static String python() {
		for (String candidate : List.of("/usr/bin/python3", "python3"))
			try {
				Process p = new ProcessBuilder(candidate, "-c", "import torch, torchvision, h5py, numpy").redirectErrorStream(true).start();
				p.getInputStream().readAllBytes();
				if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
			}
			catch (IOException | InterruptedException e) {
				// try the next one
			}
		return null;
	}

	/**
	 * Writes the {@code torch} or {@code keras} fixtures into {@code dir} (for torch, only the given architectures if any);
	 * skips the calling test without Python.
	 */
	public static Path write(String kind, Path dir, String... arches) throws Exception {
		String python = python();
		assumeTrue(python != null, "needs python3 with torch, torchvision and h5py (apt-get install python3-torch python3-torchvision python3-h5py)");
		Files.createDirectories(dir);
		Path script = dir.resolve("encoder_fixtures.py");
		try (InputStream in = PythonFixtures.class.getResourceAsStream("encoder_fixtures.py")) {
			Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		List<String> command = new ArrayList<>(List.of(python, script.toString(), kind, dir.toString()));
		command.addAll(List.of(arches));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes());
		if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("encoder_fixtures.py " + kind + " failed:\n" + output);
		return dir;
	}

	/** The fixture images ({@code images.u8}) as PNGs in {@code dir/images}: img0.png, img1.png, … */
	public static Path images(Path dir) throws IOException {
		byte[] raw = Files.readAllBytes(dir.resolve("images.u8"));
		Path images = Files.createDirectories(dir.resolve("images"));
		for (int n = 0; n < IMAGES; n++) {
			GreyImage g = new GreyImage(SIZE, SIZE);
			for (int i = 0; i < SIZE * SIZE; i++) g.pixels[i] = (raw[n * SIZE * SIZE + i] & 0xff) / 255f;
			ImageFiles.writePng(g, images.resolve("img" + n + ".png"));
		}
		return images;
	}

	/** Rows of a reference features CSV written by the script. */
	public static List<float[]> features(Path csv) throws IOException {
		List<float[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(csv)) {
			if (line.isBlank()) continue;
			String[] f = line.split(",");
			float[] row = new float[f.length];
			for (int i = 0; i < f.length; i++) row[i] = Float.parseFloat(f[i]);
			rows.add(row);
		}
		return rows;
	}
}
