package org.ssltem.eval;

import org.ssltem.testing.TinyEncoder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssltem.core.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnchorStudyTest {

	@TempDir
	Path tmp;

	/** Points around three directions (clusters of 10, 6 and 3), in 20 dimensions. */
	static float[][] clusters(int[] cluster) {
		SplittableRandom r = new SplittableRandom(3);
		int[] sizes = { 10, 6, 3 };
		float[][] x = new float[19][20];
		int i = 0;
		for (int c = 0; c < 3; c++)
			for (int m = 0; m < sizes[c]; m++, i++) {
				cluster[i] = c;
				for (int j = 0; j < 20; j++) x[i][j] = (float) (0.1 * r.nextGaussian() + (j == 5 * c ? 1 : 0));
			}
		// shuffle rows so clusters are not contiguous
		for (int a = x.length - 1; a > 0; a--) {
			int b = r.nextInt(a + 1);
			float[] t = x[a]; x[a] = x[b]; x[b] = t;
			int u = cluster[a]; cluster[a] = cluster[b]; cluster[b] = u;
		}
		return x;
	}

	@Test
	void kMedoidsPicksOneImagePerClusterLargestFirst() {
		int[] cluster = new int[19];
		float[][] x = clusters(cluster);
		int[] m = AnchorStudy.kMedoids(x, 3, 1);
		assertArrayEquals(new int[] { 0, 1, 2 }, Arrays.stream(m).map(i -> cluster[i]).toArray(), "one per cluster, by size");
		assertArrayEquals(m, AnchorStudy.kMedoids(x, 3, 1), "seeded");
		// each medoid is the member with the smallest summed distance to its cluster
		double[][] d = AnchorStudy.cosineDistances(x);
		for (int i : m) {
			double own = 0;
			for (int j = 0; j < x.length; j++) if (cluster[j] == cluster[i]) own += d[i][j];
			for (int o = 0; o < x.length; o++) {
				if (cluster[o] != cluster[i]) continue;
				double other = 0;
				for (int j = 0; j < x.length; j++) if (cluster[j] == cluster[i]) other += d[o][j];
				assertTrue(own <= other + 1e-9, "medoid " + i + " vs member " + o);
			}
		}
		assertThrows(UserInputException.class, () -> AnchorStudy.kMedoids(x, 20, 1));
	}

	@Test
	void theStudySuggestsImagesAndComparesKMedoidsWithRandomAnchors() throws Exception {
		Path data = TinyEncoder.dataset(tmp.resolve("data"), List.of("a", "b", "c"), 6, 40, 40, 8);
		Path enc = TinyEncoder.pretrain(data, tmp.resolve("enc"));
		AnchorStudy.Config c = new AnchorStudy.Config();
		c.encoder = enc;
		c.dataset = data;
		c.out = tmp.resolve("anchors");
		c.splitSeeds = 3;
		c.randomDraws = 4;
		AnchorStudy.Report r = AnchorStudy.run(c, null, null);
		List<String> suggested = Files.readAllLines(c.out.resolve("suggested.csv"));
		assertEquals("rank,file,class", suggested.get(0));
		assertEquals(4, suggested.size());
		List<String> study = Files.readAllLines(c.out.resolve("study.csv"));
		assertEquals(1 + 3 * (1 + 4), study.size());
		for (String line : study.subList(1, study.size())) {
			String[] f = line.split(",");
			int covered = Integer.parseInt(f[3]);
			assertTrue(covered >= 1 && covered <= 3, line);
			// a classifier that knows only `covered` classes is right on at most those classes' share of the test part
			// (the CSV rounds to 6 decimals)
			assertTrue(Double.parseDouble(f[4]) <= covered / 3.0 + 1e-6, line);
		}
		JsonObject json = JsonParser.parseString(Files.readString(c.out.resolve("study.json"))).getAsJsonObject();
		assertEquals(2, json.getAsJsonArray("results").size());
		assertEquals(3, r.byMethod().get("kmedoids").n());
		assertEquals(12, r.byMethod().get("random").n());
		assertTrue(Files.size(c.out.resolve("study.png")) > 1000);
		UserInputException again = assertThrows(UserInputException.class, () -> AnchorStudy.run(c, null, null));
		assertTrue(again.getMessage().contains("--overwrite"), again.getMessage());

		// the suggestion is deterministic: the same images in the same order when run again
		c.overwrite = true;
		c.splitSeeds = 0;
		AnchorStudy.Report rerun = AnchorStudy.run(c, null, null);
		assertEquals(suggested, Files.readAllLines(c.out.resolve("suggested.csv")));
		assertEquals(r.suggested(), rerun.suggested());

		// one class: the suggestion still comes, the study cannot, and the user is told why
		Path one = Files.createDirectories(tmp.resolve("one/a"));
		try (var s = Files.list(data.resolve("a"))) {
			for (Path p : s.toList()) Files.copy(p, one.resolve(p.getFileName()));
		}
		c.dataset = one.getParent();
		c.out = tmp.resolve("anchors-one");
		c.splitSeeds = 2;
		TinyEncoder.Log log = new TinyEncoder.Log();
		AnchorStudy.Report single = AnchorStudy.run(c, log, null);
		assertEquals(1, single.suggested().size());
		assertTrue(single.byMethod().isEmpty());
		assertTrue(log.toString().contains("only one class folder ('a')") && log.toString().contains("only the suggestion"), log.toString());
	}
}
