package org.ssltem.export;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The .npy writer and reader, against NumPy itself when python3 with numpy is installed. */
class NpyTest {

	@TempDir
	Path dir;

	@Test
	void headerIsPaddedTo64BytesAndRoundTrips() throws Exception {
		float[] v = { 0f, 1.5f, -2.25f, Float.MIN_VALUE, 3e38f, 7f };
		byte[] npy = Npy.float32(new long[] { 1, 2, 3 }, v);
		int header = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
		assertEquals(0, (10 + header) % 64, "data starts on a 64-byte boundary");
		assertEquals('\n', npy[10 + header - 1]);
		Npy.Array back = Npy.readFloat32(npy);
		assertArrayEquals(new long[] { 1, 2, 3 }, back.shape());
		assertArrayEquals(v, back.values());
		assertArrayEquals(new long[] { 6 }, Npy.readFloat32(Npy.float32(new long[] { 6 }, v)).shape());
		assertThrows(IllegalArgumentException.class, () -> Npy.float32(new long[] { 2, 2 }, v));
		assertThrows(IOException.class, () -> Npy.readFloat32("not numpy".getBytes()));
	}

	@Test
	void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
		Assumptions.assumeTrue(python("import numpy") == 0, "python3 with numpy is not installed (apt-get install python3-numpy)");
		float[] v = new float[2 * 3 * 5];
		for (int i = 0; i < v.length; i++) v[i] = i * 0.5f - 3;
		Files.write(dir.resolve("ours.npy"), Npy.float32(new long[] { 2, 3, 5 }, v));
		String script = "import numpy as np\n"
			+ "a = np.load(r'" + dir.resolve("ours.npy") + "')\n"
			+ "assert a.dtype == np.float32 and a.shape == (2, 3, 5), (a.dtype, a.shape)\n"
			+ "assert a[1, 2, 4] == 29 * 0.5 - 3 and a[0, 1, 0] == 5 * 0.5 - 3, a\n"
			+ "np.save(r'" + dir.resolve("theirs.npy") + "', np.arange(7 * 4, dtype=np.float32).reshape(7, 4) / 4)\n"
			+ "np.save(r'" + dir.resolve("vector.npy") + "', np.array([1, 2, 3], dtype=np.float32))\n";
		assertEquals(0, python(script), "numpy could not read our file or write its own");
		Npy.Array theirs = Npy.readFloat32(Files.readAllBytes(dir.resolve("theirs.npy")));
		assertArrayEquals(new long[] { 7, 4 }, theirs.shape());
		assertEquals(27 / 4f, theirs.values()[27]);
		assertArrayEquals(new long[] { 3 }, Npy.readFloat32(Files.readAllBytes(dir.resolve("vector.npy"))).shape());
	}

	private static int python(String script) throws Exception {
		try {
			Process p = new ProcessBuilder("python3", "-c", script).inheritIO().start();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return -1;
			}
			return p.exitValue();
		}
		catch (IOException e) {
			return -1;
		}
	}
}
