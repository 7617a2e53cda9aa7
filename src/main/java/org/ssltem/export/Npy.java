package org.ssltem.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, version 1.0, for little-endian float32 arrays in C order: the magic string, a header
 * dictionary padded with spaces to a multiple of 64 bytes and ending in a newline, then the raw values. bioimage.io
 * packages carry their test tensors in it.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };
	private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

	/** A float32 array and its shape. */
	public record Array(long[] shape, float[] values) {
		public Array {
			if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length)
				throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
		}
	}

	private Npy() {}

	public static byte[] float32(long[] shape, float[] values) {
		new Array(shape, values);
		String dims = String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList()) + (shape.length == 1 ? "," : ""); // (5,) as Python writes it
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
		int unpadded = MAGIC.length + 2 + dict.length() + 1;
		int padding = (64 - unpadded % 64) % 64;
		String header = dict + " ".repeat(padding) + "\n";
		ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
		for (float v : values) b.putFloat(v);
		return b.array();
	}

	/** Reads a version 1.0 little-endian float32 C-order file; anything else is refused with what it was. */
	public static Array readFloat32(byte[] file) throws IOException {
		if (file.length < 10 || !Arrays.equals(Arrays.copyOf(file, 6), Arrays.copyOf(MAGIC, 6)))
			throw new IOException("not a .npy file (no \\x93NUMPY magic)");
		ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		int major = file[6];
		int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
		int start = major == 1 ? 10 : 12;
		String header = new String(file, start, headerLength, StandardCharsets.US_ASCII);
		if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False"))
			throw new IOException("only little-endian float32 in C order is read here, the header says " + header.trim());
		Matcher m = SHAPE.matcher(header);
		if (!m.find()) throw new IOException("no shape in the header " + header.trim());
		long[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
		long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
		if (file.length - start - headerLength != 4 * count)
			throw new IOException(String.format(Locale.ROOT, "the header's shape %s needs %d bytes of data, the file has %d", Arrays.toString(shape), 4 * count,
				file.length - start - headerLength));
		float[] values = new float[(int) count];
		b.position(start + headerLength);
		for (int i = 0; i < values.length; i++) values[i] = b.getFloat();
		return new Array(shape, values);
	}
}
