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

	static final Path SHOTS = Path.of(System.getProperty("ssltem.target", "target")).resolve("screenshots");
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
		screenshot(imagej.getBounds(), "imagej-main-window.png");
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
		fill(gd, out.toString(), "1", "64", "7");
		robot.waitForIdle();
		Thread.sleep(1000); // no window manager: let the dialog settle where ImageJ centres it
		screenshot(new Rectangle(gd.getLocationOnScreen(), gd.getSize()), "generate-dialog.png");
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
		java.awt.EventQueue.invokeAndWait(recorder::toFront);
		Thread.sleep(300);
		screenshot(recorder.getBounds(), "macro-recorder.png");
		Recorder.record = false;
		recorder.close();

		// the same line, replayed as a macro into the now empty folder, writes the same files
		try (Stream<Path> s = Files.walk(out)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		IJ.runMacro(line);
		List<byte[]> replay = contents(out);
		assertEquals(first.size(), replay.size());
		for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), replay.get(i), "file " + i + " differs after replay");
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
		for (int i = 0; i < 600 && !Files.isDirectory(longRun); i++) Thread.sleep(100);
		Thread.sleep(4000); // into the epochs
		screenshot(imagej.getBounds(), "status-bar-progress.png");
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
		screenshot(new Rectangle(first.getLocationOnScreen(), first.getSize()), "annotate-masks-dialog.png");
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
		fill(gd, tmp.toString(), "1", "20", "0");
		Button ok = gd.getButtons()[0];
		java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
		java.awt.Dialog error = waitFor(java.awt.Dialog.class, "SSL-TEM: Generate Synthetic Data", d -> !(d instanceof GenericDialog));
		Thread.sleep(300);
		assertTrue(allText(error).contains("size must be 64 to 4096 px, got 20"), allText(error));
		java.awt.EventQueue.invokeAndWait(error::dispose);
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(0, s.count(), "nothing written for a refused size");
		}
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
			if (w.isShowing()) showing.add(w.getClass().getSimpleName() + " '" + (w instanceof java.awt.Dialog d ? d.getTitle() : w instanceof java.awt.Frame f ? f.getTitle() : "") + "'");
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

	static void screenshot(Rectangle r, String name) throws Exception {
		robot.waitForIdle();
		ImageIO.write(robot.createScreenCapture(r), "png", SHOTS.resolve(name).toFile());
	}

}
