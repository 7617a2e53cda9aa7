package org.ssltem.nn;

/**
 * Run by {@link GpuProfileIT} in a JVM whose class path carries the {@code gpu} profile's native library: says
 * which build is loaded and which device the engine chose, then computes features on that device.
 */
public final class GpuFallbackProbe {

	private GpuFallbackProbe() {}

	public static void main(String[] args) {
		System.out.println("gpu build loaded: " + Device.gpuBuildLoaded());
		Device device = Device.choose(Device.Preference.GPU);
		System.out.println("device: " + device.description());
		try (EncoderGraph g = EncoderGraph.build(Architecture.parse("resnet18"), 32, 1, device.sessionConfig(2))) {
			float[] features = g.features(new float[2 * 32 * 32], 2);
			boolean finite = true;
			for (float f : features) finite &= Float.isFinite(f);
			System.out.println("features: " + features.length + (finite ? " finite" : " NOT finite"));
		}
	}
}
