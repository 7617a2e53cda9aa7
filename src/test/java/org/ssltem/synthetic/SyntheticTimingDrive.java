package org.ssltem.synthetic;

/**
 * Generation time per sample at 224 and 1024 px, after a warm-up; not a test:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes org.ssltem.synthetic.SyntheticTimingDrive}
 */
public final class SyntheticTimingDrive {

	public static void main(String[] args) {
		SyntheticTemGenerator generator = new SyntheticTemGenerator();
		for (int i = 0; i < 40; i++) generator.generate(Morphology.values()[i % 4], 224, 1000 + i);
		for (int size : new int[] { 224, 1024 }) {
			int perClass = size == 224 ? 25 : 3;
			for (Morphology m : Morphology.values()) {
				long worst = 0, total = 0;
				for (int i = 0; i < perClass; i++) {
					long t0 = System.nanoTime();
					generator.generate(m, size, i);
					long t = System.nanoTime() - t0;
					total += t;
					worst = Math.max(worst, t);
				}
				System.out.printf("%4d px %-9s mean %6.1f ms  max %6.1f ms  (%d samples)%n", size, m, total / 1e6 / perClass,
					worst / 1e6, perClass);
			}
		}
	}
}
