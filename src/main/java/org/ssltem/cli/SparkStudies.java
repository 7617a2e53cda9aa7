package org.ssltem.cli;

import org.apache.spark.sql.SparkSession;

import java.util.function.Function;

/** A study run with its units as Spark tasks: opens the session ({@code --spark[=MASTER]}), runs, stops it. */
final class SparkStudies {

	private SparkStudies() {}

	/** @param master "" for spark-submit's master, else local[*]; or a master URL */
	static <T> T run(String master, String study, Function<SparkSession, T> work) {
		SparkSession session = org.ssltem.spark.SparkSessions.open(master.isBlank() ? null : master, "ssl-tem " + study);
		try {
			return work.apply(session);
		}
		finally {
			session.stop();
		}
	}
}
