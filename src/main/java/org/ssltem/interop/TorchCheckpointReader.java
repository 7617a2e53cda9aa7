package org.ssltem.interop;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.ssltem.core.UserInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a file written by PyTorch's {@code torch.save} without Python: the zip format (PyTorch 1.6 and
 * later: {@code <name>/data.pkl} holds the pickled object, {@code <name>/data/<key>} each storage's raw bytes) and the
 * older single-stream format (pickled header, object and storage keys, then each storage as an 8-byte element count
 * and its bytes). The pickle is read with razorvine's unpickler, taught the few PyTorch globals a checkpoint uses.
 *
 * <p>Tensors are returned by their path in the saved object, dicts joined with '.': a bare state dict gives
 * {@code conv1.weight}, a MoCo checkpoint {@code state_dict.module.encoder_q.conv1.weight}.
 */
public final class TorchCheckpointReader {

	public enum Format { ZIP, LEGACY }

	/**
	 * @param norms the checkpoint's top-level {@code norms} entry as {mean[3], std[3]} (some EM pretraining scripts save
	 *              the grey mean and std of their images there), or null
	 */
	public record Contents(Format format, Map<String, SourceTensor> tensors, float[][] norms) {}

	private TorchCheckpointReader() {}

	/** A storage class such as {@code torch.FloatStorage}: element type and size. */
	record StorageType(String dtype, int bytes) implements IObjectConstructor {
		@Override
		public Object construct(Object[] args) {
			throw new PickleException("PyTorch storage " + dtype + " cannot be constructed directly");
		}
	}

	/** A storage named by the pickle's persistent id; its bytes come from the zip entry or the stream after the pickle. */
	static final class Storage {
		final StorageType type;
		final String key;
		final long elements;
		ByteBuffer bytes;

		Storage(StorageType type, String key, long elements) {
			this.type = type;
			this.key = key;
			this.elements = elements;
		}
	}

	/** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)}: a view into a storage. */
	record TensorView(Storage storage, long offset, long[] shape, long[] stride) {}

	/** Python's OrderedDict; a state dict's {@code _metadata} attribute arrives as its state and is not needed. */
	public static final class OrderedDict extends LinkedHashMap<Object, Object> {
		public void __setstate__(HashMap<?, ?> state) {}

		public void __setstate__(Object[] state) {}
	}

	/** An object of a class nobody here needs (numpy scalars, argparse namespaces): kept opaque. */
	public static final class Opaque {
		public void __setstate__(Object[] state) {}

		public void __setstate__(HashMap<?, ?> state) {}
	}

	static {
		Map<String, StorageType> storages = Map.ofEntries(Map.entry("FloatStorage", new StorageType("float32", 4)),
			Map.entry("DoubleStorage", new StorageType("float64", 8)), Map.entry("HalfStorage", new StorageType("float16", 2)),
			Map.entry("BFloat16Storage", new StorageType("bfloat16", 2)), Map.entry("LongStorage", new StorageType("int64", 8)),
			Map.entry("IntStorage", new StorageType("int32", 4)), Map.entry("ShortStorage", new StorageType("int16", 2)),
			Map.entry("CharStorage", new StorageType("int8", 1)), Map.entry("ByteStorage", new StorageType("uint8", 1)),
			Map.entry("BoolStorage", new StorageType("bool", 1)), Map.entry("UntypedStorage", new StorageType("uint8", 1)));
		storages.forEach((name, type) -> Unpickler.registerConstructor("torch", name, type));
		Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
		Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchCheckpointReader::rebuildTensor);
		Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", TorchCheckpointReader::rebuildTensor);
		Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
		Unpickler.registerConstructor("torch._utils", "_rebuild_parameter_with_state", args -> args[0]);
		IObjectConstructor opaque = args -> new Opaque();
		for (String[] g : new String[][] { { "numpy.core.multiarray", "scalar" }, { "numpy", "dtype" }, { "numpy.core.multiarray", "_reconstruct" },
			{ "numpy._core.multiarray", "scalar" }, { "numpy._core.multiarray", "_reconstruct" }, { "argparse", "Namespace" }, { "torch", "device" },
			{ "_codecs", "encode" } })
			Unpickler.registerConstructor(g[0], g[1], opaque);
	}

	private static Object rebuildTensor(Object[] args) {
		if (args.length < 4 || !(args[0] instanceof Storage s))
			throw new PickleException("unexpected arguments to torch._utils._rebuild_tensor_v2");
		return new TensorView(s, number(args[1]), longs(args[2]), longs(args[3]));
	}

	/** Reads every tensor in {@code file}; the file's format is recognised by its first bytes. */
	public static Contents read(Path file) {
		try {
			byte[] head = new byte[4];
			try (InputStream in = Files.newInputStream(file)) {
				if (in.readNBytes(head, 0, 4) < 2) throw notTorch(file, "it is too short");
			}
			Object[] object = new Object[1];
			if (head[0] == 'P' && head[1] == 'K') return new Contents(Format.ZIP, readZip(file, object), norms(object[0]));
			if ((head[0] & 0xff) == 0x80) return new Contents(Format.LEGACY, readLegacy(file, object), norms(object[0]));
			throw notTorch(file, "it is neither a zip archive nor a pickle stream");
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
		}
		catch (PickleException e) {
			throw notTorch(file, "its pickle could not be read (" + e.getMessage() + ")");
		}
	}

	private static UserInputException notTorch(Path file, String why) {
		return UserInputException.about(file, "is not a PyTorch file written by torch.save (" + why + ")",
			"pass a .pth/.pt state dict or checkpoint (torch.save(model.state_dict(), f)), or a Keras .h5 file with {{keras}}");
	}

	private static Map<String, SourceTensor> readZip(Path file, Object[] pickled) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			String root = null;
			for (var en = zip.entries(); en.hasMoreElements();) {
				String name = en.nextElement().getName();
				if (name.endsWith("data.pkl") && (name.equals("data.pkl") || name.endsWith("/data.pkl"))) {
					root = name.substring(0, name.length() - "data.pkl".length());
					break;
				}
			}
			if (root == null) throw notTorch(file, "the zip archive has no data.pkl");
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			ZipEntry byteorder = zip.getEntry(root + "byteorder");
			if (byteorder != null) try (InputStream in = zip.getInputStream(byteorder)) {
				if (new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().equals("big")) order = ByteOrder.BIG_ENDIAN;
			}
			Map<String, Storage> storages = new LinkedHashMap<>();
			Object object;
			try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(root + "data.pkl")))) {
				object = new StorageUnpickler(storages).load(in);
			}
			for (Storage s : storages.values()) {
				ZipEntry e = zip.getEntry(root + "data/" + s.key);
				if (e == null) throw notTorch(file, "storage " + s.key + " is missing from the archive");
				try (InputStream in = zip.getInputStream(e)) {
					s.bytes = ByteBuffer.wrap(in.readAllBytes()).order(order);
				}
			}
			pickled[0] = object;
			return tensors(object, file);
		}
	}

	private static Map<String, SourceTensor> readLegacy(Path file, Object[] pickled) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			Object magic = new Unpickler().load(in);
			if (!(magic instanceof Number) && !(magic instanceof java.math.BigInteger))
				throw notTorch(file, "the legacy header has no magic number");
			new Unpickler().load(in); // protocol version
			new Unpickler().load(in); // system info (byte order, type sizes)
			Map<String, Storage> storages = new LinkedHashMap<>();
			Object object = new StorageUnpickler(storages).load(in);
			Object keys = new Unpickler().load(in);
			if (!(keys instanceof List<?> list)) throw notTorch(file, "the legacy storage key list is missing");
			for (Object k : list) {
				Storage s = storages.get(String.valueOf(k));
				if (s == null) throw notTorch(file, "storage " + k + " is listed but not used");
				long n = Long.reverseBytes(in.readLong());
				byte[] b = new byte[Math.toIntExact(n * s.type.bytes)];
				in.readFully(b);
				s.bytes = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
			}
			pickled[0] = object;
			return tensors(object, file);
		}
	}

	/** Resolves the pickle's persistent ids {@code ('storage', type, key, location, numel[, view])} to storages. */
	private static final class StorageUnpickler extends Unpickler {
		private final Map<String, Storage> storages;

		StorageUnpickler(Map<String, Storage> storages) {
			this.storages = storages;
		}

		@Override
		protected Object persistentLoad(Object pid) {
			if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0]))
				throw new PickleException("unknown persistent id " + pid);
			if (!(t[1] instanceof StorageType type)) throw new PickleException("unknown storage type " + t[1]);
			String key = String.valueOf(t[2]);
			return storages.computeIfAbsent(key, k -> new Storage(type, k, number(t[4])));
		}
	}

	/** {@code norms: [mean, std]} at the top level, each a number or three numbers; null when absent or otherwise shaped. */
	static float[][] norms(Object root) {
		if (!(root instanceof Map<?, ?> m)) return null;
		Object n = m.get("norms");
		List<?> pair = n instanceof List<?> l ? l : n instanceof Object[] a ? List.of(a) : null;
		if (pair == null || pair.size() != 2) return null;
		float[][] out = new float[2][];
		for (int k = 0; k < 2; k++) {
			Object v = pair.get(k);
			List<?> values = v instanceof Number ? List.of(v) : v instanceof List<?> l ? l : v instanceof Object[] a ? List.of(a) : null;
			if (values == null || (values.size() != 1 && values.size() != 3)) return null;
			out[k] = new float[3];
			for (int c = 0; c < 3; c++) {
				if (!(values.get(values.size() == 1 ? 0 : c) instanceof Number x)) return null;
				out[k][c] = x.floatValue();
			}
		}
		return out;
	}

	private static Map<String, SourceTensor> tensors(Object object, Path file) {
		Map<String, SourceTensor> out = new LinkedHashMap<>();
		collect("", object, out, file);
		return out;
	}

	private static void collect(String path, Object o, Map<String, SourceTensor> out, Path file) {
		if (o instanceof TensorView v) out.put(path, materialise(path, v, file));
		else if (o instanceof Map<?, ?> m) {
			for (var e : m.entrySet()) collect(path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), e.getValue(), out, file);
		}
		else if (o instanceof List<?> l) {
			for (int i = 0; i < l.size(); i++) collect(path.isEmpty() ? String.valueOf(i) : path + "." + i, l.get(i), out, file);
		}
	}

	private static SourceTensor materialise(String name, TensorView v, Path file) {
		StorageType type = v.storage().type;
		boolean floating = type.dtype().startsWith("float") || type.dtype().equals("bfloat16");
		if (!floating) return new SourceTensor(name, v.shape(), null, type.dtype());
		ByteBuffer b = v.storage().bytes;
		if (b == null) throw notTorch(file, "tensor " + name + " points to a storage without data");
		long count = 1;
		for (long d : v.shape()) count *= d;
		float[] values = new float[Math.toIntExact(count)];
		int rank = v.shape().length;
		long[] index = new long[rank];
		for (int i = 0; i < values.length; i++) {
			long element = v.offset();
			for (int d = 0; d < rank; d++) element += index[d] * v.stride()[d];
			if (element >= v.storage().elements) throw notTorch(file, "tensor " + name + " reaches past its storage");
			values[i] = read(b, type, (int) element);
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < v.shape()[d]) break;
				index[d] = 0;
			}
		}
		return new SourceTensor(name, v.shape(), values, type.dtype());
	}

	private static float read(ByteBuffer b, StorageType type, int element) {
		return switch (type.dtype()) {
			case "float32" -> b.getFloat(element * 4);
			case "float64" -> (float) b.getDouble(element * 8);
			case "float16" -> halfToFloat(b.getShort(element * 2));
			case "bfloat16" -> Float.intBitsToFloat((b.getShort(element * 2) & 0xffff) << 16);
			default -> throw new IllegalStateException(type.dtype());
		};
	}

	/** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
	static float halfToFloat(short h) {
		int bits = h & 0xffff, sign = (bits >>> 15) << 31, exp = (bits >>> 10) & 0x1f, mant = bits & 0x3ff;
		if (exp == 0) return (sign != 0 ? -1 : 1) * mant * 0x1p-24f;
		if (exp == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
	}

	private static long number(Object o) {
		if (o instanceof Number n) return n.longValue();
		throw new PickleException("expected a number, got " + o);
	}

	private static long[] longs(Object o) {
		if (o instanceof Object[] a) {
			long[] out = new long[a.length];
			for (int i = 0; i < a.length; i++) out[i] = number(a[i]);
			return out;
		}
		if (o instanceof List<?> l) {
			long[] out = new long[l.size()];
			for (int i = 0; i < l.size(); i++) out[i] = number(l.get(i));
			return out;
		}
		throw new PickleException("expected a tuple of sizes, got " + o);
	}
}
