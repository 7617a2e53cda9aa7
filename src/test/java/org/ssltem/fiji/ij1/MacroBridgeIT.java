package org.ssltem.fiji.ij1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real ImageJ macros through the ImageJ 1.x bridge, headless, with Fiji's class path shape (see EngineIsolationIT):
 * the macro keys, the errors a macro gets for a bad key or value, and {@code ./ssl-tem macro}. The macros in macros/ run in MacrosIT.
 */
class MacroBridgeIT {

	@org.junit.jupiter.api.BeforeAll
	static void headlessImageJ() {
		MacroRunner.prepare(); // before this JVM touches ImageJ (see MacroRunner.prepare)
	}

	static final Path BASE = Path.of(System.getProperty("ssltem.basedir", "."));

	/** Runs macro text; returns the exit code and what went to stderr. */
	record Run(int code, String err) {}

	static Run macro(String text, String args) {
		PrintStream old = System.err;
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
		try {
			int code = MacroRunner.runText(text, args);
			return new Run(code, buf.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setErr(old);
		}
	}

	static long pngs(Path dir) throws Exception {
		if (!Files.isDirectory(dir)) return 0;
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(p -> p.toString().endsWith(".png")).count();
		}
	}

	@Test
	void recordedStyleLineRunsTheCommand(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("with space");
		Run r = macro("run(\"Generate Synthetic Data\", \"out=[" + out + "] per_class=1 size=64 seed=2\");\n"
			+ "File.saveString(\"ok\", \"" + tmp.resolve("after.txt") + "\");", "");
		assertEquals(0, r.code(), r.err());
		assertEquals(4, pngs(out.resolve("images")));
		assertTrue(Files.exists(tmp.resolve("after.txt")), "the macro goes on after a command that worked");
	}

	@Test
	void unknownKeyStopsTheMacroNamingTheKeyAndTheValidKeys(@TempDir Path tmp) throws Exception {
		Run r = macro("run(\"Generate Synthetic Data\", \"out=[" + tmp.resolve("o") + "] per_clas=1\");\n"
			+ "File.saveString(\"ran on\", \"" + tmp.resolve("after.txt") + "\");", "");
		assertEquals(2, r.code(), r.err());
		// every key of the spec, in its order
		String validKeys = String.join(", ", org.ssltem.api.Operations.GENERATE.parameters().stream().map(org.ssltem.api.ParameterSpec::key).toList());
		assertTrue(validKeys.startsWith("out, per_class, size, seed"), validKeys);
		String err = r.err().replaceAll("\\s+", " ");
		assertTrue(err.contains("per_clas") && err.contains("Valid keys: " + validKeys), r.err());
		assertFalse(Files.exists(tmp.resolve("after.txt")), "the macro must stop at the failed command");
		assertEquals(0, pngs(tmp.resolve("o")));
	}

	@Test
	void aMacroSyntaxErrorStopsTheMacroWithExitCode2(@TempDir Path tmp) {
		Run r = macro("x = ;\nFile.saveString(\"ran on\", \"" + tmp.resolve("after.txt") + "\");", "");
		assertEquals(2, r.code(), r.err());
		assertFalse(Files.exists(tmp.resolve("after.txt")));
	}

	@Test
	void badValuesNameTheKeyAndTheValidValues(@TempDir Path tmp) {
		Run r = macro("run(\"Pretrain Encoder\", \"images=[" + tmp + "] out=[" + tmp.resolve("enc") + "] method=byol\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("method") && r.err().contains("barlow, simclr"), r.err());

		r = macro("run(\"Generate Synthetic Data\", \"out=[" + tmp.resolve("o") + "] per_class=two\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("per_class=two") && r.err().contains("whole number"), r.err());

		r = macro("run(\"Extract Features\", \"encoder=[" + tmp.resolve("none") + "] images=[" + tmp + "] out=[" + tmp.resolve("f.csv") + "]\");", "");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(tmp.toString()) && r.err().contains("Fix:"), "the engine's own sentence reaches the macro user: " + r.err());
	}

	@Test
	void featureMapMacroWritesTheMapFromAFeaturesCsv(@TempDir Path tmp) throws Exception {
		StringBuilder sb = new StringBuilder("file,class,f0,f1\n");
		for (int i = 0; i < 10; i++) sb.append("c").append(i % 2).append("/img").append(i).append(".png,c").append(i % 2).append(',').append(i % 2 * 9 + i * 0.1)
			.append(',').append(i * 0.07).append('\n');
		Path csv = Files.writeString(tmp.resolve("features.csv"), sb.toString()), out = tmp.resolve("map");
		Run r = macro("run(\"Feature Map (t-SNE)\", \"features=[" + csv + "] out=[" + out + "] perplexity=2 iterations=300 seed=1\");", "");
		assertEquals(0, r.code(), r.err());
		assertEquals(11, Files.readAllLines(out.resolve("tsne.csv")).size());
		assertTrue(Files.size(out.resolve("tsne.png")) > 1000);
		Run again = macro("run(\"Feature Map (t-SNE)\", \"features=[" + csv + "] out=[" + out + "]\");", "");
		assertEquals(2, again.code(), again.err());
		assertTrue(again.err().contains("already exists") && again.err().contains("overwrite"), again.err());
	}

	@Test
	void labkitLabelingImportsToMasksBesideTheImageAndIsNotOverwrittenSilently(@TempDir Path tmp) throws Exception {
		Path image = tmp.resolve("tem-01.png"), labeling = tmp.resolve("tem-01.labeling");
		assertTrue(new ij.io.FileSaver(new ij.ImagePlus("tem", new ij.process.ByteProcessor(40, 20))).saveAsPng(image.toString()));
		// Labkit stored the labels on a 10x5 interval: one stored pixel is 4x4 image pixels
		Files.writeString(labeling, "{\"interval\":{\"min\":[0,0],\"max\":[9,4]},\"labels\":{\"background\":[[0,0]],\"nanowire\":[[2,1],[3,1]]},"
			+ "\"colors\":{\"background\":-8355712,\"nanowire\":-65536}}");
		String line = "run(\"Import Labkit Labeling\", \"image=[" + image + "] labeling=[" + labeling + "]\");";
		Run r = macro(line, "");
		assertEquals(0, r.code(), r.err());
		ij.ImagePlus mask = new ij.io.Opener().openImage(tmp.resolve("masks/tem-01.png").toString());
		assertEquals(40, mask.getWidth());
		assertEquals(32, mask.getStatistics().histogram[1], "two stored pixels, 4x4 each");
		Run again = macro(line, "");
		assertEquals(2, again.code());
		assertTrue(again.err().contains("already exists") && again.err().contains("overwrite"), again.err());
		assertEquals(0, macro(line.replace("]\");", "] overwrite\");"), "").code());

		// export the mask back to a .labeling (full-size interval), import that over it: the same mask
		Path maskFile = tmp.resolve("masks/tem-01.png"), exported = tmp.resolve("exported.labeling");
		byte[] before = (byte[]) new ij.io.Opener().openImage(maskFile.toString()).getProcessor().getPixels();
		assertEquals(0, macro("run(\"Export Labkit Labeling\", \"mask=[" + maskFile + "] out=[" + exported + "]\");", "").code());
		assertTrue(Files.readString(exported).contains("\"nanowire\""), "SSL-TEM's label 1 is exported as nanowire");
		assertEquals(0, macro("run(\"Import Labkit Labeling\", \"image=[" + image + "] labeling=[" + exported + "] overwrite\");", "").code());
		assertArrayEquals(before, (byte[]) new ij.io.Opener().openImage(maskFile.toString()).getProcessor().getPixels());

		Files.writeString(labeling, "{\"interval\":{\"min\":[0,0],\"max\":[99,99]},\"labels\":{\"nanowire\":[[2,1]]}}");
		Run bad = macro(line.replace("]\");", "] overwrite\");"), "");
		assertEquals(2, bad.code());
		assertTrue(bad.err().contains("100x100") && bad.err().contains("40x20"), bad.err());
	}

	@Test
	void sslTemMacroCommandExitsWithTheEngineCode(@TempDir Path tmp) throws Exception {
		Path target = Path.of(System.getProperty("ssltem.target", "target"));
		Path ok = tmp.resolve("ok.ijm"), bad = tmp.resolve("bad.ijm");
		Files.writeString(ok, "run(\"Generate Synthetic Data\", \"out=[\" + getArgument() + \"] per_class=1 size=64\");");
		Files.writeString(bad, "run(\"Generate Synthetic Data\", \"out=[" + tmp.resolve("b") + "] size=abc\");");
		assertEquals(0, cli(target, ok.toString(), tmp.resolve("gen").toString()));
		assertEquals(4, pngs(tmp.resolve("gen/images")));
		assertEquals(2, cli(target, bad.toString()));
	}

	static int cli(Path target, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
			"-Djava.awt.headless=true", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
			target.resolve("ssl-tem.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*", "org.ssltem.cli.Main", "macro"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), "ssl-tem macro did not finish");
		System.out.println(output);
		return p.exitValue();
	}
}
