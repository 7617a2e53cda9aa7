package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SplitsTest {

	/** Classes of 10, 5, 2 and 1 items, interleaved so that positions do not follow classes. */
	private static final int[] CLASSES = { 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 0, 1 };

	private static long countOfClass(int[] items, int c) {
		return Arrays.stream(items).filter(i -> CLASSES[i] == c).count();
	}

	@Test
	void stratifiedTakesTheFractionOfEachClass() {
		Splits.Split s = Splits.stratified(CLASSES, 0.2, 7);

		assertEquals(2, countOfClass(s.test(), 0));
		assertEquals(1, countOfClass(s.test(), 1));
		assertEquals(1, countOfClass(s.test(), 2), "a class of two gives one to test");
		assertEquals(0, countOfClass(s.test(), 3), "a class of one stays in train");
		int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
		assertArrayEquals(IntStream.range(0, CLASSES.length).toArray(), all);
		assertTrue(isSorted(s.train()) && isSorted(s.test()));
	}

	@Test
	void neverPutsAWholeClassInTest() {
		Splits.Split s = Splits.stratified(new int[] { 0, 0, 1, 1, 1 }, 0.9, 1);
		assertEquals(1, countOf(s.train(), new int[] { 0, 0, 1, 1, 1 }, 0));
		assertEquals(1, countOf(s.train(), new int[] { 0, 0, 1, 1, 1 }, 1));
	}

	private static long countOf(int[] items, int[] classes, int c) {
		return Arrays.stream(items).filter(i -> classes[i] == c).count();
	}

	@Test
	void sameSeedSameSplitOtherSeedOtherSplit() {
		int[] classes = new int[200];
		for (int i = 0; i < classes.length; i++) classes[i] = i % 3;

		Splits.Split a = Splits.stratified(classes, 0.25, 42);
		Splits.Split b = Splits.stratified(classes, 0.25, 42);
		Splits.Split c = Splits.stratified(classes, 0.25, 43);

		assertArrayEquals(a.test(), b.test());
		assertArrayEquals(a.train(), b.train());
		assertFalse(Arrays.equals(a.test(), c.test()));
	}

	@Test
	void aClassSplitDoesNotDependOnTheOtherClasses() {
		int[] twoClasses = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 };
		int[] threeClasses = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2 };
		int[] a = Splits.stratified(twoClasses, 0.5, 5).test();
		int[] b = Splits.stratified(threeClasses, 0.5, 5).test();
		assertArrayEquals(a, Arrays.stream(b).filter(i -> i < 10).toArray());
	}

	@Test
	void splitIsPinnedAcrossVersions() {
		// a change here silently changes every saved experiment's test set
		assertArrayEquals(new int[] { 0, 3, 4, 5 }, Splits.stratified(new int[] { 0, 0, 0, 0, 1, 1, 1, 1 }, 0.5, 2022).test());
	}

	@Test
	void testFractionMustBeAFraction() {
		assertThrows(UserInputException.class, () -> Splits.stratified(CLASSES, 0, 1));
		assertThrows(UserInputException.class, () -> Splits.stratified(CLASSES, 1, 1));
		assertThrows(UserInputException.class, () -> Splits.stratified(CLASSES, Double.NaN, 1));
	}

	@Test
	void drawPerClassCapsAndReports() {
		int[] candidates = { 0, 2, 4, 6, 8, 10, 1, 5 }; // class 0: six, class 1: two, class 2 and 3: none

		Splits.Draw d = Splits.drawPerClass(CLASSES, candidates, 3, 11);

		assertEquals(5, d.indices().length);
		assertEquals(3, countOfClass(d.indices(), 0));
		assertEquals(2, countOfClass(d.indices(), 1));
		assertArrayEquals(new int[] { 1 }, d.cappedClasses());
		for (int i : d.indices()) assertTrue(Arrays.stream(candidates).anyMatch(c -> c == i));
		assertTrue(isSorted(d.indices()));
	}

	@Test
	void drawIsReproducibleOrderFreeAndNested() {
		int[] classes = new int[60];
		for (int i = 0; i < classes.length; i++) classes[i] = i % 3;
		int[] candidates = IntStream.range(0, 60).toArray();
		int[] reversed = IntStream.range(0, 60).map(i -> 59 - i).toArray();

		int[] five = Splits.drawPerClass(classes, candidates, 5, 3).indices();
		assertArrayEquals(five, Splits.drawPerClass(classes, reversed, 5, 3).indices());
		assertFalse(Arrays.equals(five, Splits.drawPerClass(classes, candidates, 5, 4).indices()));
		int[] ten = Splits.drawPerClass(classes, candidates, 10, 3).indices();
		for (int i : five) assertTrue(Arrays.binarySearch(ten, i) >= 0, "the 5-per-class draw is inside the 10-per-class draw");
		assertEquals(0, Splits.drawPerClass(classes, candidates, 10, 3).cappedClasses().length);
	}

	@Test
	void drawRefusesBadCandidates() {
		assertThrows(IllegalArgumentException.class, () -> Splits.drawPerClass(CLASSES, new int[] { 0, 0 }, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> Splits.drawPerClass(CLASSES, new int[] { 99 }, 1, 1));
		assertThrows(UserInputException.class, () -> Splits.drawPerClass(CLASSES, new int[] { 0 }, 0, 1));
	}

	private static boolean isSorted(int[] a) {
		for (int i = 1; i < a.length; i++) if (a[i - 1] >= a[i]) return false;
		return true;
	}

	@Test
	void stratifiedFoldsCoverEveryItemOnceSpreadEachClassEvenlyAndAreReproducible() {
		Splits.Split[] folds = Splits.stratifiedFolds(CLASSES, 4, 5);
		assertEquals(4, folds.length);
		int[] timesInTest = new int[CLASSES.length];
		for (Splits.Split f : folds) {
			for (int i : f.test()) timesInTest[i]++;
			assertEquals(CLASSES.length, f.train().length + f.test().length);
			assertTrue(Arrays.stream(f.train()).noneMatch(i -> Arrays.stream(f.test()).anyMatch(j -> j == i)), "train and test overlap");
		}
		for (int t : timesInTest) assertEquals(1, t, "each item is tested in exactly one fold");
		for (int c = 0; c <= 3; c++) {
			long min = Long.MAX_VALUE, max = 0;
			for (Splits.Split f : folds) {
				long n = countOfClass(f.test(), c);
				min = Math.min(min, n);
				max = Math.max(max, n);
			}
			assertTrue(max - min <= 1, "class " + c + " spread " + min + ".." + max);
		}
		Splits.Split[] again = Splits.stratifiedFolds(CLASSES, 4, 5), other = Splits.stratifiedFolds(CLASSES, 4, 6);
		boolean differs = false;
		for (int f = 0; f < 4; f++) {
			assertArrayEquals(folds[f].test(), again[f].test());
			differs |= !Arrays.equals(folds[f].test(), other[f].test());
		}
		assertTrue(differs, "another seed gives other folds");
		UserInputException e = assertThrows(UserInputException.class, () -> Splits.stratifiedFolds(CLASSES, 1, 0));
		assertTrue(e.getMessage().contains("at least 2 folds"), e.getMessage());
	}

	@Test
	void sampleNamesDropTheImageNumber() {
		assertEquals("ppc9_03", Splits.sampleName("PPC9_03_24.png"));
		assertEquals("ppc9-", Splits.sampleName("PPC9-_2.png"));
		assertEquals("pancnt2_01", Splits.sampleName("pancnt2_01_40.tif"));
		assertEquals("plain", Splits.sampleName("plain.png"));
	}

	/** Whole samples go to test: no sample on both sides, every class tested, about the fraction asked. */
	@Test
	void groupSplitKeepsEachSampleOnOneSide() {
		int n = 60;
		int[] cls = new int[n], group = new int[n];
		for (int i = 0; i < n; i++) {
			cls[i] = i / 20;
			group[i] = i / 5; // 4 samples of 5 images per class
		}
		for (long seed = 0; seed < 10; seed++) {
			Splits.Split s = Splits.stratifiedByGroup(cls, group, 0.2, seed);
			java.util.Set<Integer> testGroups = new java.util.HashSet<>();
			for (int i : s.test()) testGroups.add(group[i]);
			for (int i : s.train()) assertFalse(testGroups.contains(group[i]), "sample " + group[i] + " on both sides, seed " + seed);
			assertEquals(3, testGroups.size(), "one sample of 5 per class is round(20 * 0.2) = 4 or more");
			assertEquals(n, s.train().length + s.test().length);
		}
		assertFalse(java.util.Arrays.equals(Splits.stratifiedByGroup(cls, group, 0.2, 0).test(), Splits.stratifiedByGroup(cls, group, 0.2, 1).test())
			&& java.util.Arrays.equals(Splits.stratifiedByGroup(cls, group, 0.2, 0).test(), Splits.stratifiedByGroup(cls, group, 0.2, 2).test()), "seeds change the split");
	}
}
