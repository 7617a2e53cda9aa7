import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.framework.MetaGraphDef;
import org.tensorflow.proto.framework.SignatureDef;
import org.tensorflow.types.TFloat32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a SavedModel with TensorFlow Java 0.5.0 (TensorFlow 2.10.1) the way DeepImageJ's engine does for TensorFlow 2
 * models: load with the tag "serve", read the "serving_default" signature from the meta graph, feed and fetch the
 * tensors its keys name. Started by BioImageIoExportTest as a single-file program (java -cp <0.5.0 jars> this file),
 * so none of TF Java 1.0's classes are near.
 *
 * Arguments: SAVED_MODEL_DIR INPUT_KEY OUTPUT_KEY INPUT.npy OUTPUT.npy (float32, C order, little-endian)
 */
public class Tf050Predict {

	public static void main(String[] args) throws Exception {
		System.out.println("tensorflow " + TensorFlow.version());
		try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
			SignatureDef sig = MetaGraphDef.parseFrom(bundle.metaGraphDef().toByteArray()).getSignatureDefOrThrow("serving_default");
			String in = sig.getInputsOrThrow(args[1]).getName(), out = sig.getOutputsOrThrow(args[2]).getName();
			byte[] file = Files.readAllBytes(Path.of(args[3]));
			int headerLength = ByteBuffer.wrap(file, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
			String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
			String dims = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')', header.indexOf("'shape': (")));
			long[] shape = Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
			ByteBuffer data = ByteBuffer.wrap(file, 10 + headerLength, file.length - 10 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
			float[] values = new float[(file.length - 10 - headerLength) / 4];
			data.asFloatBuffer().get(values);
			try (TFloat32 x = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
				Result r = bundle.session().runner().feed(in, x).fetch(out).run())
			{
				TFloat32 y = (TFloat32) r.get(0);
				float[] result = new float[(int) y.shape().size()];
				y.read(DataBuffers.of(result, false, false));
				String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + String.join(", ", Arrays.stream(y.shape().asArray())
					.mapToObj(Long::toString).toList()) + "), }";
				int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
				String h = dict + " ".repeat(pad) + "\n";
				ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 4 * result.length).order(ByteOrder.LITTLE_ENDIAN);
				b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) h.length()).put(h.getBytes(StandardCharsets.US_ASCII));
				for (float v : result) b.putFloat(v);
				Files.write(Path.of(args[4]), b.array());
				System.out.println("output " + in + " -> " + out + " shape " + Arrays.toString(y.shape().asArray()));
			}
		}
	}
}
