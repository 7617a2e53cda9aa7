package org.ssltem.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment and label-efficiency benchmarks through the CLI, on tiny sizes: the JSON last line and its fields. */
class BenchCommandTest {

	@TempDir
	Path tmp;



	private static void assertTimings(JsonObject o, String rate) {
		for (String k : List.of("median_s", "min_s", "max_s", rate, "peak_rss_mb")) assertTrue(o.has(k), k + " missing in " + o);
		double min = o.get("min_s").getAsDouble(), median = o.get("median_s").getAsDouble(), max = o.get("max_s").getAsDouble();
		assertTrue(min > 0 && min <= median && median <= max, o.toString());
		assertTrue(o.get(rate).getAsDouble() > 0, o.toString());
		assertTrue(o.get("peak_rss_mb").getAsDouble() > 0, o.toString());
	}

	@Test
	void segmentPrintsOneJsonLineLastWithEachSizeAndTheTimeRatio() {
		CliRun r = CliRun.of("bench", "segment", "--in_process", "--arch", "resnet18", "--sizes", "64,128", "--tile", "64", "--overlap", "16", "--steps", "2");
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		assertEquals("segment", o.get("bench").getAsString());
		assertEquals(org.ssltem.nn.TransferredUNet.DEFAULT_WIDTH, o.get("decoder_width").getAsInt(), "train-segmenter's decoder by default");
		assertEquals(1, o.get("ensemble").getAsInt(), "one decoder by default");
		JsonArray sizes = o.getAsJsonArray("sizes");
		assertEquals(2, sizes.size());
		int[] tiles = { 1, 9 }; // 128 px in 64 px tiles with stride 48: origins 0, 48, 64 per axis
		for (int i = 0; i < 2; i++) {
			JsonObject s = sizes.get(i).getAsJsonObject();
			assertEquals(64 << i, s.get("size").getAsInt());
			assertEquals(tiles[i], s.get("tiles").getAsInt());
			assertEquals(2, s.get("steps").getAsInt());
			assertTimings(s, "megapixels_per_s");
		}
		double ratio = sizes.get(1).getAsJsonObject().get("median_s").getAsDouble() / sizes.get(0).getAsJsonObject().get("median_s").getAsDouble();
		assertEquals(ratio, o.get("time_ratio").getAsDouble(), 0.01 * ratio);
		assertEquals("128/64", o.get("time_ratio_of").getAsString());
		assertEquals("one JVM for all sizes", o.get("rss").getAsString());
	}

	@Test
	void segmentRunsEachSizeInAFreshJvm() {
		CliRun r = CliRun.of("bench", "segment", "--arch", "resnet18", "--decoder_width", "1024", "--ensemble", "2", "--sizes", "64,64", "--tile", "64", "--overlap", "8",
			"--steps", "1", "--threads", "1");
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		assertEquals(1024, o.get("decoder_width").getAsInt());
		assertEquals(2, o.get("ensemble").getAsInt());
		assertEquals("each size in a fresh JVM", o.get("rss").getAsString());
		JsonArray sizes = o.getAsJsonArray("sizes");
		assertEquals(2, sizes.size());
		for (var s : sizes) assertTimings(s.getAsJsonObject(), "megapixels_per_s");
		assertTrue(o.get("device").getAsString().startsWith("CPU"), o.toString());
	}

	@Test
	void segmentRefusesAnImpossibleSizeBeforeStartingAnyJvm() {
		CliRun r = CliRun.of("bench", "segment", "--sizes", "50,100");
		assertEquals(Main.EXIT_BAD_INPUT, r.code());
		assertTrue(r.err().contains("got 50"), r.err());
		assertTrue(r.out().isEmpty(), r.out());
		CliRun odd = CliRun.of("bench", "segment", "--sizes", "64", "--decoder_width", "100");
		assertEquals(Main.EXIT_BAD_INPUT, odd.code());
		assertTrue(odd.err().contains("--decoder_width must be a multiple of 8") && odd.err().contains("got 100"), odd.err());
		CliRun many = CliRun.of("bench", "segment", "--sizes", "64", "--ensemble", "9");
		assertEquals(Main.EXIT_BAD_INPUT, many.code());
		assertTrue(many.err().contains("--ensemble must be 1 to 8") && many.err().contains("got 9"), many.err());
	}

	@Test
	void labelEfficiencyTimesEveryClassifierOnSyntheticFeatures() {
		CliRun r = CliRun.of("bench", "label-efficiency", "--classes", "3", "--per_class", "10", "--dim", "16", "--labels", "1,2,4", "--split_seeds", "4",
			"--steps", "2", "--threads", "2");
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		assertEquals("label-efficiency", o.get("bench").getAsString());
		assertEquals(3 * 4, o.get("classifiers").getAsInt());
		assertEquals(30, o.get("images").getAsInt());
		assertEquals(16, o.get("dim").getAsInt());
		assertTimings(o, "classifiers_per_s");
	}

	@Test
	void labelEfficiencyReadsAFeaturesCsv() throws Exception {
		StringBuilder csv = new StringBuilder("file,class,f0,f1,f2\n");
		for (int i = 0; i < 12; i++)
			csv.append(i == 0 ? "\"a,\"\"odd\"\" name.png\"" : "img" + i + ".png").append(',').append(i % 2 == 0 ? "wire" : "dot").append(',')
				.append(i % 2).append(',').append(i * 0.1).append(",1.5\n");
		Path file = Files.writeString(tmp.resolve("features.csv"), csv);
		CliRun r = CliRun.of("bench", "label-efficiency", "--features", file.toString(), "--labels", "1,2", "--split_seeds", "2", "--threads", "1");
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		assertEquals(12, o.get("images").getAsInt());
		assertEquals(2, o.get("classes").getAsInt());
		assertEquals(3, o.get("dim").getAsInt());
		assertEquals(4, o.get("classifiers").getAsInt());

		Files.writeString(file, "file,class,f0\nx.png,,0.5\n");
		CliRun bad = CliRun.of("bench", "label-efficiency", "--features", file.toString());
		assertEquals(Main.EXIT_BAD_INPUT, bad.code());
		assertTrue(bad.err().contains("features.csv") && bad.err().contains("no class"), bad.err());
	}
}
