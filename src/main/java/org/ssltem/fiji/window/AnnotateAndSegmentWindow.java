package org.ssltem.fiji.window;

import org.ssltem.api.ParameterText;
import org.ssltem.api.Results;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.ImageWindow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.YesNoCancelDialog;
import ij.plugin.Zoom;
import ij.plugin.frame.PlugInFrame;
import ij.plugin.frame.RoiManager;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.annotate.MaskFromRois;
import org.ssltem.fiji.EngineTask;
import org.ssltem.fiji.SslTemCommand;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.TextField;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The microscopist's loop in one window: step through a folder of images, paint classes with ImageJ's own tools
 * (brush, freehand, any selection, the ROI Manager), train the U-Net decoder on the frozen encoder, look at the
 * prediction, accept it into the mask, correct it with the brush, retrain, and save the masks to {@code masks/}
 * beside the images.
 * <p>
 * Masks are index masks ({@link IndexMask}: 0 background, 1.. the other classes); every pixel not painted is
 * background, as in the masks Annotate Masks writes, so training sees the whole image. The mask shows as a translucent
 * coloured overlay ({@link ImageRoi}s named {@value #MASK} and, after Predict, {@value #PREDICTION} with its outline),
 * so the user's own selections stay free for painting.
 * <p>
 * Train and Predict are the engine's {@code train-segmenter} and {@code segment} operations (the Train Segmenter and
 * Segment commands' calls, {@code SegmenterTrainer} and {@code ImageSegmentation}, as in the CLI), reached through the
 * isolated engine ({@link EngineTask}); training is at the images' own size ({@code size=0}). They run off the event thread with progress in
 * ImageJ's status bar and this window, and Cancel or Esc stops them after the current step (a stopped training keeps
 * nothing and the previous segmenter stays in use). The labelled images and their masks are staged in a private
 * temporary folder for training, so nothing is written beside the images before Save masks, and Save never replaces an
 * existing mask without asking.
 */
public class AnnotateAndSegmentWindow extends PlugInFrame {

	public static final String TITLE = "SSL-TEM: Annotate and Segment";
	public static final String MASK = "mask", PREDICTION = "prediction", PREDICTION_OUTLINE = "prediction outline";
	/** Class colours: index 1, 2, ... (0, background, is transparent). */
	static final Color[] COLOURS = { new Color(255, 40, 40), new Color(40, 220, 40), new Color(40, 120, 255), new Color(255, 220, 0),
		new Color(255, 0, 255), new Color(0, 230, 230), new Color(255, 140, 0) };
	static final int DEFAULT_EPOCHS = 20;

	private final List<Path> images;
	private final Path encoder;
	private final List<String> classNames;
	private final Path work;

	private int index = -1;
	private ImagePlus imp;
	private final Map<Integer, IndexMask> masks = new ConcurrentHashMap<>(), predictions = new ConcurrentHashMap<>();
	/** Images whose mask changed since it was read or saved. */
	private final Set<Integer> unsaved = new TreeSet<>();
	/** Images whose mask counts as labelled (painted, accepted or read from masks/): the training set. */
	private final Set<Integer> labelled = new TreeSet<>();
	private volatile Path segmenter;
	private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
	private volatile Thread worker;
	private final AtomicBoolean cancel = new AtomicBoolean();

	private final Label imageLabel = new Label(), statusLabel = new Label();
	private final Choice classChoice = new Choice();
	private final TextField epochsField = new TextField(Integer.toString(DEFAULT_EPOCHS), 4);
	private final Checkbox showPrediction = new Checkbox("Show prediction", true);
	private final Button previous = new Button("< Previous"), next = new Button("Next >"), addStroke = new Button("Add stroke to class"),
		addManager = new Button("Add ROI Manager ROIs"), train = new Button("Train"), cancelButton = new Button("Cancel"),
		predict = new Button("Predict"), accept = new Button("Accept prediction into mask"), save = new Button("Save masks");

	/**
	 * @param images     the images, in the order they are shown
	 * @param encoder    an encoder folder (output of Pretrain Encoder)
	 * @param classNames background first, then one name per class
	 */
	public AnnotateAndSegmentWindow(List<Path> images, Path encoder, List<String> classNames) {
		super(TITLE);
		if (images.isEmpty()) throw new IllegalArgumentException("no images to annotate");
		if (classNames.size() < 2 || classNames.size() > COLOURS.length + 1)
			throw new IllegalArgumentException("classes must be 2 to " + (COLOURS.length + 1) + " (background included), got " + classNames.size()
				+ ". Fix: set classes between 2 and " + (COLOURS.length + 1));
		this.images = List.copyOf(images);
		this.encoder = encoder;
		this.classNames = List.copyOf(classNames);
		try {
			work = Files.createTempDirectory("ssl-tem-window-");
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not create a temporary folder for training: " + e.getMessage(), e);
		}
		buildUi();
	}

	private void buildUi() {
		for (String n : classNames) classChoice.add(n);
		classChoice.select(1);
		setLayout(new GridLayout(0, 1, 0, 2));
		add(row(imageLabel));
		add(row(previous, next));
		add(row(new Label("Class:"), classChoice, addStroke, addManager));
		add(row(new Label("Epochs:"), epochsField, train, cancelButton));
		add(row(predict, accept, showPrediction));
		add(row(save));
		add(row(statusLabel));
		previous.addActionListener(e -> show(index - 1));
		next.addActionListener(e -> show(index + 1));
		addStroke.addActionListener(e -> addStroke());
		addManager.addActionListener(e -> addRoiManager());
		train.addActionListener(e -> train());
		cancelButton.addActionListener(e -> cancel());
		predict.addActionListener(e -> predict());
		accept.addActionListener(e -> acceptPrediction());
		save.addActionListener(e -> saveMasks());
		showPrediction.addItemListener(e -> updateOverlay());
		KeyAdapter esc = new KeyAdapter() {
			@Override
			public void keyPressed(KeyEvent e) {
				if (e.getKeyCode() == KeyEvent.VK_ESCAPE) cancel();
			}
		};
		addKeyListenerEverywhere(this, esc);
		statusLabel.setText("Paint with the brush or freehand tool, then Add stroke to class. Train when a few images are labelled.");
	}

	private static Panel row(Component... cs) {
		Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 4, 1));
		for (Component c : cs) p.add(c);
		return p;
	}

	private static void addKeyListenerEverywhere(Component c, KeyAdapter k) {
		c.addKeyListener(k);
		if (c instanceof Container box) for (Component x : box.getComponents()) addKeyListenerEverywhere(x, k);
	}

	/** Opens the window on the first image (call on the event thread). */
	public void open() {
		show(0);
		pack();
		setSize(Math.max(getWidth(), 720), getHeight());
		ImageWindow w = imp == null ? null : imp.getWindow();
		if (w != null) setLocation(w.getX() + w.getWidth() + 10, w.getY());
		setVisible(true);
		updateButtons();
	}

	// ---- navigation and painting (event thread) ------------------------------------------------------------------

	/** Shows image {@code i}, with its mask (read from masks/ the first time, when there is one) as the overlay. */
	void show(int i) {
		if (i < 0 || i >= images.size() || i == index && imp != null && imp.getWindow() != null) return;
		Path path = images.get(i);
		ImagePlus next = IJ.openImage(path.toString());
		if (next == null) {
			error(path + " could not be opened as an image. Fix: keep PNG, TIFF or JPEG images in the folder, or move this file away.");
			return;
		}
		if (!masks.containsKey(i)) masks.put(i, readMask(i, next.getWidth(), next.getHeight()));
		java.awt.Point at = imp != null && imp.getWindow() != null ? imp.getWindow().getLocation() : null;
		if (imp != null) {
			imp.changes = false;
			imp.close();
		}
		index = i;
		imp = next;
		imp.show();
		if (at != null && imp.getWindow() != null) imp.getWindow().setLocation(at);
		int side = Math.max(imp.getWidth(), imp.getHeight());
		if (side < 256 && imp.getWindow() != null) Zoom.set(imp, Math.min(8, Math.floor(384.0 / side)));
		IJ.setTool("brush");
		updateOverlay();
		updateButtons();
	}

	/** The mask in masks/ when there is one (checked against the image and the classes), else an empty mask. */
	private IndexMask readMask(int i, int width, int height) {
		Path file = MaskFiles.maskFor(images.get(i));
		int[] labels = new int[width * height];
		if (Files.exists(file)) {
			ImagePlus m = IJ.openImage(file.toString());
			if (m == null || m.getWidth() != width || m.getHeight() != height || m.getBitDepth() == 24) {
				error(file + " is " + (m == null ? "not an image" : m.getWidth() + "x" + m.getHeight() + (m.getBitDepth() == 24 ? " RGB" : ""))
					+ ", not an index mask of the image's size " + width + "x" + height + ". It is left alone; painting starts from an empty mask"
					+ " and Save masks will ask before replacing it.");
				return new IndexMask(width, height, labels, classNames);
			}
			ImageProcessor ip = m.getProcessor();
			for (int p = 0; p < labels.length; p++) {
				int v = (int) ip.getf(p);
				if (v == 255 && classNames.size() == 2) v = 1;
				if (v < 0 || v >= classNames.size()) {
					error(file + " has the value " + v + " at (x " + p % width + ", y " + p / width + "), which is not one of the " + classNames.size()
						+ " classes " + classNames + ". Fix: open the window with classes set to the mask's number of classes. The mask is left alone;"
						+ " painting starts from an empty mask.");
					return new IndexMask(width, height, new int[width * height], classNames);
				}
				labels[p] = v;
			}
			labelled.add(i);
		}
		return new IndexMask(width, height, labels, classNames);
	}

	/** Paints the current selection into the mask with the chosen class. */
	void addStroke() {
		if (!imageShown()) return;
		Roi roi = imp.getRoi();
		if (roi == null) {
			error("There is no stroke to add. Fix: paint on the image with the brush (or draw with the freehand or any selection tool), then press Add stroke to class.");
			return;
		}
		int cls = classChoice.getSelectedIndex();
		long n = MaskFromRois.paintInto(masks.get(index), roi, cls);
		imp.deleteRoi();
		changed(index);
		status(String.format(Locale.ROOT, "Added %d px to %s on %s.", n, classNames.get(cls), images.get(index).getFileName()));
	}

	/** Paints every ROI of the ROI Manager: a ROI named after a class (e.g. "background 2") takes that class, others the chosen one. */
	void addRoiManager() {
		if (!imageShown()) return;
		RoiManager rm = RoiManager.getInstance();
		if (rm == null || rm.getCount() == 0) {
			error("The ROI Manager is empty. Fix: draw a selection and press T (or Add in the ROI Manager) for each stroke, then press Add ROI Manager ROIs.");
			return;
		}
		long n = 0;
		Roi[] rois = rm.getRoisAsArray();
		for (Roi roi : rois) n += MaskFromRois.paintInto(masks.get(index), roi, classOf(roi));
		rm.reset();
		changed(index);
		status(rois.length + " ROIs from the ROI Manager added (" + n + " px); the ROI Manager was cleared.");
	}

	private int classOf(Roi roi) {
		String name = roi.getName() == null ? "" : roi.getName().toLowerCase(Locale.ROOT);
		for (int c = classNames.size() - 1; c >= 0; c--) // longest names usually come last ("class 10" before "class 1")
			if (!classNames.get(c).isEmpty() && name.startsWith(classNames.get(c).toLowerCase(Locale.ROOT))) return c;
		return classChoice.getSelectedIndex();
	}

	/** The prediction of the current image becomes its mask, to be corrected with the brush. */
	void acceptPrediction() {
		IndexMask p = predictions.get(index);
		if (p == null) {
			error("There is no prediction for this image yet. Fix: press Train (or Predict, once a segmenter is trained) first.");
			return;
		}
		masks.put(index, new IndexMask(p.width(), p.height(), p.labels().clone(), classNames));
		changed(index);
		status("Prediction accepted into the mask of " + images.get(index).getFileName() + ": correct it with the brush, then Train again or Save masks.");
	}

	private void changed(int i) {
		unsaved.add(i);
		labelled.add(i);
		updateOverlay();
		updateButtons();
	}

	private boolean imageShown() {
		if (imp == null || imp.getWindow() == null) {
			int i = index;
			index = -1;
			show(Math.max(0, i));
		}
		return imp != null;
	}

	// ---- training and prediction (worker thread) ------------------------------------------------------------------

	/** Trains a new segmenter on every labelled image, then predicts the current image. */
	void train() {
		if (busy()) return;
		int epochs;
		try {
			epochs = Integer.parseInt(epochsField.getText().trim());
			if (epochs < 1) throw new NumberFormatException();
		}
		catch (NumberFormatException e) {
			error("Epochs must be a whole number of at least 1, got '" + epochsField.getText().trim() + "'. Fix: type e.g. " + DEFAULT_EPOCHS + ".");
			return;
		}
		if (labelled.isEmpty()) {
			error("No image is labelled yet. Fix: paint a few strokes of each class on one or more images (Add stroke to class), then press Train.");
			return;
		}
		IndexMask first = masks.get(labelled.iterator().next());
		for (int i : labelled)
			if (masks.get(i).width() != first.width() || masks.get(i).height() != first.height()) {
				error("The labelled images differ in size (" + images.get(labelled.iterator().next()).getFileName() + " is " + first.width() + "x"
					+ first.height() + ", " + images.get(i).getFileName() + " is " + masks.get(i).width() + "x" + masks.get(i).height()
					+ "). Training here works at the images' own size, so they must share one. Fix: label images of one size (open the others"
					+ " in another window), or resize them first.");
				return;
			}
		int run = runs.incrementAndGet();
		Path stage = work.resolve("train-" + run), out = work.resolve("segmenter-" + run);
		List<Integer> used = new ArrayList<>(labelled);
		try {
			for (int i : used) {
				Path image = images.get(i);
				Files.createDirectories(stage.resolve("images"));
				Files.copy(image, stage.resolve("images").resolve(image.getFileName()));
				MaskFiles.save(masks.get(i), stage.resolve("masks").resolve(MaskFiles.maskFor(image).getFileName()), false);
			}
		}
		catch (IOException | RuntimeException e) {
			delete(stage);
			error("Could not stage the labelled images for training in " + work + ": " + e.getMessage());
			return;
		}
		Map<String, String> p = new LinkedHashMap<>();
		p.put("encoder", encoder.toString());
		p.put("images", stage.resolve("images").toString());
		p.put("masks", stage.resolve("masks").toString());
		p.put("out", out.toString());
		p.put("classes", Integer.toString(classNames.size()));
		p.put("labeled", Integer.toString(used.size()));
		p.put("epochs", Integer.toString(epochs));
		p.put("size", "0"); // the images' own size, padded to a multiple of 32: Predict segments at native resolution too
		// the encoder's batch-norm statistics measured on these images, not on what it was pretrained on (AdaBN)
		p.put("calibrate_bn", "true");
		int shown = index;
		background("Training", () -> {
			try {
				Results.SegmenterTrained r = (Results.SegmenterTrained) EngineTask.run("train-segmenter", p, cancel, progress("Training"));
				Path older = segmenter;
				segmenter = out;
				delete(older);
				predictions.clear(); // made by the older segmenter
				List<Double> loss = r.lossPerEpoch();
				String lossText = loss.isEmpty() ? "" : String.format(Locale.ROOT, ", loss %.3f -> %.3f", loss.get(0), loss.get(loss.size() - 1));
				String trained = String.format(Locale.ROOT, "Trained on %d image%s, %d epochs%s (%.0f s).", used.size(), used.size() == 1 ? "" : "s", r.epochs(), lossText,
					r.wallTimeS());
				IJ.log("SSL-TEM: " + trained + " Segmenter: " + out);
				status(trained + " Predicting...");
				try {
					predictNow(shown);
				}
				catch (EngineException e) {
					if (e.kind() != EngineException.Kind.CANCELLED) throw e;
					status(trained + " The prediction was stopped; the new segmenter is kept (press Predict).");
					return;
				}
				status(trained + " Prediction shown: Accept it into the mask, correct with the brush, Train again.");
			}
			catch (EngineException e) {
				if (!out.equals(segmenter)) delete(out);
				throw e;
			}
			finally {
				delete(stage);
			}
		});
	}

	/** Predicts the current image with the last trained segmenter. */
	void predict() {
		if (busy()) return;
		if (segmenter == null) {
			error("There is no segmenter yet. Fix: label a few images and press Train first.");
			return;
		}
		int shown = index;
		background("Predicting", () -> {
			predictNow(shown);
			status("Prediction shown for " + images.get(shown).getFileName() + ".");
		});
	}

	private void predictNow(int i) {
		Path image = images.get(i), out = work.resolve("predict-" + runs.incrementAndGet());
		ImagePlus info = IJ.openImage(image.toString());
		int side = info == null ? 512 : Math.max(info.getWidth(), info.getHeight());
		int tile = Math.max(32, Math.min(512, (side + 31) / 32 * 32));
		Map<String, String> p = new LinkedHashMap<>();
		p.put("segmenter", segmenter.toString());
		p.put("images", image.toString());
		p.put("out", out.toString());
		p.put("tile", Integer.toString(tile));
		p.put("overlap", Integer.toString(Math.min(64, tile / 4)));
		try {
			Results.Segmented r = (Results.Segmented) EngineTask.run("segment", p, cancel, progress("Predicting"));
			Path maskFile = Path.of(r.masks()).resolve(MaskFiles.maskFor(image).getFileName());
			ImagePlus m = IJ.openImage(maskFile.toString());
			if (m == null) throw new EngineException(EngineException.Kind.INTERNAL, "the predicted mask " + maskFile + " could not be read", null);
			int classes = classNames.size(); // the segmenter was trained here with these classes
			int[] labels = new int[m.getWidth() * m.getHeight()];
			ImageProcessor ip = m.getProcessor();
			for (int k = 0; k < labels.length; k++) {
				int v = (int) ip.getf(k);
				labels[k] = classes == 2 ? (v != 0 ? 1 : 0) : Math.min(v, classNames.size() - 1);
			}
			predictions.put(i, new IndexMask(m.getWidth(), m.getHeight(), labels, classNames));
			EventQueue.invokeLater(() -> {
				if (index == i) updateOverlay();
				updateButtons();
			});
		}
		finally {
			delete(out);
		}
	}

	/** Stops training or prediction after the current step. */
	void cancel() {
		if (!busy()) return;
		cancel.set(true);
		status("Stopping after the current step...");
	}

	private void background(String what, Runnable task) {
		cancel.set(false);
		Thread t = new Thread(() -> {
			try {
				task.run();
			}
			catch (EngineException e) {
				if (e.kind() == EngineException.Kind.CANCELLED)
					status(what + " stopped. Nothing of this run was kept" + (segmenter != null ? "; the previous segmenter is still in use." : "."));
				else {
					status(what + " failed: " + ParameterText.forDialog(e.getMessage(), null));
					SslTemCommand.report("Annotate and Segment", e, null);
				}
			}
			catch (RuntimeException e) {
				status(what + " failed: " + e.getMessage());
				SslTemCommand.report("Annotate and Segment", new EngineException(EngineException.Kind.INTERNAL, e.toString(), null), null);
			}
			finally {
				worker = null;
				EventQueue.invokeLater(this::updateButtons);
			}
		}, "ssl-tem-window-" + what.toLowerCase(Locale.ROOT));
		t.setDaemon(true);
		worker = t;
		updateButtons();
		t.start();
	}

	private EngineProgress progress(String what) {
		return new EngineProgress() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				status(String.format(Locale.ROOT, "%s %d/%d: %s (Esc or Cancel stops)", what, done, total, message));
			}

			@Override
			public void log(String line) {}
		};
	}

	// ---- saving ---------------------------------------------------------------------------------------------------

	/** Saves the changed masks to masks/ beside the images; asks before replacing existing ones. Returns false if the user cancelled. */
	boolean saveMasks() {
		List<Integer> todo = new ArrayList<>(unsaved);
		if (todo.isEmpty()) {
			status("No unsaved masks.");
			return true;
		}
		List<Integer> existing = todo.stream().filter(i -> Files.exists(MaskFiles.maskFor(images.get(i)))).toList();
		boolean overwrite = false;
		if (!existing.isEmpty()) {
			String names = String.join(", ", existing.stream().limit(5).map(i -> MaskFiles.maskFor(images.get(i)).getFileName().toString()).toList())
				+ (existing.size() > 5 ? ", ..." : "");
			YesNoCancelDialog d = new YesNoCancelDialog(this, TITLE, existing.size() + " of the " + todo.size() + " masks to save exist already in "
				+ MaskFiles.maskFor(images.get(existing.get(0))).getParent() + ":\n" + names + "\n \nReplace them? (No saves only the new masks.)",
				"Replace", "Keep the old ones");
			if (d.cancelPressed()) {
				status("Nothing saved.");
				return false;
			}
			if (d.yesPressed()) overwrite = true;
			else todo.removeAll(existing);
		}
		int saved = 0;
		for (int i : todo) {
			try {
				MaskFiles.save(masks.get(i), MaskFiles.maskFor(images.get(i)), overwrite);
				unsaved.remove(i);
				saved++;
			}
			catch (RuntimeException e) {
				error("Could not save the mask of " + images.get(i).getFileName() + ": " + e.getMessage());
				break;
			}
		}
		status("Saved " + saved + " masks to " + MaskFiles.maskFor(images.get(0)).getParent()
			+ (unsaved.isEmpty() ? "." : "; " + unsaved.size() + " still unsaved."));
		updateButtons();
		return true;
	}

	// ---- display ----------------------------------------------------------------------------------------------------

	void updateOverlay() {
		if (imp == null || index < 0) return;
		Overlay ov = new Overlay();
		IndexMask p = predictions.get(index);
		if (p != null && showPrediction.getState()) {
			ov.add(imageRoi(p, false, PREDICTION, 0.25));
			ov.add(imageRoi(p, true, PREDICTION_OUTLINE, 1.0));
		}
		ov.add(imageRoi(masks.get(index), false, MASK, 0.45));
		imp.setOverlay(ov);
		updateLabel();
	}

	/** A class-coloured image of the mask (or of its class borders), background transparent. */
	static ImageRoi imageRoi(IndexMask m, boolean outline, String name, double opacity) {
		int w = m.width(), h = m.height();
		ColorProcessor cp = new ColorProcessor(w, h);
		int[] px = (int[]) cp.getPixels();
		int[] l = m.labels();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int c = l[y * w + x];
				if (c == 0) continue;
				if (outline && !(x == 0 || y == 0 || x == w - 1 || y == h - 1 || l[y * w + x - 1] != c || l[y * w + x + 1] != c || l[(y - 1) * w + x] != c
					|| l[(y + 1) * w + x] != c)) continue;
				px[y * w + x] = COLOURS[(c - 1) % COLOURS.length].getRGB() & 0xffffff;
			}
		ImageRoi r = new ImageRoi(0, 0, cp);
		r.setZeroTransparent(true);
		r.setOpacity(opacity);
		r.setName(name);
		return r;
	}

	private void updateButtons() {
		boolean idle = !busy();
		previous.setEnabled(index > 0);
		next.setEnabled(index < images.size() - 1);
		train.setEnabled(idle);
		predict.setEnabled(idle && segmenter != null);
		cancelButton.setEnabled(!idle);
		accept.setEnabled(predictions.containsKey(index));
		save.setEnabled(!unsaved.isEmpty());
		updateLabel();
	}

	private void updateLabel() {
		if (index < 0) return;
		imageLabel.setText(String.format(Locale.ROOT, "Image %d/%d: %s   (%d labelled, %d unsaved)%s", index + 1, images.size(),
			images.get(index).getFileName(), labelled.size(), unsaved.size(), segmenter == null ? "" : "   segmenter trained"));
	}

	private void status(String text) {
		if (EventQueue.isDispatchThread()) statusLabel.setText(text);
		else EventQueue.invokeLater(() -> statusLabel.setText(text));
	}

	private void error(String text) {
		status(text);
		IJ.error(TITLE, text);
	}

	// ---- for tests and for the user's own scripts ----------------------------------------------------------------------

	public boolean busy() {
		return worker != null;
	}

	public ImagePlus image() {
		return imp;
	}

	public int imageIndex() {
		return index;
	}

	public String status() {
		return statusLabel.getText();
	}

	/** The folder of the last trained segmenter (in a temporary folder deleted when the window closes), or null. */
	public Path segmenter() {
		return segmenter;
	}

	/** The temporary folder where training is staged and segmenters are kept until the window closes. */
	public Path workFolder() {
		return work;
	}

	// ---- closing --------------------------------------------------------------------------------------------------------

	@Override
	public void windowClosing(WindowEvent e) {
		if (!unsaved.isEmpty()) {
			YesNoCancelDialog d = new YesNoCancelDialog(this, TITLE, "Save the " + unsaved.size() + " unsaved masks before closing?");
			if (d.cancelPressed()) return;
			if (d.yesPressed() && !saveMasks()) return;
		}
		close();
	}

	@Override
	public void close() {
		cancel.set(true);
		Thread t = worker;
		if (t != null) try {
			t.join(30_000);
		}
		catch (InterruptedException ignored) {
			Thread.currentThread().interrupt();
		}
		if (imp != null) {
			imp.changes = false;
			imp.close();
		}
		delete(work);
		super.close();
	}

	private static void delete(Path dir) {
		if (dir == null || !Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ignored) {
			// a leftover temporary folder is harmless
		}
	}
}
