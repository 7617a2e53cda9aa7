package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

/** An image too large for the memory Java may use is refused before decoding, naming the file, its size and the fix. */
class ImageMemoryTest {

	@TempDir
	Path tmp;

	@Test
	void a20000By20000PngIsRefusedFromItsHeaderAlone() throws Exception {
		Path huge = tmp.resolve("huge.png");
		Files.write(huge, pngHeader(20000, 20000));
		var before = ImageFiles.memoryLimit;
		ImageFiles.memoryLimit = () -> 700L << 20; // SSLTEM_JAVA_OPTS=-Xmx700m
		try {
			UserInputException e = assertThrows(UserInputException.class, () -> ImageFiles.readGrey(huge));
			assertTrue(e.getMessage().startsWith(huge.toString()) && e.getMessage().contains("20000×20000 px (400 megapixels)")
				&& e.getMessage().contains("SSLTEM_JAVA_OPTS=-Xmx") && e.getMessage().contains("Fix:"), e.getMessage());
		}
		finally {
			ImageFiles.memoryLimit = before;
		}
	}

	@Test
	void theGuardFollowsTheHeap() throws Exception {
		Path image = tmp.resolve("a.png");
		ImageFiles.writePng(new GreyImage(512, 512), image);
		var before = ImageFiles.memoryLimit;
		try {
			ImageFiles.memoryLimit = () -> 1L << 20;
			UserInputException e = assertThrows(UserInputException.class, () -> ImageFiles.readGrey(image));
			assertTrue(e.getMessage().contains("512×512 px"), e.getMessage());
			ImageFiles.memoryLimit = () -> 64L << 20;
			assertEquals(512, ImageFiles.readGrey(image).width);
		}
		finally {
			ImageFiles.memoryLimit = before;
		}
	}

	/** The signature and IHDR chunk of an 8-bit grey PNG: enough for a reader to tell its size. */
	static byte[] pngHeader(int width, int height) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		DataOutputStream c = new DataOutputStream(chunk);
		c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
		c.writeInt(width);
		c.writeInt(height);
		c.write(new byte[] { 8, 0, 0, 0, 0 });
		out.writeInt(13);
		out.write(chunk.toByteArray());
		CRC32 crc = new CRC32();
		crc.update(chunk.toByteArray());
		out.writeInt((int) crc.getValue());
		return bytes.toByteArray();
	}
}
