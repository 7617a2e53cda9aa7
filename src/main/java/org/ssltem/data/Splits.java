package org.ssltem.data;

import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Seeded, stratified choices of items by class. Each class gets its own random stream derived from (seed, class),
 * so a class's split does not change when other classes are added or removed, and the same inputs always give the
 * same answer on any JVM.
 */
public final class Splits {

	/** Item indices, sorted ascending. */
	public record Split(int[] train, int[] test) implements java.io.Serializable {}

	/**
	 * Items drawn per class, sorted ascending; {@code cappedClasses} lists (ascending) the classes that had fewer than
	 * the wanted number, so callers can warn.
	 */
	public record Draw(int[] indices, int[] cappedClasses) {}

	private static final long SPLIT_STREAM = 0x5350_4c49_5400_0001L;
	private static final long DRAW_STREAM = 0x4452_4157_0000_0002L;
	private static final long FOLD_STREAM = 0x464f_4c44_0000_0003L;

	private Splits() {}

	/**
	 * Per class, round(n · testFraction) items go to test: at least 1 when the class has 2 or more, never all of them
	 * (a class of one stays in train).
	 */
	public static Split stratified(int[] classIndex, double testFraction, long seed) {
		if (!(testFraction > 0 && testFraction < 1))
			throw UserInputException.option("the test fraction must be between 0 and 1, got " + testFraction, "use e.g. 0.2");
		int[] all = IntStream.range(0, classIndex.length).toArray();
		int[] test = new int[classIndex.length];
		int nTest = 0;
		for (var byClass : groupByClass(classIndex, all).entrySet()) {
			int[] items = byClass.getValue();
			int n = items.length;
			int k = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
			shuffleFirst(items, k, classRandom(seed, SPLIT_STREAM, byClass.getKey()));
			System.arraycopy(items, 0, test, nTest, k);
			nTest += k;
		}
		test = Arrays.copyOf(test, nTest);
		Arrays.sort(test);
		boolean[] inTest = new boolean[classIndex.length];
		for (int i : test) inTest[i] = true;
		int[] train = IntStream.range(0, classIndex.length).filter(i -> !inTest[i]).toArray();
		return new Split(train, test);
	}

	/**
	 * As {@link #stratified}, but whole groups (e.g. the images of one physical sample) go to test together, so
	 * correlated images never sit on both sides. Per class, that class's groups are shuffled and taken until
	 * round(n · testFraction) of its items are in test: at least one group when the class has two or more, never all.
	 *
	 * @param group a group id per item; a group is assumed to hold one class (a group met in two classes is split
	 *              between them, each class deciding for its own items)
	 */
	public static Split stratifiedByGroup(int[] classIndex, int[] group, double testFraction, long seed) {
		if (!(testFraction > 0 && testFraction < 1))
			throw UserInputException.option("the test fraction must be between 0 and 1, got " + testFraction, "use e.g. 0.2");
		if (group.length != classIndex.length) throw new IllegalArgumentException(group.length + " groups for " + classIndex.length + " items");
		boolean[] inTest = new boolean[classIndex.length];
		for (var byClass : groupByClass(classIndex, IntStream.range(0, classIndex.length).toArray()).entrySet()) {
			int[] items = byClass.getValue();
			int[] groups = Arrays.stream(items).map(i -> group[i]).distinct().sorted().toArray();
			if (groups.length < 2) continue;
			shuffleFirst(groups, groups.length, classRandom(seed, SPLIT_STREAM, byClass.getKey()));
			long want = Math.max(1, Math.round(items.length * testFraction));
			int taken = 0;
			for (int g = 0; g < groups.length - 1 && taken < want; g++) {
				int gid = groups[g];
				for (int i : items)
					if (group[i] == gid) {
						inTest[i] = true;
						taken++;
					}
			}
		}
		return new Split(IntStream.range(0, inTest.length).filter(i -> !inTest[i]).toArray(), IntStream.range(0, inTest.length).filter(i -> inTest[i]).toArray());
	}

	/**
	 * The sample an image belongs to, from its file name: the name without its extension and its last
	 * {@code _<number>} (e.g. {@code PPC9_03_24.png} → {@code ppc9_03}, case ignored), the naming of SEM/TEM sessions
	 * that number the images of one sample.
	 */
	public static String sampleName(String fileName) {
		String stem = fileName.replaceFirst("\\.[^.]*$", "");
		return stem.replaceFirst("_\\d+$", "").toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Stratified k-fold cross-validation: every item is in the test part of exactly one fold, and each class is spread
	 * over the folds as evenly as it can be (fold sizes per class differ by at most one). Seeded and reproducible.
	 */
	public static Split[] stratifiedFolds(int[] classIndex, int k, long seed) {
		if (k < 2) throw UserInputException.option("cross-validation needs at least 2 folds, got " + k, "use e.g. 4 folds");
		int[] fold = new int[classIndex.length];
		int offset = 0;
		for (var byClass : groupByClass(classIndex, IntStream.range(0, classIndex.length).toArray()).entrySet()) {
			int[] items = byClass.getValue();
			shuffleFirst(items, items.length, classRandom(seed, FOLD_STREAM, byClass.getKey()));
			// continuing the round-robin across classes keeps the folds' total sizes even too
			for (int i = 0; i < items.length; i++) fold[items[i]] = (offset + i) % k;
			offset += items.length;
		}
		Split[] splits = new Split[k];
		for (int f = 0; f < k; f++) {
			int ff = f;
			splits[f] = new Split(IntStream.range(0, fold.length).filter(i -> fold[i] != ff).toArray(), IntStream.range(0, fold.length).filter(i -> fold[i] == ff).toArray());
		}
		return splits;
	}

	/**
	 * Draws {@code perClass} items of each class from {@code candidates} (indices into {@code classIndex}). The draw
	 * does not depend on the order of the candidates, and a smaller draw is a subset of a larger one with the same
	 * seed, so label-efficiency curves add labels instead of swapping them.
	 */
	public static Draw drawPerClass(int[] classIndex, int[] candidates, int perClass, long seed) {
		if (perClass < 1) throw UserInputException.option("images per class must be at least 1, got " + perClass, "use a positive number");
		int[] sorted = candidates.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < sorted.length; i++) {
			if (sorted[i] < 0 || sorted[i] >= classIndex.length)
				throw new IllegalArgumentException("candidate " + sorted[i] + " is not an item index (0.." + (classIndex.length - 1) + ")");
			if (i > 0 && sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("candidate " + sorted[i] + " is listed twice");
		}
		int[] drawn = new int[sorted.length];
		int nDrawn = 0;
		int[] capped = new int[0];
		for (var byClass : groupByClass(classIndex, sorted).entrySet()) {
			int[] items = byClass.getValue();
			int k = Math.min(perClass, items.length);
			if (k < perClass) {
				capped = Arrays.copyOf(capped, capped.length + 1);
				capped[capped.length - 1] = byClass.getKey();
			}
			shuffleFirst(items, k, classRandom(seed, DRAW_STREAM, byClass.getKey()));
			System.arraycopy(items, 0, drawn, nDrawn, k);
			nDrawn += k;
		}
		drawn = Arrays.copyOf(drawn, nDrawn);
		Arrays.sort(drawn);
		return new Draw(drawn, capped);
	}

	/** Items per class, in ascending item order; classes in ascending order. */
	private static TreeMap<Integer, int[]> groupByClass(int[] classIndex, int[] items) {
		// sorting (class, item) pairs packed in a long keeps this O(n log n) without boxing every item
		long[] keys = new long[items.length];
		for (int i = 0; i < items.length; i++) {
			int c = classIndex[items[i]];
			if (c < 0) throw new IllegalArgumentException("item " + items[i] + " has no class (index " + c + ")");
			keys[i] = ((long) c << 32) | items[i];
		}
		Arrays.sort(keys);
		TreeMap<Integer, int[]> byClass = new TreeMap<>();
		for (int start = 0, end; start < keys.length; start = end) {
			int c = (int) (keys[start] >>> 32);
			for (end = start; end < keys.length && (int) (keys[end] >>> 32) == c; end++) {}
			int[] members = new int[end - start];
			for (int i = start; i < end; i++) members[i - start] = (int) keys[i];
			byClass.put(c, members);
		}
		return byClass;
	}

	/** Partial Fisher–Yates: the first k slots become a uniform random k-subset, in random order. */
	private static void shuffleFirst(int[] items, int k, SplittableRandom rng) {
		for (int i = 0; i < k; i++) {
			int j = i + rng.nextInt(items.length - i);
			int t = items[i];
			items[i] = items[j];
			items[j] = t;
		}
	}

	private static SplittableRandom classRandom(long seed, long stream, int classIndex) {
		return new SplittableRandom(mix(mix(seed ^ stream) + classIndex));
	}

	/** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
	private static long mix(long z) {
		z += 0x9E37_79B9_7F4A_7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
		return z ^ (z >>> 31);
	}
}
