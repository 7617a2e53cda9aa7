package org.ssltem.synthetic;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent seeds from a base seed and a name, so each image (and each retry) has its own random stream
 * and adding images never shifts the others. SplitMix64's finaliser over the base seed, a hash of the key and an index.
 */
final class Seeds {

	private Seeds() {}

	static long derive(long seed, String key, long index) {
		long h = mix(seed ^ 0x9E3779B97F4A7C15L);
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ (b & 0xff));
		return mix(h ^ mix(index + 0x632BE59BD9B4E019L));
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
