package org.ssltem.spark;

import java.io.Serializable;

/**
 * What happened to one image: processed now, skipped (finished by an earlier run with the same content and model),
 * or failed with a reason.
 *
 * @param result what the engine returned (features, measures, a prediction), null for a failure
 */
public record ImageOutcome(InputImage image, String contentHash, Status status, String reason, Serializable result) implements Serializable {

	public enum Status { DONE, SKIPPED, FAILED }

	public boolean finished() {
		return status != Status.FAILED;
	}
}
