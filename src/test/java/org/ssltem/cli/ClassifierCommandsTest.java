package org.ssltem.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierCommandsTest {

	@TempDir
	Path tmp;

	@Test
	void theCommandsAreRegisteredWithSnakeCaseFlags() {
		CommandLine cl = Main.commandLine();
		for (String name : new String[] { "train-classifier", "classify", "label-efficiency", "anchors", "tsne", "hparam-study" }) {
			CommandLine sub = cl.getSubcommands().get(name);
			assertTrue(sub != null, name + " is a subcommand");
			Set<String> flags = sub.getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
			for (String f : flags) assertTrue(f.equals(f.toLowerCase()) && !f.substring(2).contains("-"), name + ": " + f + " is not snake_case");
		}
		Set<String> le = cl.getSubcommands().get("label-efficiency").getCommandSpec().options().stream().map(o -> o.longestName()).collect(Collectors.toSet());
		assertTrue(le.containsAll(Set.of("--encoder", "--dataset", "--labels", "--split_seeds", "--out")), le.toString());
	}

	@Test
	void aMissingEncoderExitsWith2AndSaysWhatToDo() throws Exception {
		Path data = Files.createDirectories(tmp.resolve("data/a"));
		CliRun r = CliRun.of("train-classifier", "--encoder", tmp.resolve("nope").toString(), "--dataset", data.getParent().toString(), "--out", tmp.resolve("o").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().startsWith("ssl-tem: error: ") && r.err().contains("Fix:"), r.err());
	}

	@Test
	void trainClassifierOnTheTextureBaselineUsesTheLogisticProbeAndClassifyReadsItBack() throws Exception {
		Path data = tmp.resolve("data");
		for (int c = 0; c < 2; c++) {
			Path dir = Files.createDirectories(data.resolve("c" + c));
			for (int i = 0; i < 4; i++) {
				// c0: dark and flat; c1: bright vertical stripes (strong edges)
				BufferedImage im = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
				Random r = new Random(10L * c + i);
				for (int y = 0; y < 32; y++)
					for (int x = 0; x < 32; x++) im.getRaster().setSample(x, y, 0, c == 0 ? 40 + r.nextInt(20) : (x / 4 % 2 == 0 ? 200 : 60) + r.nextInt(10));
				ImageIO.write(im, "png", dir.resolve("s" + i + "_1.png").toFile());
			}
		}
		Path clf = tmp.resolve("clf");
		CliRun t = CliRun.of("train-classifier", "--encoder", "baseline:texture", "--dataset", data.toString(), "--out", clf.toString());
		assertEquals(0, t.code(), t.err());
		assertTrue(t.out().contains("logistic probe, C = "), t.out());
		CliRun c = CliRun.of("classify", "--classifier", clf.toString(), "--images", data.toString(), "--out", tmp.resolve("p.csv").toString());
		assertEquals(0, c.code(), c.err());
		assertTrue(c.out().contains("accuracy 100.0%"), c.out());
	}

	@Test
	void aFeatureSizeThatIsNotAMultipleOf32ExitsWith2NamingTheFlag() throws Exception {
		Path data = Files.createDirectories(tmp.resolve("data/a"));
		CliRun r = CliRun.of("train-classifier", "--encoder", tmp.toString(), "--dataset", data.getParent().toString(), "--out", tmp.resolve("o").toString(),
			"--feature_size", "100");
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("--feature_size 100") && r.err().contains("--feature_size 96"), r.err());
		CliRun p = CliRun.of("label-efficiency", "--encoder", "random:resnet18", "--dataset", tmp.toString(), "--out", tmp.resolve("o").toString(), "--probe", "adam");
		assertEquals(Main.EXIT_BAD_INPUT, p.code(), p.err());
		assertTrue(p.err().contains("--probe") && p.err().contains("logistic, paper"), p.err());
	}

	@Test
	void labelsThatAreNotNumbersExitWith2() {
		CliRun r = CliRun.of("label-efficiency", "--encoder", "random:resnet18", "--dataset", tmp.toString(), "--labels", "1,two", "--out", tmp.resolve("o").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("--labels 1,two"), r.err());
	}

	@Test
	void classifyWithoutAClassifierExitsWith2() throws Exception {
		CliRun r = CliRun.of("classify", "--classifier", tmp.toString(), "--images", tmp.toString(), "--out", tmp.resolve("p.csv").toString());
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("classifier.json is missing"), r.err());
	}

	@Test
	void tsneFromAFeaturesCsvWritesTheMapAndRefusesToOverwriteIt() throws Exception {
		StringBuilder sb = new StringBuilder("file,class,f0,f1\n");
		for (int i = 0; i < 12; i++) sb.append("c").append(i % 2).append("/i").append(i).append(".png,c").append(i % 2).append(',').append(i % 2 * 5 + i * 0.01)
			.append(',').append(i * 0.02).append('\n');
		Path csv = Files.writeString(tmp.resolve("f.csv"), sb.toString()), out = tmp.resolve("map");
		CliRun ok = CliRun.of("tsne", "--features", csv.toString(), "--out", out.toString(), "--perplexity", "3", "--iterations", "300");
		assertEquals(0, ok.code(), ok.err());
		assertEquals(13, Files.readAllLines(out.resolve("tsne.csv")).size());
		assertTrue(Files.size(out.resolve("tsne.png")) > 1000);
		CliRun again = CliRun.of("tsne", "--features", csv.toString(), "--out", out.toString());
		assertEquals(Main.EXIT_BAD_INPUT, again.code(), again.err());
		assertTrue(again.err().contains("tsne.csv: already exists") && again.err().contains("--overwrite"), again.err());
	}

	@Test
	void hparamStudyListsThatDoNotParseExitWith2NamingTheFlag() {
		CliRun r = CliRun.of("hparam-study", "--dataset", tmp.toString(), "--out", tmp.resolve("o").toString(), "--projectors", "128,64,1024;128,x");
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("--projectors"), r.err());
		CliRun b = CliRun.of("hparam-study", "--dataset", tmp.toString(), "--out", tmp.resolve("o").toString(), "--batches", "16,big");
		assertEquals(Main.EXIT_BAD_INPUT, b.code(), b.err());
		assertTrue(b.err().contains("--batches 16,big: 'big' is not valid"), b.err());
	}

	@Test
	void anchorsWithAMissingMaskExitsWith2NamingTheImage() throws Exception {
		for (String f : new String[] { "a/x1.png", "a/x2.png", "b/y1.png", "b/y2.png" }) {
			Path image = tmp.resolve("data").resolve(f);
			Files.createDirectories(image.getParent());
			org.ssltem.data.ImageFiles.writeMaskPng(new byte[16], 4, 4, image);
			if (!f.equals("b/y2.png")) {
				Path mask = tmp.resolve("masks").resolve(f);
				Files.createDirectories(mask.getParent());
				org.ssltem.data.ImageFiles.writeMaskPng(new byte[16], 4, 4, mask);
			}
		}
		// the masks are checked before any feature is computed, so the missing encoder is not reached
		CliRun r = CliRun.of("anchors", "--encoder", tmp.resolve("no-encoder").toString(), "--dataset", tmp.resolve("data").toString(), "--out",
			tmp.resolve("o").toString(), "--masks", tmp.resolve("masks").toString(), "--one_shot_draws", "3");
		assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
		assertTrue(r.err().contains("y2.png") && r.err().contains("has no mask") && r.err().contains("Fix:"), r.err());
		CliRun neg = CliRun.of("anchors", "--encoder", tmp.toString(), "--dataset", tmp.resolve("data").toString(), "--out", tmp.resolve("o").toString(),
			"--one_shot_draws", "-1");
		assertEquals(Main.EXIT_BAD_INPUT, neg.code(), neg.err());
		assertTrue(neg.err().contains("--one_shot_draws"), neg.err());
	}
}
