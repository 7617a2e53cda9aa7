package org.ssltem.nn;

import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-op times of one U-Net forward pass (TF's step trace), by hand (not a test):
 * {@code java -cp "target/classes:target/test-classes:$(cat cp.txt)" org.ssltem.nn.UNetProfileDrive [size]}
 * (cp.txt from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt}; {@code -Dssltem.remapper=on} to see Grappler's fused conv + batch norm,
 * for example).
 * Prints the 25 slowest ops and the time per op type.
 */
public final class UNetProfileDrive {

	public static void main(String[] args) {
		NativeSetup.prepare();
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
		try (SegmenterGraph g = SegmenterGraph.build(Architecture.RESNET50, size, size, 2, DecoderShape.DEFAULT, false, SegmentationLoss.Kind.DICE_CE, 1,
			Device.choose(Device.Preference.CPU).sessionConfig(2)))
		{
			g.initialize();
			float[] x = new float[size * size];
			for (int i = 0; i < x.length; i++) x[i] = (float) Math.random();
			g.predict(x, 1);
			long t0 = System.nanoTime();
			g.predict(x, 1);
			System.out.printf("predict: %.2f s%n", (System.nanoTime() - t0) / 1e9);
			RunMetadata meta;
			try (var xt = Tensors.floats(org.tensorflow.ndarray.Shape.of(1, size, size, 1), x)) {
				var r = g.session.runner().feed(g.graph.operation("images").output(0), xt).fetch(g.network.probabilities())
					.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build()).runAndFetchMetadata();
				meta = r.getMetadata().orElseThrow();
				r.close();
			}
			Map<String, Long> byType = new HashMap<>();
			java.util.List<NodeExecStats> all = new java.util.ArrayList<>();
			meta.getStepStats().getDevStatsList().forEach(d -> all.addAll(d.getNodeStatsList()));
			all.sort((a, b) -> Long.compare(b.getAllEndRelMicros(), a.getAllEndRelMicros()));
			long total = 0;
			for (NodeExecStats s : all) {
				String label = s.getTimelineLabel();
				String type = label.contains("= ") ? label.substring(label.indexOf("= ") + 2).replaceAll("\\(.*", "") : label;
				byType.merge(type, s.getAllEndRelMicros(), Long::sum);
				total += s.getAllEndRelMicros();
			}
			System.out.printf("traced ops total %.2f s%n", total / 1e6);
			for (int i = 0; i < Math.min(25, all.size()); i++)
				System.out.printf("%8.1f ms  %s  %s%n", all.get(i).getAllEndRelMicros() / 1e3, all.get(i).getNodeName(), all.get(i).getTimelineLabel());
			byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
				.forEach(e -> System.out.printf("%8.1f ms  %s%n", e.getValue() / 1e3, e.getKey()));
		}
	}
}
