package org.ssltem.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.ssltem.core.ProgressListener;
import org.ssltem.eval.StudyUnits;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A study's units as Spark tasks, one unit per task, with done / total on the console while they run. */
public final class SparkStudyUnits implements StudyUnits {

	private final SparkSession spark;
	private final ProgressListener log;

	public SparkStudyUnits(SparkSession spark, ProgressListener log) {
		this.spark = spark;
		this.log = log == null ? ProgressListener.SILENT : log;
	}

	@Override
	public <T extends Serializable> List<T> map(String stage, int count, Unit<T> unit) {
		if (count == 0) return List.of();
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		LongAccumulator done = spark.sparkContext().longAccumulator("ssl-tem " + stage);
		try (SparkProgress progress = new SparkProgress(done.id(), "spark " + stage, count, log)) {
			spark.sparkContext().addSparkListener(progress);
			try {
				return new ArrayList<>(jsc.parallelize(IntStream.range(0, count).boxed().toList(), count).map(i -> {
					T result = unit.run(i);
					done.add(1);
					return result;
				}).collect());
			}
			finally {
				spark.sparkContext().removeSparkListener(progress);
			}
		}
	}
}
