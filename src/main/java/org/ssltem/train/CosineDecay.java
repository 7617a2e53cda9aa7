package org.ssltem.train;

/** Keras' CosineDecay with alpha = 0: lr · ½(1 + cos(π · step / totalSteps)), as the paper's SGD schedule. */
public record CosineDecay(double initial, long totalSteps) {

	public float at(long step) {
		double progress = Math.min(step, totalSteps) / (double) Math.max(1, totalSteps);
		return (float) (initial * 0.5 * (1 + Math.cos(Math.PI * progress)));
	}
}
