package org.ssltem.train;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;
import org.ssltem.data.MatchedFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelChoiceTest {

	private static List<MatchedFiles.Pair> pairs(int n) {
		List<MatchedFiles.Pair> p = new ArrayList<>();
		for (int i = 0; i < n; i++) p.add(new MatchedFiles.Pair(String.format("f%02d", i), Path.of("i" + i + ".png"), Path.of("m" + i + ".png")));
		return p;
	}

	@Test
	void coverageTakesOneImageFromEachKindOfView() {
		// 12 frames of one kind of view, 2 of a second and 2 of a third, in feature space
		int n = 16;
		float[][] f = new float[n][];
		SplittableRandom r = new SplittableRandom(5);
		for (int i = 0; i < n; i++) {
			int kind = i < 12 ? 0 : i < 14 ? 1 : 2;
			f[i] = new float[] { kind == 0 ? 1 : 0.05f, kind == 1 ? 1 : 0.05f, kind == 2 ? 1 : 0.05f };
			for (int d = 0; d < 3; d++) f[i][d] += (float) (0.02 * r.nextDouble());
		}
		List<MatchedFiles.Pair> all = pairs(n);
		for (long seed = 1; seed <= 3; seed++) {
			List<MatchedFiles.Pair> chosen = LabelChoice.coverage(all, f, 3, seed);
			assertEquals(3, chosen.size());
			int[] kinds = chosen.stream().mapToInt(p -> Integer.parseInt(p.key().substring(1))).map(i -> i < 12 ? 0 : i < 14 ? 1 : 2).sorted().toArray();
			assertEquals("[0, 1, 2]", java.util.Arrays.toString(kinds), "seed " + seed + ": " + chosen);
		}
		// a random choice of 3 misses a rare kind for most seeds
		int missed = 0;
		for (long seed = 0; seed < 20; seed++) {
			long rare = LabelChoice.random(all, 3, seed).stream().filter(p -> Integer.parseInt(p.key().substring(1)) >= 12).count();
			if (rare < 2) missed++;
		}
		assertNotEquals(0, missed);
	}

	@Test
	void randomChoiceIsSeededAndInFileOrder() {
		List<MatchedFiles.Pair> all = pairs(10);
		List<MatchedFiles.Pair> a = LabelChoice.random(all, 4, 7);
		assertEquals(a, LabelChoice.random(all, 4, 7));
		for (int i = 1; i < a.size(); i++) assertEquals(-1, Integer.signum(a.get(i - 1).key().compareTo(a.get(i).key())));
		assertEquals(LabelChoice.Method.RANDOM, LabelChoice.Method.parse("Random"));
		assertThrows(UserInputException.class, () -> LabelChoice.Method.parse("kmeans"));
	}
}
