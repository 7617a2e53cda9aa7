package org.ssltem.export;

import com.google.protobuf.ByteString;
import org.ssltem.core.AtomicFiles;
import org.tensorflow.Graph;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TensorFlow SavedModel without variables: the inference graph with every variable replaced by a constant holding
 * its value, cut down to what the output needs. Such a graph has no save/restore or resource-variable ops, only the
 * plain ops of the network (Conv2D, FusedBatchNormV3, Conv2DBackpropInput, ...), so older TensorFlow releases load it
 * too: DeepImageJ runs TensorFlow 2 models with TensorFlow 2.10 (TF Java 0.5.0), while this engine writes with 2.16.
 *
 * <p>The SavedModel has one meta graph tagged {@code serve} with the signature {@code serving_default}, whose input
 * and output keys are the tensor ids a bioimage.io rdf.yaml names.
 */
public final class FrozenSavedModel {

	public static final String TAG = "serve";
	public static final String SIGNATURE = "serving_default";
	/** The ops a frozen inference graph may keep; anything else reachable from the output is refused (see {@link #freeze}). */
	private static final Set<String> STATEFUL = Set.of("Assign", "AssignVariableOp", "VarHandleOp", "ReadVariableOp", "SaveV2", "RestoreV2");

	private FrozenSavedModel() {}

	/** A tensor of the signature: its key (the rdf tensor id), the graph op whose output 0 it is, and its shape (-1 = any). */
	public record Port(String key, String op, long[] shape) {}

	/**
	 * The part of {@code graph} that {@code output} depends on, with each of {@code variables} turned into a constant of
	 * its current value in {@code values} (by variable name). Devices are cleared, so the graph runs wherever it is loaded.
	 */
	public static GraphDef freeze(Graph graph, String output, Map<String, Variable<TFloat32>> variables, Map<String, float[]> values) {
		Map<String, String> variableOfOp = new HashMap<>();
		variables.forEach((name, v) -> variableOfOp.put(v.op().name(), name));
		GraphDef def = graph.toGraphDef();
		Map<String, NodeDef> byName = new HashMap<>();
		for (NodeDef n : def.getNodeList()) byName.put(n.getName(), n);
		Set<String> needed = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(List.of(output));
		while (!todo.isEmpty()) {
			String name = todo.pop();
			if (!needed.add(name)) continue;
			NodeDef n = byName.get(name);
			if (n == null) throw new IllegalStateException("the graph has no node " + name);
			if (variableOfOp.containsKey(name)) continue; // becomes a constant: its initialiser is not needed
			if (STATEFUL.contains(n.getOp()) || n.getOp().startsWith("Variable"))
				throw new IllegalStateException("the output depends on " + n.getOp() + " " + name + ", which a frozen graph cannot hold");
			for (String in : n.getInputList()) todo.push(nodeOf(in));
		}
		GraphDef.Builder out = GraphDef.newBuilder().setVersions(def.getVersions());
		for (NodeDef n : def.getNodeList()) {
			if (!needed.contains(n.getName())) continue;
			String variable = variableOfOp.get(n.getName());
			if (variable == null) {
				out.addNode(n.toBuilder().setDevice(""));
				continue;
			}
			float[] v = values.get(variable);
			if (v == null) throw new IllegalStateException("no value for variable " + variable);
			out.addNode(constant(n.getName(), variables.get(variable).shape().asArray(), v));
		}
		return out.build();
	}

	private static String nodeOf(String input) {
		String s = input.startsWith("^") ? input.substring(1) : input;
		int colon = s.indexOf(':');
		return colon < 0 ? s : s.substring(0, colon);
	}

	static NodeDef constant(String name, long[] shape, float[] values) {
		TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
		for (long d : shape) s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
		ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : values) b.putFloat(f);
		TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(s).setTensorContent(ByteString.copyFrom(b.array())).build();
		return NodeDef.newBuilder().setName(name).setOp("Const")
			.putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
			.putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
	}

	/**
	 * Writes {@code dir/saved_model.pb} and an empty {@code dir/variables/}: one meta graph tagged {@link #TAG} holding
	 * {@code graph}, with the signature {@link #SIGNATURE} mapping each port's key to its op's first output.
	 *
	 * @param tensorflowVersion recorded in the meta graph's info
	 */
	public static void write(Path dir, GraphDef graph, List<Port> inputs, List<Port> outputs, String tensorflowVersion) {
		SignatureDef.Builder sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
		for (Port p : inputs) sig.putInputs(p.key(), info(p));
		for (Port p : outputs) sig.putOutputs(p.key(), info(p));
		MetaGraphDef meta = MetaGraphDef.newBuilder()
			.setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(TAG).setTensorflowVersion(tensorflowVersion))
			.setGraphDef(graph)
			.putSignatureDef(SIGNATURE, sig.build())
			.build();
		SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
		try {
			Files.createDirectories(dir.resolve("variables"));
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException("could not create " + dir.resolve("variables") + ": " + e.getMessage(), e);
		}
		AtomicFiles.write(dir.resolve("saved_model.pb"), model::writeTo);
	}

	private static TensorInfo info(Port p) {
		TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
		for (long d : p.shape()) s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
		return TensorInfo.newBuilder().setName(p.op() + ":0").setDtype(DataType.DT_FLOAT).setTensorShape(s).build();
	}
}
