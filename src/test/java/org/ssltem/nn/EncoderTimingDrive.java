package org.ssltem.nn;

/**
 * Times the inference encoder (ResNet50 features) with the engine's session options and with Grappler's remapper off,
 * alternately, by hand (not a test): {@code java -cp ... org.ssltem.nn.EncoderTimingDrive [size rounds]}.
 */
public final class EncoderTimingDrive {

	private static org.tensorflow.proto.ConfigProto remapperOn(org.tensorflow.proto.ConfigProto c) {
		return c.toBuilder().setGraphOptions(c.getGraphOptions().toBuilder().setRewriteOptions(c.getGraphOptions().getRewriteOptions().toBuilder()
			.setRemapping(org.tensorflow.proto.RewriterConfig.Toggle.DEFAULT))).build();
	}

	public static void main(String[] args) {
		NativeSetup.prepare();
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 512, rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		var cpu = Device.choose(Device.Preference.CPU);
		float[] x = new float[size * size];
		for (int i = 0; i < x.length; i++) x[i] = (float) Math.random();
		try (EncoderGraph on = EncoderGraph.build(Architecture.RESNET50, size, 1, remapperOn(cpu.sessionConfig(2)));
			EncoderGraph off = EncoderGraph.build(Architecture.RESNET50, size, 1, cpu.sessionConfig(2)))
		{
			on.features(x, 1);
			off.features(x, 1);
			for (int r = 0; r < rounds; r++) {
				long t0 = System.nanoTime();
				on.features(x, 1);
				long t1 = System.nanoTime();
				off.features(x, 1);
				long t2 = System.nanoTime();
				System.out.printf("round %d: remapper on %.2f s, off %.2f s, ratio %.2f%n", r, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t1 - t0) / (double) (t2 - t1));
			}
		}
	}
}
