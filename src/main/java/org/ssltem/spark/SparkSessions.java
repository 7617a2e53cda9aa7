package org.ssltem.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: {@code local[*]} unless a master is given, or set by {@code spark-submit} (which
 * passes {@code spark.master} and the rest of its settings as system properties).
 */
public final class SparkSessions {

	public static final String DEFAULT_MASTER = "local[*]";

	private SparkSessions() {}

	/** @param master null for spark-submit's master, else {@link #DEFAULT_MASTER} */
	public static SparkSession open(String master, String appName) {
		SparkConf submitted = new SparkConf();
		SparkSession.Builder b = SparkSession.builder().appName(appName);
		if (master != null) b.master(master);
		else if (!submitted.contains("spark.master")) b.master(DEFAULT_MASTER);
		// progress comes from the executors' heartbeats: every 2 s instead of 10; our own line replaces Spark's bar
		if (!submitted.contains("spark.executor.heartbeatInterval")) b.config("spark.executor.heartbeatInterval", "2s");
		if (!submitted.contains("spark.ui.showConsoleProgress")) b.config("spark.ui.showConsoleProgress", "false");
		return b.getOrCreate();
	}
}
