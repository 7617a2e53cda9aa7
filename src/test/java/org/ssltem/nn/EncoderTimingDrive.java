package org.ssltem.nn;

/**
 * Times the inference encoder (ResNet50 features) with the engine's session options and with Grappler's remapper off,
 * alternately, by hand (not a test): {@code java -cp ... org.ssltem.nn.EncoderTimingDrive [size:batch ...]}.
 */
public final class EncoderTimingDrive {

	private static org.tensorflow.proto.ConfigProto remapperOn(org.tensorflow.proto.ConfigProto c) {
		return c.toBuilder().setGraphOptions(c.getGraphOptions().toBuilder().setRewriteOptions(c.getGraphOptions().getRewriteOptions().toBuilder()
			.setRemapping(org.tensorflow.proto.RewriterConfig.Toggle.DEFAULT))).build();
	}

	public static void main(String[] args) {
		NativeSetup.prepare();
		var cpu = Device.choose(Device.Preference.CPU);
		for (String spec : args.length > 0 ? args : new String[] { "512:1" }) {
			int size = Integer.parseInt(spec.split(":")[0]), n = Integer.parseInt(spec.split(":")[1]);
			float[] x = new float[n * size * size];
			for (int i = 0; i < x.length; i++) x[i] = (float) Math.random();
			try (EncoderGraph on = EncoderGraph.build(Architecture.RESNET50, size, 1, remapperOn(cpu.sessionConfig(2)));
				EncoderGraph off = EncoderGraph.build(Architecture.RESNET50, size, 1, cpu.sessionConfig(2)))
			{
				on.features(x, n);
				off.features(x, n);
				for (int r = 0; r < 2; r++) {
					long t0 = System.nanoTime();
					on.features(x, n);
					long t1 = System.nanoTime();
					off.features(x, n);
					long t2 = System.nanoTime();
					System.out.printf("%d px, batch %d, round %d: remapper on %.2f s, off %.2f s, on/off %.2f%n", size, n, r, (t1 - t0) / 1e9,
						(t2 - t1) / 1e9, (t1 - t0) / (double) (t2 - t1));
				}
			}
		}
	}
}
