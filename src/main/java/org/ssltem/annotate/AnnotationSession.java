package org.ssltem.annotate;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;
import org.ssltem.api.EngineProgress;
import org.ssltem.api.ImagePlane;
import org.ssltem.api.InteractiveSegmenter;
import org.ssltem.api.LabelImage;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Results;
import org.ssltem.api.SegmentRequest;
import org.ssltem.api.Segmentation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The state of an annotate-and-segment session, without any window: the images, their sparse labels (a class per
 * labelled pixel, {@link IndexMask#UNLABELLED} elsewhere, as in Labkit), the predictions, the undo history, and the
 * segmenter trained from the labels. The window ({@code fiji.window.AnnotateAndSegmentWindow}) only shows it and
 * forwards clicks; a benchmark or a script drives it the same way.
 * <p>
 * Training is the engine's {@link InteractiveSegmenter}: the labelled images and their strokes as they are, in memory
 * (unlabelled pixels stay out of the loss), on {@link Settings#window}-px windows around the labelled pixels at the
 * images' own scale, each round continuing from the previous one; its networks stay loaded from round to round and
 * are freed by {@link #close}. Prediction runs on the same loaded networks.
 */
public final class AnnotationSession {

	/** The engine calls a session makes; {@code org.ssltem.api.SslTemEngine} has them all. */
	public interface Engine {
		OperationResult run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel);

		/** The segmenter the rounds train, its networks kept loaded until the session closes. */
		InteractiveSegmenter interactive(Path encoder, int classes);
	}

	/**
	 * How the loop trains and shows: window side in px (a multiple of 32), training steps of the first round and of later
	 * (warm-started) rounds, the mask overlay's opacity and the brush width in px.
	 */
	public record Settings(int window, int firstSteps, int laterSteps, double opacity, int brush) {

		public static final Settings DEFAULT = new Settings(256, 30, 15, 0.45, 12);

		public Settings {
			if (window < 32 || window % 32 != 0) throw new IllegalArgumentException("the training window must be a multiple of 32 px, at least 32, got " + window
				+ ". Fix: use e.g. 256");
			if (firstSteps < 1 || laterSteps < 1) throw new IllegalArgumentException("training steps must be at least 1. Fix: use e.g. 40 and 20");
			if (!(opacity >= 0 && opacity <= 1)) throw new IllegalArgumentException("opacity must be between 0 and 1, got " + opacity);
			if (brush < 1) throw new IllegalArgumentException("the brush must be at least 1 px wide, got " + brush);
		}
	}

	/** One undoable change of one image's labels: the pixels it touched, before and after. */
	record Edit(int image, String what, int[] pixels, int[] before, int[] after) {}

	/** A training round: the segmenter folder, its steps, first and last loss, and the wall time in s. */
	public record Round(int number, Path segmenter, int images, int steps, double firstLoss, double lastLoss, double seconds) {}

	/** The largest image predicted as one tile. */
	static final int WHOLE_IMAGE_TILE = 1024;

	public static final String PROJECT_FILE = "project.properties", LABELS = "labels", SEGMENTER = "segmenter";

	private final List<Path> images;
	private final List<String> classNames;
	private final Path encoder;
	private final Engine engine;
	private final Path work;
	private volatile Settings settings;
	private final Map<Integer, IndexMask> labels = new ConcurrentHashMap<>(), predictions = new ConcurrentHashMap<>();
	private final Set<Integer> unsaved = new TreeSet<>();
	private final Deque<Edit> undo = new ArrayDeque<>(), redo = new ArrayDeque<>();
	private final List<String> problems = new ArrayList<>();
	private volatile Path segmenter;
	private int rounds;
	/** Made at the first round or prediction, closed with the session. */
	private InteractiveSegmenter trainer;
	private boolean closed;

	/**
	 * @param images     the images, in the order they are shown
	 * @param encoder    an encoder folder (output of Pretrain Encoder)
	 * @param classNames background first, then one name per class
	 * @param work       a private folder for staging and segmenters, deleted by {@link #close}
	 */
	public AnnotationSession(List<Path> images, Path encoder, List<String> classNames, Engine engine, Path work, Settings settings) {
		if (images.isEmpty()) throw new IllegalArgumentException("no images to annotate. Fix: choose a folder that holds PNG, TIFF or JPEG images");
		if (classNames.size() < 2 || !"background".equalsIgnoreCase(classNames.get(0)))
			throw new IllegalArgumentException("classes must be background and at least one more, got " + classNames);
		this.images = List.copyOf(images);
		this.classNames = List.copyOf(classNames);
		this.encoder = encoder;
		this.engine = engine;
		this.work = work;
		this.settings = settings;
		for (int i = 0; i < images.size(); i++) {
			Path file = MaskFiles.maskFor(images.get(i));
			if (Files.exists(file)) readLabels(i, file);
		}
	}

	// ---- labels ------------------------------------------------------------------------------------------------

	/** Reads labels from an index mask (255 unlabelled in a sparse one); a mask that does not fit is left alone and reported in {@link #problems}. */
	private void readLabels(int i, Path file) {
		ImagePlus m = new Opener().openImage(file.toString());
		if (m == null || m.getBitDepth() == 24 || m.getBitDepth() == 32) {
			problems.add(file + " is not an 8 or 16-bit index mask; it is left alone and painting on " + images.get(i).getFileName() + " starts empty.");
			return;
		}
		ImageProcessor ip = m.getProcessor();
		int[] values = new int[ip.getWidth() * ip.getHeight()];
		for (int p = 0; p < values.length; p++) values[p] = ip.get(p);
		boolean sparse = LabkitFiles.isSparse(values);
		for (int p = 0; p < values.length; p++) {
			int v = values[p];
			if (v == MaskFiles.UNLABELLED_VALUE && (sparse || classNames.size() > 2)) v = IndexMask.UNLABELLED;
			else if (v == MaskFiles.UNLABELLED_VALUE && classNames.size() == 2) v = 1; // a classic 0/255 binary mask
			else if (v >= classNames.size()) {
				problems.add(file + " has the value " + v + " at (x " + p % ip.getWidth() + ", y " + p / ip.getWidth() + "), not one of the " + classNames.size()
					+ " classes " + classNames + ". It is left alone; open the session with as many classes as the mask has.");
				return;
			}
			values[p] = v;
		}
		labels.put(i, new IndexMask(ip.getWidth(), ip.getHeight(), values, classNames));
	}

	/** The labels of image {@code i} ({@code width × height}); all unlabelled when it has none yet. */
	public IndexMask labels(int i, int width, int height) {
		IndexMask m = labels.get(i);
		if (m != null && (m.width() != width || m.height() != height)) {
			problems.add("the labels of " + images.get(i).getFileName() + " are " + m.width() + "x" + m.height() + ", the image " + width + "x" + height
				+ "; they are set aside and painting starts empty.");
			labels.remove(i);
			m = null;
		}
		if (m == null) {
			int[] none = new int[width * height];
			Arrays.fill(none, IndexMask.UNLABELLED);
			m = new IndexMask(width, height, none, classNames);
			labels.put(i, m);
		}
		return m;
	}

	/** The labels of image {@code i} as they are, or null when it has none. */
	public IndexMask labelsOrNull(int i) {
		return labels.get(i);
	}

	/**
	 * Gives class {@code cls} to the pixels where {@code area} is non-zero ({@code IndexMask.UNLABELLED} erases); one
	 * undoable step. Returns the number of pixels that changed.
	 */
	public synchronized int paint(int i, int width, int height, byte[] area, int cls, String what) {
		if (cls != IndexMask.UNLABELLED && (cls < 0 || cls >= classNames.size()))
			throw new IllegalArgumentException("class " + cls + " is not one of " + classNames);
		int[] l = labels(i, width, height).labels();
		List<Integer> touched = new ArrayList<>();
		for (int p = 0; p < area.length; p++) if (area[p] != 0 && l[p] != cls) touched.add(p);
		return apply(i, what, touched, p -> cls);
	}

	/**
	 * Accepts the prediction of image {@code i} where the user has not labelled: hand labels stay as they are. One
	 * undoable step; returns the number of pixels that got a class.
	 */
	public synchronized int accept(int i) {
		IndexMask p = predictions.get(i);
		if (p == null) throw new IllegalStateException("there is no prediction for " + images.get(i).getFileName() + " yet. Fix: press Train or Predict first");
		int[] l = labels(i, p.width(), p.height()).labels();
		List<Integer> touched = new ArrayList<>();
		for (int q = 0; q < l.length; q++) if (l[q] == IndexMask.UNLABELLED) touched.add(q);
		return apply(i, "accept prediction", touched, q -> p.labels()[q]);
	}

	private int apply(int i, String what, List<Integer> touched, java.util.function.IntUnaryOperator value) {
		if (touched.isEmpty()) return 0;
		int[] l = labels.get(i).labels();
		int n = touched.size();
		int[] at = new int[n], before = new int[n], after = new int[n];
		for (int k = 0; k < n; k++) {
			at[k] = touched.get(k);
			before[k] = l[at[k]];
			after[k] = value.applyAsInt(at[k]);
			l[at[k]] = after[k];
		}
		undo.push(new Edit(i, what, at, before, after));
		redo.clear();
		unsaved.add(i);
		return n;
	}

	/** Undoes the last stroke, erase or accept; returns the image it changed, or -1 when there is nothing to undo. */
	public synchronized int undo() {
		return move(undo, redo, true);
	}

	public synchronized int redo() {
		return move(redo, undo, false);
	}

	private int move(Deque<Edit> from, Deque<Edit> to, boolean back) {
		Edit e = from.poll();
		if (e == null) return -1;
		int[] l = labels.get(e.image()).labels();
		int[] values = back ? e.before() : e.after();
		for (int k = 0; k < e.pixels().length; k++) l[e.pixels()[k]] = values[k];
		to.push(e);
		unsaved.add(e.image());
		return e.image();
	}

	/** "stroke of nanowire", or null: what Undo would take back. */
	public synchronized String nextUndo() {
		return undo.isEmpty() ? null : undo.peek().what();
	}

	public synchronized String nextRedo() {
		return redo.isEmpty() ? null : redo.peek().what();
	}

	/** Images with at least one labelled pixel (painted, accepted, or read from disk). */
	public List<Integer> labelledImages() {
		List<Integer> out = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			IndexMask m = labels.get(i);
			if (m != null && m.labelledCount() > 0) out.add(i);
		}
		return out;
	}

	/** True when at least two classes are labelled, so a round can train. */
	public boolean canTrain() {
		return classesLabelled(labelledImages()).size() >= 2;
	}

	private Set<Integer> classesLabelled(List<Integer> images) {
		Set<Integer> seen = new TreeSet<>();
		for (int i : images) for (int v : labels.get(i).labels()) if (v != IndexMask.UNLABELLED) seen.add(v);
		return seen;
	}

	// ---- training and prediction (call off the event thread) ------------------------------------------------------

	/**
	 * Trains on every labelled image with its labels as they are (windows around the labelled pixels, at native scale),
	 * warm-started from the previous round's segmenter. A stopped or failed round keeps the previous segmenter.
	 */
	public Round train(EngineProgress progress, AtomicBoolean cancel) {
		List<Integer> used = labelledImages();
		if (used.isEmpty()) throw new IllegalStateException("no image is labelled yet. Fix: paint a few strokes of each class, then press Train");
		Set<Integer> classesSeen = classesLabelled(used);
		if (classesSeen.size() < 2)
			throw new IllegalStateException("only " + classNames.get(classesSeen.iterator().next()) + " is labelled. Fix: paint strokes of at least two classes"
				+ " (e.g. some background too), then press Train");
		Settings s = settings;
		int number;
		synchronized (this) {
			number = rounds + 1; // counted once the round is done: a stopped round is no round
		}
		Path out = work.resolve("segmenter-" + number);
		Path previous = segmenter;
		try {
			// the images as they are read, the labels as they are painted: nothing is staged on disk
			List<InteractiveSegmenter.Example> examples = new ArrayList<>();
			for (int i : used) {
				IndexMask m = labels.get(i);
				ImagePlane plane = plane(i);
				if (plane.width() != m.width() || plane.height() != m.height())
					throw new IllegalStateException("the labels of " + images.get(i).getFileName() + " are " + m.width() + "x" + m.height() + ", the image "
						+ plane.width() + "x" + plane.height() + ". Fix: erase them and paint again");
				examples.add(new InteractiveSegmenter.Example(images.get(i).getFileName().toString(), plane,
					new LabelImage(m.width(), m.height(), m.labels().clone(), classNames)));
			}
			int steps = previous == null ? s.firstSteps() : s.laterSteps();
			Results.SegmenterTrained r = trainer().train(examples, s.window(), steps, previous, out, progress, cancel);
			segmenter = out;
			synchronized (this) {
				rounds = number;
			}
			delete(previous); // its decoder is the new one's starting point, and no longer needed
			predictions.clear(); // made by the older segmenter
			List<Double> loss = r.lossPerEpoch();
			double first = loss.isEmpty() ? Double.NaN : loss.get(0), last = loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1);
			return new Round(number, out, used.size(), r.epochs() * used.size(), first, last, r.wallTimeS());
		}
		finally {
			if (!out.equals(segmenter)) delete(out);
		}
	}

	/** The in-memory segmenter of this session, made on first use. */
	private synchronized InteractiveSegmenter trainer() {
		if (closed) throw new IllegalStateException("the session is closed");
		if (trainer == null) trainer = engine.interactive(encoder, classNames.size());
		return trainer;
	}

	/** Predicts image {@code i} with the latest segmenter, in memory; the prediction is kept for Accept. */
	public IndexMask predict(int i, EngineProgress progress, AtomicBoolean cancel) {
		Path seg = segmenter;
		if (seg == null) throw new IllegalStateException("there is no segmenter yet. Fix: label a few strokes of each class and press Train first");
		ImagePlane plane = plane(i);
		int tile = tile(plane.width(), plane.height());
		Segmentation r = trainer().predict(SegmentRequest.of(seg).withTile(tile, Math.min(64, tile / 4)), plane, progress, cancel);
		int[] l = r.labels().clone();
		for (int q = 0; q < l.length; q++) l[q] = Math.min(l[q], classNames.size() - 1);
		IndexMask m = new IndexMask(r.width(), r.height(), l, classNames);
		predictions.put(i, m);
		return m;
	}

	/** Up to 1024 px the whole image is one tile: no pixel is computed twice, about twice as fast as overlapping 512 px tiles. */
	static int tile(int width, int height) {
		int side = Math.max(width, height);
		return Math.max(32, Math.min(WHOLE_IMAGE_TILE, (side + 31) / 32 * 32));
	}

	/**
	 * Builds the networks for image {@code i} now, e.g. while the user paints the first strokes, so the first round
	 * and its prediction do not wait for them.
	 */
	public void warmUp(int i, EngineProgress progress, AtomicBoolean cancel) {
		ImagePlane plane = plane(i);
		trainer().warmUp(settings.window(), plane.width(), plane.height(), tile(plane.width(), plane.height()), progress, cancel);
	}

	/** The pixels of image {@code i} as ImageJ reads them. */
	public ImagePlane plane(int i) {
		ImagePlus imp = new Opener().openImage(images.get(i).toString());
		if (imp == null) throw new IllegalArgumentException(images.get(i) + " could not be opened as an image. Fix: keep PNG, TIFF or JPEG images in the folder");
		return new ImagePlane(imp.getWidth(), imp.getHeight(), imp.getProcessor().getPixels());
	}

	public IndexMask prediction(int i) {
		return predictions.get(i);
	}

	// ---- saving, projects, applying ---------------------------------------------------------------------------------

	/** Images whose labels changed since they were read or saved. */
	public synchronized Set<Integer> unsaved() {
		return new TreeSet<>(unsaved);
	}

	/** Saves the labels of image {@code i} to {@code masks/} beside it (255 where unlabelled). */
	public synchronized void saveMask(int i, boolean overwrite) {
		IndexMask m = labels.get(i);
		if (m == null) return;
		MaskFiles.save(m, MaskFiles.maskFor(images.get(i)), overwrite);
		unsaved.remove(i);
	}

	/**
	 * Saves the session as a project folder: {@value #PROJECT_FILE} (images, encoder, classes, settings), the labels of
	 * every labelled image in {@code labels/}, and the latest segmenter in {@code segmenter/}. Replaces an earlier save
	 * of the same project, never another folder's content.
	 */
	public synchronized void saveProject(Path folder) {
		Path file = folder.resolve(PROJECT_FILE);
		try {
			if (Files.isDirectory(folder) && !Files.exists(file))
				try (Stream<Path> s = Files.list(folder)) {
					if (s.findAny().isPresent())
						throw new IllegalArgumentException(folder + " is not empty and holds no " + PROJECT_FILE + ". Fix: choose a new or empty folder for the project");
				}
			Files.createDirectories(folder);
			Properties p = new Properties();
			p.setProperty("encoder", encoder.toAbsolutePath().toString());
			p.setProperty("classes", String.join(",", classNames));
			p.setProperty("images", Integer.toString(images.size()));
			for (int i = 0; i < images.size(); i++) p.setProperty("image." + i, images.get(i).toAbsolutePath().toString());
			Settings s = settings;
			p.setProperty("window", Integer.toString(s.window()));
			p.setProperty("first_steps", Integer.toString(s.firstSteps()));
			p.setProperty("later_steps", Integer.toString(s.laterSteps()));
			p.setProperty("opacity", Double.toString(s.opacity()));
			p.setProperty("brush", Integer.toString(s.brush()));
			p.setProperty("rounds", Integer.toString(rounds));
			delete(folder.resolve(LABELS));
			for (int i : labelledImages()) MaskFiles.save(labels.get(i), folder.resolve(LABELS).resolve(MaskFiles.maskFor(images.get(i)).getFileName()), true);
			if (segmenter != null) {
				delete(folder.resolve(SEGMENTER));
				copyTree(segmenter, folder.resolve(SEGMENTER));
			}
			MaskFiles.writeAtomically(file, true, tmp -> {
				try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
					p.store(w, "SSL-TEM annotate-and-segment project");
				}
			});
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not save the project to " + folder + ": " + e.getMessage(), e);
		}
	}

	/** Opens a project folder saved by {@link #saveProject}: its images, labels, segmenter and settings. */
	public static AnnotationSession openProject(Path folder, Engine engine, Path work) {
		Path file = folder.resolve(PROJECT_FILE);
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException(folder + " is not a project: it has no " + PROJECT_FILE + ". Fix: choose a folder saved with Save project");
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
		}
		try {
			List<Path> images = new ArrayList<>();
			for (int i = 0; i < Integer.parseInt(p.getProperty("images")); i++) {
				Path image = Path.of(p.getProperty("image." + i));
				if (!Files.exists(image)) throw new IllegalArgumentException(file + " lists " + image + ", which no longer exists. Fix: put the image back, or start a new session");
				images.add(image);
			}
			Settings s = new Settings(Integer.parseInt(p.getProperty("window")), Integer.parseInt(p.getProperty("first_steps")),
				Integer.parseInt(p.getProperty("later_steps")), Double.parseDouble(p.getProperty("opacity")), Integer.parseInt(p.getProperty("brush")));
			AnnotationSession session = new AnnotationSession(images, Path.of(p.getProperty("encoder")), List.of(p.getProperty("classes").split(",")), engine, work, s);
			session.labels.clear(); // the project's labels, not masks/ beside the images
			session.problems.clear();
			for (int i = 0; i < images.size(); i++) {
				Path l = folder.resolve(LABELS).resolve(MaskFiles.maskFor(images.get(i)).getFileName());
				if (Files.exists(l)) session.readLabels(i, l);
			}
			session.rounds = Integer.parseInt(p.getProperty("rounds", "0"));
			if (Files.isRegularFile(folder.resolve(SEGMENTER).resolve("segmenter.json"))) {
				Path copy = work.resolve("segmenter-opened");
				copyTree(folder.resolve(SEGMENTER), copy);
				session.segmenter = copy;
			}
			return session;
		}
		catch (NumberFormatException | NullPointerException e) {
			throw new IllegalArgumentException(file + " is damaged (" + e.getMessage() + "). Fix: save the project again from a running session");
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not open the project " + folder + ": " + e.getMessage(), e);
		}
	}

	/** Copies the latest segmenter to a new or empty folder, for Segment Image, Segment Folder or the CLI. */
	public void saveSegmenter(Path folder) {
		Path seg = segmenter;
		if (seg == null) throw new IllegalStateException("there is no segmenter yet. Fix: press Train first");
		try {
			if (Files.isDirectory(folder))
				try (Stream<Path> s = Files.list(folder)) {
					if (s.findAny().isPresent()) throw new IllegalArgumentException(folder + " is not empty. Fix: choose a new or empty folder for the segmenter");
				}
			copyTree(seg, folder);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not save the segmenter to " + folder + ": " + e.getMessage(), e);
		}
	}

	/** Segments every image of {@code in} with the latest segmenter into {@code out} (the engine's segment operation). */
	public Results.Segmented applyToFolder(Path in, Path out, EngineProgress progress, AtomicBoolean cancel) {
		Path seg = segmenter;
		if (seg == null) throw new IllegalStateException("there is no segmenter yet. Fix: press Train first");
		Map<String, String> p = new LinkedHashMap<>();
		p.put("segmenter", seg.toString());
		p.put("images", in.toString());
		p.put("out", out.toString());
		return (Results.Segmented) engine.run("segment", p, progress, cancel);
	}

	// ---- state for the view ---------------------------------------------------------------------------------------

	public List<Path> images() {
		return images;
	}

	public List<String> classNames() {
		return classNames;
	}

	public Path segmenter() {
		return segmenter;
	}

	public synchronized int rounds() {
		return rounds;
	}

	public Settings settings() {
		return settings;
	}

	public void settings(Settings s) {
		settings = s;
	}

	public Path work() {
		return work;
	}

	/** Masks on disk that could not be used, in words for the user; cleared when read. */
	public synchronized List<String> takeProblems() {
		List<String> out = new ArrayList<>(problems);
		problems.clear();
		return out;
	}

	/**
	 * Frees the networks and deletes the private work folder (segmenters not saved with Save segmenter or Save project
	 * are gone). Stop a round first: closing waits for it.
	 */
	public void close() {
		InteractiveSegmenter t;
		synchronized (this) {
			closed = true;
			t = trainer;
			trainer = null;
		}
		if (t != null) t.close();
		delete(work);
	}

	static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (Path p : (Iterable<Path>) s::iterator) {
				Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
	}

	static void delete(Path dir) {
		if (dir == null || !Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ignored) {
			// a leftover temporary folder is harmless
		}
	}

	/** "1 mask", "2 masks". */
	public static String count(long n, String thing) {
		return n + " " + thing + (n == 1 ? "" : "s");
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%d images, %d labelled, %d rounds", images.size(), labelledImages().size(), rounds);
	}
}
