package org.ssltem.eval;

import java.io.Serializable;
import java.util.List;

/**
 * Runs a study's independent units (one encoder's features, one classifier of the grid) somewhere other than this
 * JVM's thread pool, e.g. as Spark tasks. A unit is a pure function of its index and what it captured, so where it
 * runs does not change its result.
 */
public interface StudyUnits {

	/** A unit of work; what it captures travels with it, so it must be serializable. */
	@FunctionalInterface
	interface Unit<T extends Serializable> extends Serializable {
		T run(int index);
	}

	/** {@code unit.run(0 … count-1)}, results in index order. */
	<T extends Serializable> List<T> map(String stage, int count, Unit<T> unit);
}
