package org.ssltem.nn;

import java.nio.file.Path;

/**
 * An encoder folder checked once for the networks built on it in one session: its manifest (checkpoint verified), its
 * hash (what segmenters record), its architecture, and the device and threads the networks run with.
 */
public record LoadedEncoder(Path folder, EncoderManifest manifest, String hash, Architecture architecture, Device device, int threads) {

	/**
	 * @param device  "auto", "cpu" or "gpu"
	 * @param threads TensorFlow threads, 0 = all cores
	 */
	public static LoadedEncoder open(Path folder, String device, int threads) {
		EncoderManifest m = EncoderManifest.read(folder);
		m.verifyCheckpoint(folder);
		return new LoadedEncoder(folder, m, SegmenterManifest.encoderHash(folder), m.architecture(), Device.choose(Device.Preference.parse(device)),
			threads > 0 ? threads : Device.defaultThreads());
	}

	/** The checkpoint folder the encoder's weights are restored from. */
	public Path checkpoint() {
		return manifest.checkpointFolder(folder);
	}
}
