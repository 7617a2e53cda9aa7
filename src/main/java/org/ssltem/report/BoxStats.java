package org.ssltem.report;

import java.util.Arrays;

/**
 * Box-plot statistics of a sample, as matplotlib's notched boxplot draws them: quartiles by linear interpolation
 * between order statistics (numpy's default percentile), notch = median ± 1.57·IQR/√n (McGill, Tukey & Larsen 1978),
 * whiskers at the most extreme data within 1.5·IQR of the box.
 */
public record BoxStats(int n, double median, double q1, double q3, double notchLow, double notchHigh, double whiskerLow, double whiskerHigh,
	double[] outliers) {

	public static BoxStats of(double[] values) {
		if (values.length == 0) throw new IllegalArgumentException("no values");
		double[] s = values.clone();
		Arrays.sort(s);
		double q1 = percentile(s, 0.25), med = percentile(s, 0.5), q3 = percentile(s, 0.75);
		double iqr = q3 - q1, half = 1.57 * iqr / Math.sqrt(s.length);
		double lo = q1 - 1.5 * iqr, hi = q3 + 1.5 * iqr;
		double wl = q1, wh = q3;
		for (double v : s) if (v >= lo) { wl = Math.min(v, q1); break; }
		for (int i = s.length - 1; i >= 0; i--) if (s[i] <= hi) { wh = Math.max(s[i], q3); break; }
		double whiskerLow = wl, whiskerHigh = wh;
		double[] out = Arrays.stream(s).filter(v -> v < whiskerLow || v > whiskerHigh).toArray();
		return new BoxStats(s.length, med, q1, q3, med - half, med + half, whiskerLow, whiskerHigh, out);
	}

	/** Linear interpolation between the sorted values at rank p·(n-1) (numpy's "linear" method). */
	public static double percentile(double[] sorted, double p) {
		double rank = p * (sorted.length - 1);
		int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
		return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
	}
}
