package org.ssltem.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ImageJ 1.x with SSL-TEM installed the way a user installs it (the plugin jar in plugins/, read through its
 * plugins.config), on a real display: the menu, a command's dialog filled and run, the Macro Recorder's line replayed.
 * Needs a display (scripts/gui-tests.sh starts Xvfb); skips without one. Screenshots go to target/screenshots/.
 */
class GuiIT {

	static final Path TARGET = Path.of(System.getProperty("ssltem.target", "target"));
	static final Path SHOTS = TARGET.resolve("screenshots");
	static ImageJ imagej;
	static Robot robot;

	@BeforeAll
	static void startImageJ(@TempDir Path fiji) throws Exception {
		assumeTrue(System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isEmpty(), "no DISPLAY: run scripts/gui-tests.sh");
		assumeFalse(GraphicsEnvironment.isHeadless(), "headless JVM");
		Path plugins = Files.createDirectories(fiji.resolve("plugins"));
		Files.copy(Path.of(System.getProperty("ssltem.target", "target")).resolve("ssl-tem-fiji.jar"), plugins.resolve("SSL_TEM.jar"));
		System.setProperty("plugins.dir", fiji.toString());
		Files.createDirectories(SHOTS);
		imagej = new ImageJ();
		robot = new Robot();
		for (int i = 0; i < 100 && !imagej.isShowing(); i++) Thread.sleep(100);
		robot.waitForIdle();
	}

	@AfterAll
	static void quit() {
		if (imagej != null) {
			for (Window w : Window.getWindows()) if (w != imagej) w.dispose();
			imagej.dispose();
		}
	}

	@Test
	void pluginsConfigPutsTheCommandsInTheMenu() throws Exception {
		Menu ssl = find(Menus.getMenuBar(), "SSL-TEM");
		assertNotNull(ssl, "Plugins > SSL-TEM is missing");
		List<String> items = new ArrayList<>();
		for (int i = 0; i < ssl.getItemCount(); i++) items.add(ssl.getItem(i).getLabel());
		assertTrue(items.containsAll(List.of("Generate Synthetic Data", "Pretrain Encoder", "Extract Features", "Labkit")), items.toString());
		shoot("imagej-main-window.png", imagej);
		openMenuAndShoot(ssl);
	}

	@Test
	void dialogRunsTheCommandAndTheRecordedLineReplaysIdentically(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("synthetic data");
		Recorder recorder = new Recorder();
		Recorder.record = true;
		// as a menu click does: an Executer runs the command on its own thread and records it for the Macro Recorder
		new ij.Executer("Generate Synthetic Data", null);
		GenericDialog gd = waitForDialog("SSL-TEM: Generate Synthetic Data");
		fill(gd, out.toString(), "1", "64");
		assertEquals(2, gd.getNumericFields().size(), "the seed is an advanced setting, not in the main dialog");
		robot.waitForIdle();
		Thread.sleep(1000); // no window manager: let the dialog settle where ImageJ centres it
		shoot("generate-dialog.png", gd);
		// the seed, under Advanced: the line under the button then names it
		Button advancedButton = button(gd, "Advanced options...");
		java.awt.EventQueue.invokeLater(() -> {
			for (java.awt.event.ActionListener l : advancedButton.getActionListeners())
				l.actionPerformed(new ActionEvent(advancedButton, ActionEvent.ACTION_PERFORMED, advancedButton.getLabel()));
		});
		GenericDialog advanced = waitForDialog("SSL-TEM: Generate Synthetic Data - advanced");
		java.awt.EventQueue.invokeAndWait(() -> ((TextField) advanced.getNumericFields().get(0)).setText("7"));
		Thread.sleep(500);
		shoot("generate-advanced-dialog.png", advanced);
		Button advancedOk = advanced.getButtons()[0];
		java.awt.EventQueue.invokeAndWait(() -> advanced.actionPerformed(new ActionEvent(advancedOk, ActionEvent.ACTION_PERFORMED, advancedOk.getLabel())));
		Thread.sleep(500);
		assertTrue(allText(gd).contains("Advanced: seed=7"), allText(gd));
		assertTrue(allText(gd).contains("Images per morphology"), "the spec's labels: " + allText(gd));
		shoot("generate-dialog-after-advanced.png", gd);
		Button ok = gd.getButtons()[0];
		java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
		String text = "";
		for (int i = 0; i < 1200 && !text.contains("run(\"Generate Synthetic Data\""); i++) {
			Thread.sleep(100);
			text = recorder.getText();
		}
		List<byte[]> first = contents(out);
		assertEquals(8, first.size(), "4 images + 4 masks");

		String line = text.lines().filter(l -> l.startsWith("run(\"Generate Synthetic Data\"")).reduce((a, b) -> b).orElse(null);
		assertNotNull(line, "the Recorder did not record the command:\n" + text);
		assertTrue(line.contains("per_class=1") && line.contains("size=64") && line.contains("seed=7"), line);
		assertFalse(line.contains("overwrite"), "an unticked box is left out: " + line);
		java.awt.EventQueue.invokeAndWait(recorder::toFront);
		Thread.sleep(300);
		screenshot(recorder.getBounds(), "macro-recorder.png");
		Recorder.record = false;
		recorder.close();

		// the same line, replayed as a macro into the now empty folder, writes the same files
		deleteTree(out);
		IJ.runMacro(line);
		List<byte[]> replay = contents(out);
		assertEquals(first.size(), replay.size());
		for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), replay.get(i), "file " + i + " differs after replay");

		// and headless, as a batch job: the recorded line in a macro file, run by 'ssl-tem macro' in a headless JVM
		deleteTree(out);
		Path macro = tmp.resolve("recorded.ijm");
		Files.writeString(macro, line + "\n");
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Djava.awt.headless=true",
			"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", TARGET.resolve("ssl-tem.jar") + java.io.File.pathSeparator + TARGET.resolve("lib") + "/*",
			"org.ssltem.cli.Main", "macro", macro.toString()).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "ssl-tem macro did not finish");
		assertEquals(0, p.exitValue(), output);
		List<byte[]> headless = contents(out);
		assertEquals(first.size(), headless.size(), output);
		for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), headless.get(i), "file " + i + " differs after the headless replay");
	}

	/** A run that fails leaves no line in the Macro Recorder, and the dialog opens again with the values just typed. */
	@Test
	void aFailedRunIsNotRecordedAndTheDialogKeepsItsValues(@TempDir Path tmp) throws Exception {
		Path notAFolder = Files.writeString(tmp.resolve("a-file.txt"), "not a folder");
		Recorder recorder = new Recorder();
		Recorder.record = true;
		try {
			new ij.Executer("Generate Synthetic Data", null);
			GenericDialog gd = waitForDialog("SSL-TEM: Generate Synthetic Data");
			fill(gd, notAFolder.toString(), "1", "96");
			Button ok = gd.getButtons()[0];
			java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
			java.awt.Dialog error = waitFor(java.awt.Dialog.class, "SSL-TEM: Generate Synthetic Data", d -> !(d instanceof GenericDialog));
			assertTrue(allText(error).contains("a-file.txt"), allText(error));
			java.awt.EventQueue.invokeAndWait(error::dispose);
			Thread.sleep(1000);
			assertFalse(recorder.getText().contains("size=96"), "the failed run was recorded:\n" + recorder.getText());

			new ij.Executer("Generate Synthetic Data", null);
			GenericDialog again = waitForDialog("SSL-TEM: Generate Synthetic Data");
			Thread.sleep(500);
			assertEquals(notAFolder, Path.of(((TextField) again.getStringFields().get(0)).getText()), "the out field is remembered");
			assertTrue(((Vector<?>) again.getNumericFields()).stream().anyMatch(f -> ((TextField) f).getText().trim().equals("96")), "size 96 is remembered");
			shoot("dialog-remembers-values.png", again);
			java.awt.EventQueue.invokeAndWait(() -> again.actionPerformed(new ActionEvent(again.getButtons()[1], ActionEvent.ACTION_PERFORMED, "Cancel")));
		}
		finally {
			Recorder.record = false;
			recorder.close();
		}
	}

	static void deleteTree(Path dir) throws Exception {
		if (!Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	@Test
	void pretrainAndFeaturesShowTablesAndALossPlotAndEscStopsTraining(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data"), enc = tmp.resolve("enc"), csv = tmp.resolve("features.csv");
		IJ.runMacro("run(\"Generate Synthetic Data\", \"out=[" + data + "] per_class=2 size=64 seed=1\");");
		IJ.runMacro("run(\"Pretrain Encoder\", \"images=[" + data.resolve("images") + "] out=[" + enc + "] arch=resnet18 size=32 batch=4 epochs=2 threads=2\");");
		ij.text.TextWindow loss = (ij.text.TextWindow) ij.WindowManager.getWindow("SSL-TEM pretraining loss");
		assertNotNull(loss, "no loss table");
		assertEquals(2, loss.getResultsTable().size(), "one row per epoch");
		assertTrue(Double.isFinite(loss.getResultsTable().getValue("loss", 1)));
		Window plot = ij.WindowManager.getWindow("SSL-TEM loss per epoch");
		assertTrue(plot instanceof ij.gui.PlotWindow, "no loss plot");
		screenshot(plot.getBounds(), "loss-plot.png");

		IJ.runMacro("run(\"Extract Features\", \"encoder=[" + enc + "] images=[" + data.resolve("images") + "] out=[" + csv + "]\");");
		ij.text.TextWindow features = (ij.text.TextWindow) ij.WindowManager.getWindow("SSL-TEM features");
		assertNotNull(features, "no features table");
		assertEquals(8, features.getResultsTable().size());
		assertEquals(Files.readAllLines(csv).get(1).split(",")[0], features.getResultsTable().getStringValue("file", 0));
		screenshot(features.getBounds(), "features-table.png");

		// Esc while a long run trains: it stops after the current step and keeps a checkpoint
		Path longRun = tmp.resolve("long");
		Thread t = new Thread(() -> IJ.runMacro("run(\"Pretrain Encoder\", \"images=[" + data.resolve("images") + "] out=[" + longRun
			+ "] arch=resnet18 size=32 batch=4 epochs=500 threads=2\");"), "long-pretrain");
		IJ.log("\\Clear");
		t.start();
		// into the epochs: Esc before the first step (while images load) would leave no checkpoint to keep
		for (int i = 0; i < 1200 && !IJ.getLog().contains("epoch 1/500 mean loss"); i++) Thread.sleep(100);
		assertTrue(IJ.getLog().contains("epoch 1/500 mean loss"), "the long run did not finish its first epoch: " + IJ.getLog());
		shoot("status-bar-progress.png", imagej);
		IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
		t.join(180_000);
		assertFalse(t.isAlive(), "Esc did not stop the training");
		assertTrue(IJ.getLog().contains("pretraining cancelled"), IJ.getLog());
		assertTrue(Files.exists(longRun.resolve("manifest.json")), "the checkpoint's manifest is kept");
	}

	@Test
	void annotateMasksSavesThePaintedMaskAndStopsOnEsc(@TempDir Path dir) throws Exception {
		for (String n : List.of("a.png", "b.png", "c.png"))
			assertTrue(new ij.io.FileSaver(new ij.ImagePlus(n, new ij.process.ByteProcessor(30, 20))).saveAsPng(dir.resolve(n).toString()));
		Files.createDirectories(dir.resolve("masks"));
		Files.writeString(dir.resolve("masks/c.png"), "an existing mask: c must not be shown");
		Thread t = new Thread(() -> IJ.runMacro("run(\"Annotate Masks\", \"images=[" + dir + "]\");"), "annotate");
		t.start();
		ij.gui.WaitForUserDialog first = waitFor(ij.gui.WaitForUserDialog.class, "SSL-TEM: Annotate Masks (1/2)");
		assertEquals("a.png", ij.WindowManager.getCurrentImage().getTitle());
		ij.plugin.frame.RoiManager.getRoiManager().addRoi(new ij.gui.Roi(3, 4, 5, 6));
		Thread.sleep(300);
		shoot("annotate-masks-dialog.png", first);
		java.awt.EventQueue.invokeAndWait(first::close);
		ij.gui.WaitForUserDialog second = waitFor(ij.gui.WaitForUserDialog.class, "SSL-TEM: Annotate Masks (2/2)");
		assertEquals("b.png", ij.WindowManager.getCurrentImage().getTitle());
		java.awt.EventQueue.invokeAndWait(() -> second.keyPressed(new java.awt.event.KeyEvent(second, java.awt.event.KeyEvent.KEY_PRESSED,
			System.currentTimeMillis(), 0, java.awt.event.KeyEvent.VK_ESCAPE, (char) 27)));
		t.join(60_000);
		assertFalse(t.isAlive());
		ij.ImagePlus mask = new ij.io.Opener().openImage(dir.resolve("masks/a.png").toString());
		assertEquals(5 * 6, mask.getStatistics().histogram[1]);
		assertEquals(1, mask.getProcessor().get(3, 4));
		assertEquals(0, mask.getProcessor().get(8, 4));
		assertFalse(Files.exists(dir.resolve("masks/b.png")), "Esc must not save");
		assertEquals("an existing mask: c must not be shown", Files.readString(dir.resolve("masks/c.png")));
	}

	@Test
	void engineErrorsShowAsAnImageJErrorDialog(@TempDir Path tmp) throws Exception {
		// from the menu: ImageJ's error dialog titled with the command, holding the engine's sentence
		new ij.Executer("Generate Synthetic Data", null);
		GenericDialog gd = waitForDialog("SSL-TEM: Generate Synthetic Data");
		fill(gd, tmp.toString(), "1", "20");
		Button ok = gd.getButtons()[0];
		java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
		java.awt.Dialog error = waitFor(java.awt.Dialog.class, "SSL-TEM: Generate Synthetic Data", d -> !(d instanceof GenericDialog));
		Thread.sleep(300);
		assertTrue(allText(error).contains("'Image size (px)' (size=) is 20, outside the allowed range") && allText(error).contains("64 to 4096"), allText(error));
		java.awt.EventQueue.invokeAndWait(error::dispose);
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(0, s.count(), "nothing written for a refused size");
		}
	}

	/**
	 * The annotate-and-segment window on a tiny synthetic set with a 1-epoch resnet18 encoder: a missing encoder is an
	 * error dialog; sparse strokes become the label overlay; Train shows a prediction; Undo/Redo a stroke; Accept merges
	 * (strokes kept) and can be undone; Save writes sparse masks (255 unlabelled) and asks before replacing; Cancel and
	 * Esc stop a long training, keeping the previous segmenter; the project is saved, reopened and applied to the folder.
	 */
	@Test
	void annotateAndSegmentWindowPaintsTrainsPredictsSavesAndCancels(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data"), enc = tmp.resolve("enc"), dir = tmp.resolve("images");
		IJ.runMacro("run(\"Generate Synthetic Data\", \"out=[" + data + "] per_class=1 size=64 seed=4\");");
		IJ.runMacro("run(\"Pretrain Encoder\", \"images=[" + data.resolve("images") + "] out=[" + enc + "] arch=resnet18 size=32 batch=4 epochs=1 threads=2\");");
		assertTrue(Files.exists(enc.resolve("manifest.json")), "no encoder: " + IJ.getLog());
		Files.createDirectories(dir);
		List<String> names = List.of("bundle-0001.png", "network-0001.png", "singular-0001.png");
		for (String n : names) Files.copy(data.resolve("images").resolve(n.substring(0, n.indexOf('-'))).resolve(n), dir.resolve(n));

		// bad input, from the menu: a missing encoder folder is an error dialog that names it and says what to choose
		new ij.Executer("Annotate and Segment", null);
		GenericDialog gd = waitForDialog("SSL-TEM: Annotate and Segment");
		java.awt.EventQueue.invokeAndWait(() -> {
			((TextField) gd.getStringFields().get(0)).setText(dir.toString());
			((TextField) gd.getStringFields().get(1)).setText(tmp.resolve("no-encoder").toString());
		});
		Thread.sleep(300);
		shoot("annotate-and-segment-dialog.png", gd);
		Button ok = gd.getButtons()[0];
		java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
		java.awt.Dialog error = waitFor(java.awt.Dialog.class, "SSL-TEM: Annotate and Segment", d -> !(d instanceof GenericDialog));
		Thread.sleep(300);
		assertTrue(allText(error).contains("no-encoder") && allText(error).contains("Pretrain Encoder"), allText(error));
		shoot("annotate-and-segment-error.png", error);
		java.awt.EventQueue.invokeAndWait(error::dispose);
		assertNull(org.ssltem.fiji.command.AnnotateAndSegment.lastWindow(), "no window opens on bad input");

		IJ.runMacro("run(\"Annotate and Segment\", \"images=[" + dir + "] encoder=[" + enc + "] classes=2\");");
		org.ssltem.fiji.window.AnnotateAndSegmentWindow w = org.ssltem.fiji.command.AnnotateAndSegment.lastWindow();
		assertNotNull(w, "the window did not open: " + IJ.getLog());
		assertTrue(w.isShowing());
		assertEquals("bundle-0001.png", w.image().getTitle());
		waitBeside(w);
		assertFalse(w.getBounds().intersects(w.image().getWindow().getBounds()), "the panel opens beside the image, not over it");

		// sparse strokes: the true wires of the first image as a nanowire stroke, two background strokes; the rest stays unlabelled
		ij.ImagePlus truth1 = IJ.openImage(data.resolve("masks/bundle/bundle-0001.png").toString());
		ij.gui.Roi wires = wiresOf(truth1);
		paint(w, wires, 1);
		paint(w, new ij.gui.Roi(0, 0, 8, 8), 0);
		paint(w, new ij.gui.Roi(0, 60, 64, 4), 0);
		assertNotNull(overlayItem(w, org.ssltem.fiji.window.AnnotateAndSegmentWindow.MASK), "no mask overlay");
		org.ssltem.annotate.IndexMask labels = w.session().labelsOrNull(0);
		long unlabelled = labels.count(org.ssltem.annotate.IndexMask.UNLABELLED);
		assertTrue(unlabelled > 0 && labels.count(0) > 0 && labels.count(1) > 0, "strokes of both classes, the rest unlabelled");
		shoot("annotate-and-segment-strokes.png", w.image().getWindow(), w);

		// Train: a few steps on windows around the strokes; the prediction shows as its own overlay
		List<TextField> fields = textFields(w); // brush, window, first steps, later steps
		java.awt.EventQueue.invokeAndWait(() -> {
			fields.get(1).setText("32");
			fields.get(2).setText("4");
			fields.get(3).setText("2");
		});
		click(w, "Train");
		waitIdle(w, 300);
		assertNotNull(w.segmenter(), w.status() + "\nlog: " + IJ.getLog());
		assertTrue(w.status().startsWith("Segmenter trained (round 1)") && w.status().contains("Prediction shown"), w.status());
		waitForOverlay(w, org.ssltem.fiji.window.AnnotateAndSegmentWindow.PREDICTION);
		Thread.sleep(300);
		shoot("annotate-and-segment-window.png", w.image().getWindow(), w);

		// Undo the last background stroke, Redo it
		long background = labels.count(0);
		click(w, "Undo");
		assertEquals(background - 64 * 4, labels.count(0), w.status()); // the strip held background only after its stroke
		assertTrue(w.status().startsWith("Undone: stroke of background"), w.status());
		click(w, "Redo");
		assertEquals(background, labels.count(0));

		// Accept merges: the strokes stay as painted, the prediction fills only the unlabelled pixels; Undo takes it back
		int[] painted = labels.labels().clone();
		click(w, "Accept prediction");
		assertEquals(0, labels.count(org.ssltem.annotate.IndexMask.UNLABELLED));
		for (int q = 0; q < painted.length; q++)
			if (painted[q] != org.ssltem.annotate.IndexMask.UNLABELLED) assertEquals(painted[q], labels.labels()[q], "a hand label was replaced at " + q);
		shoot("annotate-and-segment-accepted.png", w.image().getWindow(), w);
		click(w, "Undo");
		assertEquals(unlabelled, labels.count(org.ssltem.annotate.IndexMask.UNLABELLED), "Undo takes Accept back");
		click(w, "Redo");

		// a second image: a stroke, Predict, Save; Save never replaces a mask silently
		click(w, "Next >");
		assertEquals("network-0001.png", w.image().getTitle());
		waitBeside(w);
		assertFalse(w.getBounds().intersects(w.image().getWindow().getBounds()), "after Next the image does not cover the panel");
		assertNull(overlayItem(w, org.ssltem.fiji.window.AnnotateAndSegmentWindow.PREDICTION), "a prediction of another image is not shown here");
		paint(w, new ij.gui.Roi(0, 0, 6, 6), 0);
		click(w, "Predict");
		waitIdle(w, 120);
		waitForOverlay(w, org.ssltem.fiji.window.AnnotateAndSegmentWindow.PREDICTION);
		click(w, "Save masks");
		Path masks = dir.resolve("masks");
		ij.ImagePlus m1 = IJ.openImage(masks.resolve("bundle-0001.png").toString()), m2 = IJ.openImage(masks.resolve("network-0001.png").toString());
		assertNotNull(m1, w.status());
		assertNotNull(m2, w.status());
		int[] h1 = m1.getProcessor().getHistogram(), h2 = m2.getProcessor().getHistogram();
		assertEquals(64 * 64, h1[0] + h1[1], "the accepted first image: classes 0 and 1 everywhere");
		assertEquals(36, h2[0], "the second image: its background stroke");
		assertEquals(64 * 64 - 36, h2[255], "and 255, unlabelled, elsewhere");
		assertFalse(Files.exists(masks.resolve("singular-0001.png")), "an image never labelled gets no mask");
		byte[] before = Files.readAllBytes(masks.resolve("network-0001.png"));
		paint(w, new ij.gui.Roi(10, 10, 5, 5), 1);
		java.awt.EventQueue.invokeLater(() -> press(w, "Save masks"));
		ij.gui.YesNoCancelDialog ask = waitFor(ij.gui.YesNoCancelDialog.class, org.ssltem.fiji.window.AnnotateAndSegmentWindow.TITLE);
		assertTrue(allText(ask).contains("network-0001.png") && allText(ask).contains("Keep the old ones"), allText(ask));
		java.awt.EventQueue.invokeAndWait(() -> {
			for (java.awt.Component c : components(ask))
				if (c instanceof Button b && b.getLabel().contains("Keep")) ask.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b.getLabel()));
		});
		for (int i = 0; i < 50 && ask.isShowing(); i++) Thread.sleep(100);
		assertArrayEquals(before, Files.readAllBytes(masks.resolve("network-0001.png")), "the existing mask was replaced without consent");
		click(w, "Undo");

		// Cancel in the middle of a long training: it stops, keeps the previous segmenter, writes nothing
		Path previous = w.segmenter();
		java.awt.EventQueue.invokeAndWait(() -> fields.get(3).setText("5000"));
		click(w, "Train");
		for (int i = 0; i < 600 && !(w.status().startsWith("Training ") && w.status().contains("epoch")); i++) Thread.sleep(100);
		assertTrue(w.status().contains("epoch"), "training did not start: " + w.status());
		Thread.sleep(1000);
		click(w, "Cancel");
		waitIdle(w, 120);
		assertTrue(w.status().startsWith("Training stopped"), w.status());
		assertEquals(previous, w.segmenter(), "the previous segmenter stays in use");
		try (Stream<Path> s = Files.list(w.workFolder())) {
			assertEquals(List.of(previous.getFileName().toString()), s.map(p -> p.getFileName().toString()).sorted().toList(),
				"a cancelled training leaves nothing (no staged images, no partial segmenter)");
		}
		// Esc does the same
		click(w, "Train");
		for (int i = 0; i < 600 && !(w.status().startsWith("Training ") && w.status().contains("epoch")); i++) Thread.sleep(100);
		assertTrue(w.status().contains("epoch"), "training did not start: " + w.status());
		IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
		waitIdle(w, 120);
		IJ.resetEscape();
		assertTrue(w.status().startsWith("Training stopped"), w.status());
		assertEquals(previous, w.segmenter());
		java.awt.EventQueue.invokeAndWait(() -> fields.get(3).setText("2"));

		// save the project, close, reopen: labels, segmenter and settings are back; apply the segmenter to the folder
		Path project = tmp.resolve("project");
		java.awt.EventQueue.invokeAndWait(() -> w.saveProject(project));
		assertTrue(Files.exists(project.resolve("project.properties")) && Files.exists(project.resolve("segmenter/segmenter.json")), w.status());
		Path work = w.workFolder();
		java.awt.EventQueue.invokeAndWait(w::close);
		assertFalse(Files.exists(work), "closing the window deletes its private folder");
		AtomicReference<org.ssltem.fiji.window.AnnotateAndSegmentWindow> reopened = new AtomicReference<>();
		java.awt.EventQueue.invokeAndWait(() -> reopened.set(org.ssltem.fiji.window.AnnotateAndSegmentWindow.openProject(project)));
		org.ssltem.fiji.window.AnnotateAndSegmentWindow w2 = reopened.get();
		assertEquals(List.of(0, 1), w2.session().labelledImages());
		assertNotNull(w2.segmenter());
		assertEquals("2", textFields(w2).get(3).getText(), "settings come back with the project");
		assertEquals(0, w2.session().labelsOrNull(0).count(org.ssltem.annotate.IndexMask.UNLABELLED), "the accepted labels come back");
		Path applied = tmp.resolve("applied");
		java.awt.EventQueue.invokeAndWait(() -> w2.applyToFolder(dir, applied));
		waitIdle(w2, 120);
		try (Stream<Path> s = Files.list(applied.resolve("masks"))) {
			assertEquals(3, s.count(), "the three images, not the masks saved in images/masks/: " + w2.status());
		}
		assertTrue(w2.status().startsWith("Segmented 3 images"), w2.status());
		Thread.sleep(300);
		shoot("annotate-and-segment-reopened-applied.png", w2.image().getWindow(), w2);

		// Keep training while I paint: a stroke starts a round by itself, and its prediction is shown
		int roundsBefore = w2.session().rounds();
		java.awt.EventQueue.invokeAndWait(() -> {
			for (java.awt.Component c : components(w2))
				if (c instanceof java.awt.Checkbox b && b.getLabel().equals("Keep training while I paint")) {
					b.setState(true);
					b.dispatchEvent(new java.awt.event.ItemEvent(b, java.awt.event.ItemEvent.ITEM_STATE_CHANGED, b, java.awt.event.ItemEvent.SELECTED));
				}
		});
		paint(w2, new ij.gui.Roi(20, 0, 6, 6), 0);
		for (int i = 0; i < 3000 && (w2.session().rounds() == roundsBefore || w2.busy()); i++) Thread.sleep(100);
		waitIdle(w2, 60);
		assertEquals(roundsBefore + 1, w2.session().rounds(), "one round after the stroke: " + w2.status());
		assertTrue(w2.status().startsWith("Segmenter trained (round " + (roundsBefore + 1) + ")"), w2.status());
		java.awt.EventQueue.invokeAndWait(w2::close);
	}

	static List<TextField> textFields(java.awt.Container w) {
		List<TextField> out = new ArrayList<>();
		for (java.awt.Component c : components(w)) if (c instanceof TextField t) out.add(t);
		return out;
	}

	/** A NotchedBoxPlot PNG (as label-efficiency writes it; drawn by the engine in its own class loader) in an ImageJ window. */
	@Test
	void boxplotOpensInAnImageJWindow(@TempDir Path tmp) throws Exception {
		ClassLoader engine = EngineLoader.classLoader();
		Class<?> stats = Class.forName("org.ssltem.report.BoxStats", true, engine);
		java.lang.reflect.Method of = stats.getMethod("of", double[].class);
		java.util.SplittableRandom r = new java.util.SplittableRandom(1);
		Object[][] boxes = (Object[][]) java.lang.reflect.Array.newInstance(stats, 3, 2);
		for (int g = 0; g < 3; g++)
			for (int e = 0; e < 2; e++) {
				double[] v = new double[20];
				for (int i = 0; i < v.length; i++) v[i] = Math.min(1, 0.4 + 0.1 * g + 0.15 * e + 0.08 * r.nextGaussian());
				boxes[g][e] = of.invoke(null, (Object) v);
			}
		Class<?> dataClass = Class.forName("org.ssltem.report.NotchedBoxPlot$Data", true, engine);
		Object data = dataClass.getConstructors()[0].newInstance("Accuracy against labels per class", "labels per class", "test accuracy",
			List.of("1", "2", "4"), List.of("random:resnet18", "pretrained"), boxes);
		Path png = tmp.resolve("boxplot.png");
		Class.forName("org.ssltem.report.NotchedBoxPlot", true, engine).getMethod("writePng", dataClass, Path.class).invoke(null, data, png);
		ij.ImagePlus imp = IJ.openImage(png.toString());
		assertNotNull(imp);
		imp.show();
		for (int i = 0; i < 100 && (imp.getWindow() == null || !imp.getWindow().isShowing()); i++) Thread.sleep(100);
		assertTrue(imp.getWidth() > 300 && imp.getHeight() > 200, imp.getWidth() + "x" + imp.getHeight());
		Thread.sleep(300);
		shoot("boxplot-window.png", imp.getWindow());
		imp.close();
	}

	// ---- driving the annotate-and-segment window ----

	static ij.gui.Roi wiresOf(ij.ImagePlus truth) {
		truth.getProcessor().setThreshold(1, 255, ij.process.ImageProcessor.NO_LUT_UPDATE);
		ij.gui.Roi roi = ij.plugin.filter.ThresholdToSelection.run(truth);
		assertNotNull(roi, "the truth mask is empty");
		return roi;
	}

	/** As a user does: select the class, draw the ROI on the image, press Add stroke to class. */
	static void paint(org.ssltem.fiji.window.AnnotateAndSegmentWindow w, ij.gui.Roi roi, int cls) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			for (java.awt.Component c : components(w)) if (c instanceof java.awt.Choice ch) ch.select(cls);
			w.image().setRoi((ij.gui.Roi) roi.clone());
		});
		click(w, "Add stroke to class");
		assertNull(w.image().getRoi(), "the stroke was not taken: " + w.status());
	}

	static void click(java.awt.Container w, String label) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> press(w, label));
		robot.waitForIdle();
	}

	static void press(java.awt.Container w, String label) {
		for (java.awt.Component c : components(w))
			if (c instanceof Button b && b.getLabel().equals(label)) {
				assertTrue(b.isEnabled(), label + " is disabled");
				b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
				return;
			}
		fail("no button " + label);
	}

	static List<java.awt.Component> components(java.awt.Container c) {
		List<java.awt.Component> all = new ArrayList<>();
		for (java.awt.Component x : c.getComponents()) {
			all.add(x);
			if (x instanceof java.awt.Container k) all.addAll(components(k));
		}
		return all;
	}

	/** Until the window's pending events (ImageJ placing and zooming the image window, the panel following it) are handled. */
	static void waitBeside(org.ssltem.fiji.window.AnnotateAndSegmentWindow w) throws Exception {
		for (int i = 0; i < 50; i++) {
			robot.waitForIdle();
			java.awt.EventQueue.invokeAndWait(() -> {});
			if (!w.getBounds().intersects(w.image().getWindow().getBounds())) return;
			Thread.sleep(100);
		}
	}

	static void waitIdle(org.ssltem.fiji.window.AnnotateAndSegmentWindow w, int seconds) throws Exception {
		Thread.sleep(200);
		for (int i = 0; i < seconds * 10 && w.busy(); i++) Thread.sleep(100);
		assertFalse(w.busy(), "still busy after " + seconds + " s: " + w.status());
		robot.waitForIdle();
		java.awt.EventQueue.invokeAndWait(() -> {});
	}

	static ij.gui.Roi overlayItem(org.ssltem.fiji.window.AnnotateAndSegmentWindow w, String name) {
		ij.gui.Overlay ov = w.image().getOverlay();
		if (ov == null) return null;
		for (ij.gui.Roi r : ov.toArray()) if (name.equals(r.getName()) && r instanceof ij.gui.ImageRoi) return r;
		return null;
	}

	static void waitForOverlay(org.ssltem.fiji.window.AnnotateAndSegmentWindow w, String name) throws Exception {
		for (int i = 0; i < 100 && overlayItem(w, name) == null; i++) Thread.sleep(100);
		assertNotNull(overlayItem(w, name), "no " + name + " overlay: " + w.status());
	}

	static String allText(java.awt.Container c) {
		StringBuilder b = new StringBuilder();
		for (java.awt.Component x : c.getComponents()) b.append(text(x)).append(' ');
		return b.toString();
	}

	/** The text of a label in an ImageJ message (MultiLineLabel keeps it in a package-private field). */
	static String text(java.awt.Component c) {
		if (c instanceof java.awt.Label l) return l.getText();
		if (!(c instanceof ij.gui.MultiLineLabel) && !(c instanceof java.awt.Container)) return "";
		if (c instanceof java.awt.Container k && !(c instanceof ij.gui.MultiLineLabel)) {
			StringBuilder b = new StringBuilder();
			for (java.awt.Component x : k.getComponents()) b.append(text(x)).append(' ');
			return b.toString().trim();
		}
		try {
			var f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			return String.join("\n", (String[]) f.get(c));
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return "";
		}
	}

	static <T extends java.awt.Dialog> T waitFor(Class<T> type, String title) throws InterruptedException {
		return waitFor(type, title, d -> true);
	}

	static <T extends java.awt.Dialog> T waitFor(Class<T> type, String title, java.util.function.Predicate<java.awt.Dialog> also) throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			for (Window w : Window.getWindows())
				if (type.isInstance(w) && w.isShowing() && title.equals(((java.awt.Dialog) w).getTitle()) && also.test((java.awt.Dialog) w)) return type.cast(w);
			Thread.sleep(100);
		}
		List<String> showing = new ArrayList<>();
		for (Window w : Window.getWindows())
			if (w.isShowing()) showing.add(w.getClass().getSimpleName() + " '" + (w instanceof java.awt.Dialog d ? d.getTitle() + "': " + allText(d) : w instanceof java.awt.Frame f ? f.getTitle() + "'" : "'"));
		throw new AssertionError("no dialog titled " + title + "; showing: " + showing + "; log: " + IJ.getLog());
	}

	// ---- helpers ----

	static Menu find(MenuBar bar, String label) {
		for (int i = 0; i < bar.getMenuCount(); i++) {
			Menu m = find(bar.getMenu(i), label);
			if (m != null) return m;
		}
		return null;
	}

	static Menu find(Menu menu, String label) {
		if (label.equals(menu.getLabel())) return menu;
		for (int i = 0; i < menu.getItemCount(); i++)
			if (menu.getItem(i) instanceof Menu sub) {
				Menu m = find(sub, label);
				if (m != null) return m;
			}
		return null;
	}

	/**
	 * Best effort, for the screenshot only: clicks "Plugins" in ImageJ's menu bar (x from the menu font's metrics), walks down to
	 * SSL-TEM with the arrow keys and opens it, then shoots the screen around ImageJ's window.
	 */
	static void openMenuAndShoot(Menu ssl) throws Exception {
		Rectangle b = imagej.getBounds();
		var fm = imagej.getFontMetrics(new java.awt.Font("Dialog", java.awt.Font.PLAIN, 12));
		int x = b.x + 10;
		for (String m : List.of("File", "Edit", "Image", "Process", "Analyze")) x += fm.stringWidth(m) + 20;
		robot.mouseMove(x + fm.stringWidth("Plugins") / 2, b.y + imagej.getInsets().top / 2);
		Thread.sleep(300);
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		Thread.sleep(800);
		Menu plugins = (Menu) ssl.getParent();
		int steps = 0;
		for (int i = 0; i < plugins.getItemCount() && plugins.getItem(i) != ssl; i++) if (!"-".equals(plugins.getItem(i).getLabel())) steps++;
		for (int i = 0; i < steps; i++) key(java.awt.event.KeyEvent.VK_DOWN);
		key(java.awt.event.KeyEvent.VK_RIGHT);
		Thread.sleep(800);
		var screen = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
		int left = Math.max(0, b.x - 50);
		screenshot(new Rectangle(left, 0, Math.min(screen.width - left, b.width + 450), Math.min(screen.height, 600)), "plugins-menu.png");
		key(java.awt.event.KeyEvent.VK_ESCAPE);
		key(java.awt.event.KeyEvent.VK_ESCAPE);
		Thread.sleep(300);
	}

	static void key(int code) throws InterruptedException {
		robot.keyPress(code);
		robot.keyRelease(code);
		Thread.sleep(120);
	}

	static GenericDialog waitForDialog(String title) throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
			Thread.sleep(100);
		}
		throw new AssertionError("no dialog titled " + title);
	}

	/** The button labelled {@code label} among the dialog's components. */
	static Button button(java.awt.Container c, String label) {
		for (java.awt.Component child : c.getComponents()) {
			if (child instanceof Button b && label.equals(b.getLabel())) return b;
			if (child instanceof java.awt.Container inner) {
				Button b = buttonOrNull(inner, label);
				if (b != null) return b;
			}
		}
		throw new AssertionError("no button " + label);
	}

	private static Button buttonOrNull(java.awt.Container c, String label) {
		try {
			return button(c, label);
		}
		catch (AssertionError e) {
			return null;
		}
	}

	/** Fills the first string field (out) and the numeric fields in order. */
	static void fill(GenericDialog gd, String out, String... numbers) throws Exception {
		AtomicReference<Exception> error = new AtomicReference<>();
		java.awt.EventQueue.invokeAndWait(() -> {
			Vector<?> strings = gd.getStringFields(), nums = gd.getNumericFields();
			((TextField) strings.get(0)).setText(out);
			for (int i = 0; i < numbers.length; i++) ((TextField) nums.get(i)).setText(numbers[i]);
			Vector<?> boxes = gd.getCheckboxes();
			if (boxes != null) for (Object c : boxes) ((Checkbox) c).setState(false);
		});
		if (error.get() != null) throw error.get();
	}

	static List<byte[]> contents(Path dir) throws Exception {
		List<byte[]> l = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.filter(p -> p.toString().endsWith(".png")).sorted().toList()) l.add(Files.readAllBytes(p));
		}
		return l;
	}

	/**
	 * A screen capture of {@code r}, taken again (up to 5 s) while it is one uniform colour: under Xvfb without a window
	 * manager a window that is mapped but not yet painted (or a window just mapped over it) shows as a black rectangle.
	 */
	static void screenshot(Rectangle r, String name) throws Exception {
		java.awt.image.BufferedImage img = null;
		for (int i = 0; i < 25; i++) {
			robot.waitForIdle();
			img = robot.createScreenCapture(r);
			if (variance(img) > 0) break;
			Thread.sleep(200);
		}
		write(img, name);
	}

	/**
	 * Windows as they look, painted into one image at their places on the screen (each window paints itself, so a
	 * window that another one overlaps, or that the X server has not painted yet, still comes out right).
	 * Dialogs are shot this way: a Robot capture of annotate-masks-dialog.png came out as one black rectangle.
	 */
	static void shoot(String name, Window... windows) throws Exception {
		robot.waitForIdle();
		Rectangle all = null;
		for (Window w : windows) all = all == null ? w.getBounds() : all.union(w.getBounds());
		java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(all.width, all.height, java.awt.image.BufferedImage.TYPE_INT_RGB);
		Rectangle box = all;
		java.awt.EventQueue.invokeAndWait(() -> {
			java.awt.Graphics2D g = img.createGraphics();
			g.setColor(java.awt.Color.DARK_GRAY);
			g.fillRect(0, 0, box.width, box.height);
			for (Window w : windows) {
				// the window's own paint (e.g. an image window's info line), then each child; not w.printAll: for a Frame
				// without a window manager, XToolkit paints a stand-in title bar over the first row
				java.awt.Graphics2D wg = (java.awt.Graphics2D) g.create(w.getX() - box.x, w.getY() - box.y, w.getWidth(), w.getHeight());
				wg.setColor(w.getBackground() != null ? w.getBackground() : java.awt.SystemColor.control);
				wg.fillRect(0, 0, w.getWidth(), w.getHeight());
				w.paint(wg);
				for (java.awt.Component c : w.getComponents()) {
					if (!c.isVisible()) continue;
					java.awt.Graphics cg = wg.create(c.getX(), c.getY(), c.getWidth(), c.getHeight());
					c.printAll(cg);
					cg.dispose();
				}
				wg.dispose();
			}
			g.dispose();
		});
		write(img, name);
	}

	static void write(java.awt.image.BufferedImage img, String name) throws Exception {
		Path file = SHOTS.resolve(name);
		ImageIO.write(img, "png", file.toFile());
		assertTrue(variance(ImageIO.read(file.toFile())) > 0, name + " is one uniform colour: the screenshot shows nothing");
	}

	/** Variance of the pixels' grey values. */
	static double variance(java.awt.image.BufferedImage img) {
		double sum = 0, sq = 0;
		long n = (long) img.getWidth() * img.getHeight();
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				int rgb = img.getRGB(x, y);
				double v = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
				sum += v;
				sq += v * v;
			}
		double mean = sum / n;
		return sq / n - mean * mean;
	}

}
