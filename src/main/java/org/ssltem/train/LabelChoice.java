package org.ssltem.train;

import org.ssltem.core.UserInputException;
import org.ssltem.data.KMedoids;
import org.ssltem.data.MatchedFiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which of the image/mask pairs a segmenter trains on when {@code --labeled} is fewer than the pairs.
 * {@link Method#COVERAGE} takes the k-medoids of the pool in the encoder's feature space ({@link KMedoids}, as
 * {@code anchors} suggests images for classification): frames from every kind of view the pool holds, so no
 * kind is left unlabelled by chance. {@link Method#RANDOM} is a seeded random choice.
 */
public final class LabelChoice {

	public enum Method {
		COVERAGE("coverage"), RANDOM("random");

		public final String key;

		Method(String key) {
			this.key = key;
		}

		public static Method parse(String s) {
			for (Method m : values())
				if (m.key.equalsIgnoreCase(s == null ? "" : s.trim())) return m;
			throw UserInputException.option("{{choose}} must be coverage or random, got '" + s + "'",
				"pass {{choose}} coverage (frames that cover the pool in feature space) or {{choose}} random");
		}

		@Override
		public String toString() {
			return key;
		}
	}

	private LabelChoice() {}

	/** A seeded random choice of {@code n} pairs, returned in file order. */
	static List<MatchedFiles.Pair> random(List<MatchedFiles.Pair> pairs, int n, long seed) {
		int[] order = permutation(pairs.size(), new SplittableRandom(seed));
		return inFileOrder(pairs, Arrays.copyOf(order, n));
	}

	/**
	 * The {@code n} pairs whose features ({@code features[i]} for {@code pairs.get(i)}) are the k-medoids of all,
	 * returned in file order. The restarts are seeded, so the choice is reproducible.
	 */
	static List<MatchedFiles.Pair> coverage(List<MatchedFiles.Pair> pairs, float[][] features, int n, long seed) {
		if (features.length != pairs.size()) throw new IllegalArgumentException(features.length + " feature rows for " + pairs.size() + " pairs");
		return inFileOrder(pairs, KMedoids.choose(features, n, seed));
	}

	/** The chosen keys for a log line. */
	static String describe(List<MatchedFiles.Pair> chosen) {
		StringBuilder b = new StringBuilder();
		for (MatchedFiles.Pair p : chosen) b.append(b.length() == 0 ? "" : ", ").append(p.key());
		return String.format(Locale.ROOT, "%d: %s", chosen.size(), b);
	}

	private static List<MatchedFiles.Pair> inFileOrder(List<MatchedFiles.Pair> pairs, int[] picked) {
		int[] pick = picked.clone();
		Arrays.sort(pick);
		List<MatchedFiles.Pair> out = new ArrayList<>();
		for (int i : pick) out.add(pairs.get(i));
		return out;
	}

	static int[] permutation(int n, SplittableRandom r) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++) p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = r.nextInt(i + 1), t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}
}
