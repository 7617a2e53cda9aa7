package org.ssltem.fiji.window;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.ImageWindow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.gui.YesNoCancelDialog;
import ij.io.DirectoryChooser;
import ij.plugin.Zoom;
import ij.plugin.frame.PlugInFrame;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.ssltem.annotate.AnnotationSession;
import org.ssltem.annotate.IndexMask;
import org.ssltem.annotate.KeepTraining;
import org.ssltem.annotate.MaskFiles;
import org.ssltem.api.EngineException;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.ParameterText;
import org.ssltem.api.Results;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;
import org.ssltem.api.SslTemEngine;
import org.ssltem.fiji.EngineLoader;
import org.ssltem.fiji.EngineTask;
import org.ssltem.fiji.SslTemCommand;

import java.awt.Button;
import java.awt.Canvas;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.Scrollbar;
import java.awt.TextArea;
import java.awt.TextField;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The microscopist's loop in one window, a thin view of an {@link AnnotationSession}: step through a folder of
 * images, paint strokes of each class with ImageJ's brush (or any selection, or the ROI Manager), erase strokes, Train
 * (a few seconds of training on windows around the strokes, warm-started from the previous round), look at the
 * prediction, Accept it where nothing is painted, correct, train again; Undo/Redo any stroke or Accept; save masks,
 * the project, the segmenter, or apply it to a folder.
 * <p>
 * Only painted pixels train (sparse labels, as in Labkit): a few strokes on a wire do not teach the model that the rest
 * of the wire is background. Labels show as a coloured overlay ({@value #MASK}: each class in its colour, background
 * too; unlabelled pixels clear); the prediction as a hatched fill with its outline ({@value #PREDICTION},
 * {@value #PREDICTION_OUTLINE}) in each class's colour, so the two are told apart.
 */
public class AnnotateAndSegmentWindow extends PlugInFrame {

	public static final String TITLE = "SSL-TEM: Annotate and Segment";
	public static final String MASK = "mask", PREDICTION = "prediction", PREDICTION_OUTLINE = "prediction outline";
	/** Class colours: index 0 (background), 1, 2, ... Unlabelled pixels are not drawn. */
	static final Color[] COLOURS = { new Color(60, 140, 255), new Color(255, 40, 40), new Color(40, 220, 40), new Color(255, 220, 0),
		new Color(255, 0, 255), new Color(0, 230, 230), new Color(255, 140, 0) };
	/** The ROI Manager's own names ("0012-0034", "0012-0034-0056"): such a ROI takes the chosen class. */
	private static final Pattern AUTOMATIC_ROI_NAME = Pattern.compile("\\d{4}-\\d{4}(-\\d{4})?");

	private final AnnotationSession session;
	private int index = -1;
	private ImagePlus imp;
	private volatile Thread worker;
	private volatile boolean closing;
	private boolean warmingUp;
	private final AtomicBoolean cancel = new AtomicBoolean();

	private final Label imageLabel = new Label();
	private final TextArea statusArea = new TextArea("", 3, 70, TextArea.SCROLLBARS_VERTICAL_ONLY);
	private final Choice classChoice = new Choice();
	private final ColourSwatch swatch = new ColourSwatch();
	private final TextField brushField = new TextField(4), windowField = new TextField(4), firstStepsField = new TextField(4), laterStepsField = new TextField(4);
	private final Scrollbar opacity = new Scrollbar(Scrollbar.HORIZONTAL, 45, 5, 0, 105);
	private final Checkbox showPrediction = new Checkbox("Show prediction", true), keepTrainingBox = new Checkbox("Keep training while I paint", false);
	/** Short rounds in the background after strokes, when {@link #keepTrainingBox} is ticked. */
	private final KeepTraining keepTraining = new KeepTraining(() -> EventQueue.invokeLater(this::roundAfterStrokes));
	private final Button previous = new Button("< Previous"), next = new Button("Next >"), addStroke = new Button("Add stroke to class"),
		erase = new Button("Erase stroke"), addManager = new Button("Add ROI Manager ROIs"), train = new Button("Train"), cancelButton = new Button("Cancel"),
		predict = new Button("Predict"), accept = new Button("Accept prediction"), undo = new Button("Undo"), redo = new Button("Redo"),
		save = new Button("Save masks"), saveProject = new Button("Save project..."), openProject = new Button("Open project..."),
		saveSegmenter = new Button("Save segmenter..."), apply = new Button("Apply to folder...");

	/**
	 * @param images     the images, in the order they are shown
	 * @param encoder    an encoder folder (output of Pretrain Encoder)
	 * @param classNames background first, then one name per class
	 */
	public AnnotateAndSegmentWindow(List<Path> images, Path encoder, List<String> classNames) {
		this(new AnnotationSession(images, encoder, checkedClasses(classNames), ENGINE, newWorkFolder(), AnnotationSession.Settings.DEFAULT));
	}

	public AnnotateAndSegmentWindow(AnnotationSession session) {
		super(TITLE);
		this.session = session;
		buildUi();
	}

	/** Opens a saved project in a new window (call on the event thread). */
	public static AnnotateAndSegmentWindow openProject(Path folder) {
		AnnotateAndSegmentWindow w = new AnnotateAndSegmentWindow(AnnotationSession.openProject(folder, ENGINE, newWorkFolder()));
		w.open();
		return w;
	}

	private static List<String> checkedClasses(List<String> names) {
		if (names.size() < 2 || names.size() > COLOURS.length)
			throw new IllegalArgumentException("classes must be 2 to " + COLOURS.length + " (background included), got " + names.size()
				+ ". Fix: set classes between 2 and " + COLOURS.length);
		return names;
	}

	static Path newWorkFolder() {
		try {
			return Files.createTempDirectory("ssl-tem-window-");
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not create a private folder for training: " + e.getMessage(), e);
		}
	}

	/** The engine through {@link EngineTask}: progress in ImageJ's status bar, Esc stops. */
	static final AnnotationSession.Engine ENGINE = new AnnotationSession.Engine() {
		@Override
		public OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
			return EngineTask.run(operation, parameters, cancel, progress);
		}

		@Override
		public InteractiveSegmenter interactive(Path encoder, int classes) {
			return new WarmSegmenter(encoder, classes);
		}
	};

	/**
	 * The engine's in-memory segmenter, made inside the first call (on the worker, so loading the engine shows in the
	 * status bar too); each call runs as every engine call does: progress in ImageJ's status bar, Esc stops.
	 */
	static final class WarmSegmenter implements InteractiveSegmenter {
		private final Path encoder;
		private final int classes;
		private volatile InteractiveSegmenter engineSide;

		WarmSegmenter(Path encoder, int classes) {
			this.encoder = encoder;
			this.classes = classes;
		}

		private synchronized InteractiveSegmenter on(SslTemEngine engine) {
			if (engineSide == null) engineSide = engine.interactive(encoder, classes, "auto", 0);
			return engineSide;
		}

		@Override
		public Results.SegmenterTrained train(List<Example> examples, int window, int steps, Path previous, Path out, EngineProgress progress, AtomicBoolean cancel) {
			return EngineTask.call("train-segmenter", cancel, progress, (engine, p, c) -> on(engine).train(examples, window, steps, previous, out, p, c));
		}

		@Override
		public Segmentation predict(SegmentRequest request, ImagePlane image, EngineProgress progress, AtomicBoolean cancel) {
			return EngineTask.call("segment", cancel, progress, (engine, p, c) -> on(engine).predict(request, image, p, c));
		}

		@Override
		public void warmUp(int window, int width, int height, int tile, EngineProgress progress, AtomicBoolean cancel) {
			on(EngineLoader.engine()).warmUp(window, width, height, tile, progress, cancel); // quietly: nothing the user waits for
		}

		@Override
		public void close() {
			InteractiveSegmenter s = engineSide;
			if (s != null) s.close();
		}
	}

	private void buildUi() {
		for (String n : session.classNames()) classChoice.add(n);
		classChoice.select(1);
		AnnotationSession.Settings s = session.settings();
		brushField.setText(Integer.toString(s.brush()));
		windowField.setText(Integer.toString(s.window()));
		firstStepsField.setText(Integer.toString(s.firstSteps()));
		laterStepsField.setText(Integer.toString(s.laterSteps()));
		opacity.setValue((int) Math.round(100 * s.opacity()));
		opacity.setPreferredSize(new Dimension(140, 18));
		Panel rows = new Panel(new GridLayout(0, 1, 0, 2));
		rows.add(row(imageLabel));
		rows.add(row(previous, next, new Label("Brush px:"), brushField, new Label("Opacity:"), opacity));
		rows.add(row(new Label("Class:"), classChoice, swatch, addStroke, erase, addManager));
		rows.add(row(new Label("Window px:"), windowField, new Label("Steps first/later:"), firstStepsField, laterStepsField, train, cancelButton));
		rows.add(row(predict, accept, showPrediction, undo, redo, keepTrainingBox));
		rows.add(row(save, saveProject, openProject, saveSegmenter, apply));
		setLayout(new java.awt.BorderLayout(0, 4));
		add(rows, java.awt.BorderLayout.NORTH);
		statusArea.setEditable(false);
		add(statusArea, java.awt.BorderLayout.CENTER);
		previous.addActionListener(e -> show(index - 1));
		next.addActionListener(e -> show(index + 1));
		classChoice.addItemListener(e -> swatch.repaint());
		addStroke.addActionListener(e -> addStroke(classChoice.getSelectedIndex()));
		erase.addActionListener(e -> addStroke(IndexMask.UNLABELLED));
		addManager.addActionListener(e -> addRoiManager());
		train.addActionListener(e -> train());
		cancelButton.addActionListener(e -> cancel());
		predict.addActionListener(e -> predict());
		accept.addActionListener(e -> acceptPrediction());
		undo.addActionListener(e -> undo());
		redo.addActionListener(e -> redo());
		save.addActionListener(e -> saveMasks());
		saveProject.addActionListener(e -> {
			DirectoryChooser d = new DirectoryChooser("Save project to a new or empty folder");
			if (d.getDirectory() != null) saveProject(Path.of(d.getDirectory()));
		});
		openProject.addActionListener(e -> {
			DirectoryChooser d = new DirectoryChooser("Open project folder");
			if (d.getDirectory() != null) guarded(() -> openProject(Path.of(d.getDirectory())));
		});
		saveSegmenter.addActionListener(e -> {
			DirectoryChooser d = new DirectoryChooser("Save segmenter to a new or empty folder");
			if (d.getDirectory() != null) saveSegmenter(Path.of(d.getDirectory()));
		});
		apply.addActionListener(e -> {
			DirectoryChooser in = new DirectoryChooser("Apply to folder: the images");
			if (in.getDirectory() == null) return;
			DirectoryChooser out = new DirectoryChooser("Apply to folder: a new or empty folder for the results");
			if (out.getDirectory() != null) applyToFolder(Path.of(in.getDirectory()), Path.of(out.getDirectory()));
		});
		showPrediction.addItemListener(e -> updateOverlay());
		keepTrainingBox.addItemListener(e -> keepTraining.on(keepTrainingBox.getState()));
		opacity.addAdjustmentListener(e -> updateOverlay());
		brushField.addActionListener(e -> setBrush());
		KeyAdapter keys = new KeyAdapter() {
			@Override
			public void keyPressed(KeyEvent e) {
				if (e.getKeyCode() == KeyEvent.VK_ESCAPE) cancel();
				else if (e.isControlDown() && e.getKeyCode() == KeyEvent.VK_Z && !e.isShiftDown()) {
					undo();
					e.consume();
				}
				else if (e.isControlDown() && (e.getKeyCode() == KeyEvent.VK_Y || e.getKeyCode() == KeyEvent.VK_Z && e.isShiftDown())) {
					redo();
					e.consume();
				}
			}
		};
		addKeyListenerEverywhere(this, keys);
		this.keys = keys;
		status("Paint strokes of each class with the brush, press Add stroke to class after each; only painted pixels train. "
			+ "Then Train. Ctrl+Z / Ctrl+Y undo and redo.");
		for (String problem : session.takeProblems()) IJ.log("SSL-TEM: " + problem);
	}

	private KeyAdapter keys;
	/** How long the last training round took, as an estimate for the next one (null before the first). */
	private volatile Double lastRoundSeconds;

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
		pack();
		setSize(Math.max(getWidth(), 760), getHeight());
		setVisible(true);
		show(0);
		setBrush();
		updateButtons();
	}

	// ---- navigation and painting (event thread) ------------------------------------------------------------------

	/** Shows image {@code i} with its labels (and prediction, when there is one) as overlays. */
	void show(int i) {
		if (i < 0 || i >= session.images().size() || i == index && imp != null && imp.getWindow() != null) return;
		Path path = session.images().get(i);
		ImagePlus opened = IJ.openImage(path.toString());
		if (opened == null) {
			error(path + " could not be opened as an image. Fix: keep PNG, TIFF or JPEG images in the folder, or move this file away.");
			return;
		}
		java.awt.Point at = imp != null && imp.getWindow() != null ? imp.getWindow().getLocation() : null;
		if (imp != null) {
			imp.changes = false;
			imp.close();
		}
		index = i;
		imp = opened;
		session.labels(i, imp.getWidth(), imp.getHeight());
		imp.show();
		ImageWindow w = imp.getWindow();
		if (w != null) {
			if (at != null) w.setLocation(at);
			int side = Math.max(imp.getWidth(), imp.getHeight());
			if (side < 256) Zoom.set(imp, Math.min(8, Math.floor(384.0 / side)));
			w.getCanvas().addKeyListener(keys);
			// ImageJ may still move or grow the image window after show() (zoom, its own placement), and so may the user:
			// when it comes over the panel, the panel moves beside it again
			w.addComponentListener(new java.awt.event.ComponentAdapter() {
				@Override
				public void componentResized(java.awt.event.ComponentEvent e) {
					if (getBounds().intersects(w.getBounds())) placeBeside(w);
				}

				@Override
				public void componentMoved(java.awt.event.ComponentEvent e) {
					componentResized(e);
				}
			});
		}
		IJ.setTool("brush");
		setBrush();
		placeBeside(w);
		updateOverlay();
		updateButtons();
		for (String problem : session.takeProblems()) IJ.log("SSL-TEM: " + problem);
	}

	/** Puts the panel beside the image (right, else left, else below), never over it, and in front, so a click meant for a button never paints. */
	private void placeBeside(ImageWindow w) {
		if (w == null || !isShowing()) return;
		Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
		Rectangle img = w.getBounds();
		int x = img.x + img.width + 8, y = img.y;
		if (x + getWidth() > screen.x + screen.width) {
			x = img.x - getWidth() - 8;
			if (x < screen.x) {
				x = Math.max(screen.x, img.x);
				y = Math.min(img.y + img.height + 8, screen.y + screen.height - getHeight());
			}
		}
		setLocation(x, Math.max(screen.y, y));
		toFront();
	}

	private void setBrush() {
		try {
			int px = Integer.parseInt(brushField.getText().trim());
			if (px < 1) throw new NumberFormatException();
			Toolbar.setBrushSize(px);
		}
		catch (NumberFormatException e) {
			error("Brush px must be a whole number of at least 1, got '" + brushField.getText().trim() + "'. Fix: type e.g. 12 and press Enter.");
		}
	}

	/** Paints the current selection with class {@code cls} ({@link IndexMask#UNLABELLED} erases). */
	void addStroke(int cls) {
		if (!imageShown()) return;
		Roi roi = imp.getRoi();
		if (roi == null) {
			error("There is no stroke to " + (cls == IndexMask.UNLABELLED ? "erase" : "add") + ". Fix: paint on the image with the brush (or draw any selection),"
				+ " then press " + (cls == IndexMask.UNLABELLED ? "Erase stroke." : "Add stroke to class."));
			return;
		}
		int n = session.paint(index, imp.getWidth(), imp.getHeight(), area(roi, imp.getWidth(), imp.getHeight()), cls,
			cls == IndexMask.UNLABELLED ? "erase" : "stroke of " + session.classNames().get(cls));
		imp.deleteRoi();
		changed();
		status(cls == IndexMask.UNLABELLED ? String.format(Locale.ROOT, "Erased %s on %s.", AnnotationSession.count(n, "labelled pixel"), name())
			: String.format(Locale.ROOT, "Added %s of %s on %s.", AnnotationSession.count(n, "pixel"), session.classNames().get(cls), name()));
	}

	/** The pixels a ROI covers: areas filled, lines drawn with their width. */
	static byte[] area(Roi roi, int width, int height) {
		ByteProcessor bp = new ByteProcessor(width, height);
		bp.setValue(1);
		if (roi.isLine()) bp.draw(roi);
		else bp.fill(roi);
		return (byte[]) bp.getPixels();
	}

	/**
	 * Paints the ROI Manager's ROIs: one named after a class (e.g. "background 2") takes that class, one with the ROI
	 * Manager's own name the chosen class; any other name is refused, nothing painted. The ROI Manager is left as it is.
	 */
	void addRoiManager() {
		if (!imageShown()) return;
		RoiManager rm = RoiManager.getInstance();
		if (rm == null || rm.getCount() == 0) {
			error("The ROI Manager is empty. Fix: draw a selection and press T (or Add in the ROI Manager) for each stroke, then press Add ROI Manager ROIs.");
			return;
		}
		Roi[] rois = rm.getRoisAsArray();
		List<String> unknown = new ArrayList<>();
		int[] classes = new int[rois.length];
		for (int k = 0; k < rois.length; k++) {
			classes[k] = classOf(rois[k]);
			if (classes[k] < 0) unknown.add(rois[k].getName());
		}
		if (!unknown.isEmpty()) {
			error("The ROI Manager holds ROIs named " + unknown + ", which are none of the classes " + session.classNames() + ". Nothing was painted."
				+ " Fix: rename them after a class (e.g. 'nanowire 2'), or delete them from the ROI Manager.");
			return;
		}
		long n = 0;
		for (int k = 0; k < rois.length; k++)
			n += session.paint(index, imp.getWidth(), imp.getHeight(), area(rois[k], imp.getWidth(), imp.getHeight()), classes[k],
				"ROI " + rois[k].getName() + " as " + session.classNames().get(classes[k]));
		changed();
		status("Added " + AnnotationSession.count(rois.length, "ROI") + " from the ROI Manager (" + AnnotationSession.count(n, "pixel") + ").");
	}

	int classOf(Roi roi) {
		return classOf(roi.getName(), session.classNames(), classChoice.getSelectedIndex());
	}

	/**
	 * The class a ROI's name gives ("nanowire", "nanowire 2", "background-3"; the longest matching class name wins), the
	 * chosen class for an unnamed ROI or one the ROI Manager named itself, or -1 for any other name.
	 */
	static int classOf(String roiName, List<String> classes, int chosen) {
		String name = roiName == null ? "" : roiName.trim().toLowerCase(Locale.ROOT);
		if (name.isEmpty() || AUTOMATIC_ROI_NAME.matcher(name).matches()) return chosen;
		int best = -1;
		for (int c = 0; c < classes.size(); c++) {
			String cls = classes.get(c).toLowerCase(Locale.ROOT);
			if ((name.equals(cls) || name.startsWith(cls + " ") || name.startsWith(cls + "-")) && (best < 0 || cls.length() > classes.get(best).length())) best = c;
		}
		return best;
	}

	/** Fills the unpainted pixels with the prediction; painted pixels keep their class. Undo takes it back. */
	void acceptPrediction() {
		if (session.prediction(index) == null) {
			error("There is no prediction for this image yet. Fix: press Train (or Predict, once a segmenter is trained) first.");
			return;
		}
		int n = session.accept(index);
		changed();
		status("Accepted the prediction into " + AnnotationSession.count(n, "unpainted pixel") + " of " + name()
			+ "; your strokes were kept. Correct with the brush, Train again, or Undo.");
	}

	void undo() {
		String what = session.nextUndo();
		int i = session.undo();
		if (i < 0) {
			status("Nothing to undo.");
			return;
		}
		if (i != index) show(i);
		changed();
		status("Undone: " + what + ". Redo (Ctrl+Y) brings it back.");
	}

	void redo() {
		String what = session.nextRedo();
		int i = session.redo();
		if (i < 0) {
			status("Nothing to redo.");
			return;
		}
		if (i != index) show(i);
		changed();
		status("Redone: " + what + ".");
	}

	private void changed() {
		updateOverlay();
		updateButtons();
		keepTraining.changed();
		if (!warmingUp && session.segmenter() == null) warmUp();
	}

	/**
	 * At the first stroke, the networks are built in the background while the user paints on, so the first Train does
	 * not wait for them. Quiet: a problem (e.g. with the encoder) shows when Train is pressed.
	 */
	private void warmUp() {
		warmingUp = true;
		int shown = index;
		Thread t = new Thread(() -> {
			try {
				session.warmUp(shown, null, cancel);
			}
			catch (RuntimeException | LinkageError e) {
				// reported by Train, where the user can act on it
			}
		}, "ssl-tem-window-warm-up");
		t.setDaemon(true);
		t.start();
	}

	/** A round that "Keep training while I paint" asked for: only when two classes are labelled and nothing else runs. */
	private void roundAfterStrokes() {
		if (closing || !session.canTrain()) keepTraining.ended(); // waits for the next stroke
		else if (busy()) keepTraining.deferred(); // starts when the running work ends
		else train();
	}

	private boolean imageShown() {
		if (imp == null || imp.getWindow() == null) {
			int i = index;
			index = -1;
			show(Math.max(0, i));
		}
		return imp != null;
	}

	private String name() {
		return session.images().get(index).getFileName().toString();
	}

	// ---- training and prediction (worker thread) ------------------------------------------------------------------

	/** Trains on every labelled image (strokes as they are), then predicts the current image. */
	void train() {
		if (busy() || !applySettings()) {
			keepTraining.ended();
			return;
		}
		keepTraining.started();
		int shown = index;
		Double last = lastRoundSeconds;
		status("Training round " + (session.rounds() + 1) + " on " + AnnotationSession.count(session.labelledImages().size(), "labelled image")
			+ (last == null ? "..." : String.format(Locale.ROOT, "; the last round took %.0f s...", last)));
		background("Training", () -> {
			AnnotationSession.Round r = session.train(progress("Training"), cancel);
			lastRoundSeconds = r.seconds();
			String trained = String.format(Locale.ROOT, "Segmenter trained (round %d): %s, %s, loss %.3f -> %.3f, %.0f s.", r.number(),
				AnnotationSession.count(r.images(), "image"), AnnotationSession.count(r.steps(), "step"), r.firstLoss(), r.lastLoss(), r.seconds());
			IJ.log("SSL-TEM: " + trained);
			status(trained + " Predicting...");
			try {
				session.predict(shown, progress("Predicting"), cancel);
			}
			catch (EngineException e) {
				if (e.kind() != EngineException.Kind.CANCELLED) throw e;
				status(trained + " The prediction was stopped; the new segmenter is kept (press Predict).");
				return;
			}
			EventQueue.invokeLater(() -> {
				if (index == shown) updateOverlay();
			});
			status(trained + " " + predictionShownText());
		});
	}

	/** The panel's fields become the session's settings (saved with the project); false, with an error dialog, when one is not valid. */
	private boolean applySettings() {
		try {
			AnnotationSession.Settings d = AnnotationSession.Settings.DEFAULT;
			session.settings(new AnnotationSession.Settings(number(windowField, "Window px", d.window()), number(firstStepsField, "Steps (first round)", d.firstSteps()),
				number(laterStepsField, "Steps (later rounds)", d.laterSteps()), opacity.getValue() / 100.0, number(brushField, "Brush px", d.brush())));
			return true;
		}
		catch (IllegalArgumentException e) {
			error(e.getMessage());
			return false;
		}
	}

	private static int number(TextField f, String what, int example) {
		try {
			return Integer.parseInt(f.getText().trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(what + " must be a whole number, got '" + f.getText().trim() + "'. Fix: type e.g. " + example);
		}
	}

	private String predictionShownText() {
		return showPrediction.getState() ? "Prediction shown: Accept it where you have not painted, correct with the brush, Train again."
			: "Prediction made; it is hidden because Show prediction is off (tick it to see it).";
	}

	/** Predicts the current image with the last trained segmenter. */
	void predict() {
		if (busy()) return;
		if (session.segmenter() == null) {
			error("There is no segmenter yet. Fix: paint a few strokes of each class and press Train first.");
			return;
		}
		int shown = index;
		background("Predicting", () -> {
			session.predict(shown, progress("Predicting"), cancel);
			EventQueue.invokeLater(() -> {
				if (index == shown) updateOverlay();
			});
			status("Predicted " + session.images().get(shown).getFileName() + ". " + predictionShownText());
		});
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
					status(what + " stopped. Nothing of this run was kept" + (session.segmenter() != null ? "; the previous segmenter is still in use." : "."));
				else {
					status(what + " failed: " + ParameterText.forDialog(e.getMessage(), null));
					SslTemCommand.report("Annotate and Segment", e, null);
				}
			}
			catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
				status(what + " not started: " + e.getMessage());
				IJ.error(TITLE, wrap(e.getMessage()));
			}
			catch (RuntimeException e) {
				status(what + " failed: " + e);
				SslTemCommand.report("Annotate and Segment", new EngineException(EngineException.Kind.INTERNAL, e.toString(), null), null);
			}
			finally {
				worker = null;
				EventQueue.invokeLater(() -> {
					updateButtons();
					keepTraining.ended(); // strokes painted meanwhile train now, when Keep training is on
				});
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

	// ---- saving, projects, applying --------------------------------------------------------------------------------

	/** Saves the changed labels to masks/ beside the images (255 where unpainted); asks before replacing existing ones. Returns false if the user cancelled. */
	boolean saveMasks() {
		List<Integer> todo = new ArrayList<>(session.unsaved());
		if (todo.isEmpty()) {
			status("No unsaved masks.");
			return true;
		}
		List<Integer> existing = todo.stream().filter(i -> Files.exists(MaskFiles.maskFor(session.images().get(i)))).toList();
		boolean overwrite = false;
		if (!existing.isEmpty()) {
			String names = String.join(", ", existing.stream().limit(5).map(i -> MaskFiles.maskFor(session.images().get(i)).getFileName().toString()).toList())
				+ (existing.size() > 5 ? ", ..." : "");
			YesNoCancelDialog d = new YesNoCancelDialog(this, TITLE, AnnotationSession.count(existing.size(), "mask") + " of the " + todo.size() + " to save exist already in "
				+ MaskFiles.maskFor(session.images().get(existing.get(0))).getParent() + ":\n" + names
				+ "\n \nReplace them, Keep the old ones (saves only the new masks), or Cancel (saves nothing)?", "Replace", "Keep the old ones");
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
				session.saveMask(i, overwrite);
				saved++;
			}
			catch (RuntimeException e) {
				error("Could not save the mask of " + session.images().get(i).getFileName() + ": " + e.getMessage());
				break;
			}
		}
		int left = session.unsaved().size();
		status("Saved " + AnnotationSession.count(saved, "mask") + " to " + MaskFiles.maskFor(session.images().get(0)).getParent()
			+ (left == 0 ? "." : "; " + left + " still unsaved."));
		updateButtons();
		return true;
	}

	public void saveProject(Path folder) {
		if (!applySettings()) return;
		guarded(() -> {
			session.saveProject(folder);
			status("Project saved to " + folder + " (images list, labels, segmenter, settings). Open it again with Open project...");
		});
	}

	public void saveSegmenter(Path folder) {
		guarded(() -> {
			session.saveSegmenter(folder);
			status("Segmenter saved to " + folder + ": use it with Segment Image, Segment Folder or 'ssl-tem segment'.");
		});
	}

	/** Segments every image of {@code in} into {@code out} (probabilities/ and masks/), off the event thread. */
	public void applyToFolder(Path in, Path out) {
		if (busy()) return;
		background("Applying", () -> {
			Results.Segmented r = session.applyToFolder(in, out, progress("Applying"), cancel);
			status(String.format(Locale.ROOT, "Segmented %s of %s in %.0f s: masks and probabilities in %s.", AnnotationSession.count(r.images(), "image"), in,
				r.seconds(), out));
		});
	}

	private void guarded(Runnable r) {
		try {
			r.run();
		}
		catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
			error(e.getMessage());
		}
	}

	// ---- display ----------------------------------------------------------------------------------------------------

	void updateOverlay() {
		if (imp == null || index < 0) return;
		double alpha = opacity.getValue() / 100.0;
		Overlay ov = new Overlay();
		IndexMask p = session.prediction(index);
		if (p != null && showPrediction.getState()) {
			ov.add(imageRoi(p, Style.HATCHED, PREDICTION, Math.min(1, alpha + 0.2)));
			ov.add(imageRoi(p, Style.OUTLINE, PREDICTION_OUTLINE, 1.0));
		}
		ov.add(imageRoi(session.labels(index, imp.getWidth(), imp.getHeight()), Style.SOLID, MASK, alpha));
		imp.setOverlay(ov);
		updateLabel();
	}

	enum Style { SOLID, HATCHED, OUTLINE }

	/**
	 * A class-coloured image of labels, unlabelled pixels transparent. A prediction (hatched or outlined) leaves its
	 * background out, so it never hides the image.
	 */
	static ImageRoi imageRoi(IndexMask m, Style style, String name, double opacity) {
		int w = m.width(), h = m.height();
		ColorProcessor cp = new ColorProcessor(w, h);
		int[] px = (int[]) cp.getPixels();
		int[] l = m.labels();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int c = l[y * w + x];
				if (c == IndexMask.UNLABELLED || c == 0 && style != Style.SOLID) continue;
				if (style == Style.HATCHED && (x + y) % 4 != 0) continue;
				if (style == Style.OUTLINE && !(x == 0 || y == 0 || x == w - 1 || y == h - 1 || l[y * w + x - 1] != c || l[y * w + x + 1] != c
					|| l[(y - 1) * w + x] != c || l[(y + 1) * w + x] != c)) continue;
				px[y * w + x] = COLOURS[c % COLOURS.length].getRGB() & 0xffffff | 0x010101; // never 0, which is transparent
			}
		ImageRoi r = new ImageRoi(0, 0, cp);
		r.setZeroTransparent(true);
		r.setOpacity(opacity);
		r.setName(name);
		return r;
	}

	private void updateButtons() {
		boolean idle = !busy();
		boolean trained = session.segmenter() != null;
		previous.setEnabled(index > 0);
		next.setEnabled(index < session.images().size() - 1);
		train.setEnabled(idle);
		predict.setEnabled(idle && trained);
		cancelButton.setEnabled(!idle);
		accept.setEnabled(index >= 0 && session.prediction(index) != null);
		undo.setEnabled(session.nextUndo() != null);
		redo.setEnabled(session.nextRedo() != null);
		save.setEnabled(!session.unsaved().isEmpty());
		saveSegmenter.setEnabled(trained);
		apply.setEnabled(idle && trained);
		updateLabel();
	}

	private void updateLabel() {
		if (index < 0) return;
		int rounds = session.rounds();
		imageLabel.setText(String.format(Locale.ROOT, "Image %d/%d: %s   (%d labelled, %d unsaved)   %s", index + 1, session.images().size(), name(),
			session.labelledImages().size(), session.unsaved().size(), session.segmenter() == null ? "no segmenter yet" : "segmenter trained, round " + rounds));
	}

	private void status(String text) {
		if (EventQueue.isDispatchThread()) statusArea.setText(text);
		else EventQueue.invokeLater(() -> statusArea.setText(text));
	}

	private void error(String text) {
		status(text);
		IJ.error(TITLE, wrap(text));
	}

	static String wrap(String text) {
		return SslTemCommand.wrap(text);
	}

	/** A square in the chosen class's colour. */
	private final class ColourSwatch extends Canvas {
		ColourSwatch() {
			setPreferredSize(new Dimension(16, 16));
		}

		@Override
		public void paint(Graphics g) {
			g.setColor(COLOURS[Math.max(0, classChoice.getSelectedIndex()) % COLOURS.length]);
			g.fillRect(0, 0, getWidth(), getHeight());
		}
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
		return statusArea.getText();
	}

	public AnnotationSession session() {
		return session;
	}

	/** The folder of the last trained segmenter (in the private work folder, deleted when the window closes), or null. */
	public Path segmenter() {
		return session.segmenter();
	}

	/** The private folder where training is staged and segmenters are kept until the window closes. */
	public Path workFolder() {
		return session.work();
	}

	// ---- closing --------------------------------------------------------------------------------------------------------

	@Override
	public void windowClosing(WindowEvent e) {
		int unsaved = session.unsaved().size();
		if (unsaved > 0) {
			YesNoCancelDialog d = new YesNoCancelDialog(this, TITLE, "Save the " + AnnotationSession.count(unsaved, "unsaved mask") + " before closing?");
			if (d.cancelPressed()) return;
			if (d.yesPressed() && !saveMasks()) return;
		}
		close();
	}

	@Override
	public void close() {
		closing = true;
		keepTraining.on(false);
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
		session.close();
		super.close();
	}
}
