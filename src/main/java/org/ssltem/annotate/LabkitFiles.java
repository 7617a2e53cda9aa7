package org.ssltem.annotate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labkit's files, read and written without Labkit:
 * <ul>
 * <li>{@code .labeling}: one JSON object with {@code interval} ({@code min}/{@code max}, inclusive), {@code labels}
 * (label name → list of {@code [x, y]} pixel coordinates) and {@code colors} (label name → ARGB). For big images
 * Labkit may store the labels on a shrunk interval; coordinates are then scaled by image size ÷ interval size.</li>
 * <li>{@code .tif} index images with a {@code .tif.labels} JSON whose {@code labelSets} names the labels of each
 * pixel value (a list indexed by value, or an object keyed by the value).</li>
 * </ul>
 * Mapping to an {@link IndexMask}: a label named "background" (any case) is 0, the other labels are 1, 2, ... in
 * file order, and pixels without a label stay {@link IndexMask#UNLABELLED} (a {@code .tif} value whose label set is
 * empty, or the value 255 of a sparse SSL-TEM mask without a {@code .labels} file, is unlabelled too).
 */
public final class LabkitFiles {

	private LabkitFiles() {}

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	/** Reads a {@code .labeling} file for an image of the given size. */
	public static IndexMask readLabeling(Path file, int width, int height) {
		JsonObject root = parse(file);
		if (!root.has("labels") || !root.get("labels").isJsonObject())
			throw bad(file, "has no \"labels\" object, so it is not a Labkit labeling");
		long[] min = { 0, 0 }, max = { width - 1L, height - 1L };
		if (root.has("interval")) {
			JsonObject iv = root.getAsJsonObject("interval");
			min = longs(file, iv.get("min"));
			max = longs(file, iv.get("max"));
		}
		long iw = max[0] - min[0] + 1, ih = max[1] - min[1] + 1;
		double sx = width / (double) iw, sy = height / (double) ih;
		if (iw < 1 || ih < 1 || sx < 1 || sy < 1 || Math.abs(sx - sy) > 0.01 * Math.max(sx, sy))
			throw bad(file, String.format(Locale.ROOT, "its interval is %dx%d px, which does not fit the %dx%d px image (Labkit stores the image's size, "
				+ "or a uniformly shrunk one). Fix: open the image this labeling was made on", iw, ih, width, height));
		List<String> names = new ArrayList<>();
		names.add("background");
		int[] labels = new int[width * height];
		java.util.Arrays.fill(labels, IndexMask.UNLABELLED);
		for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("labels").entrySet()) {
			int index = indexOf(names, e.getKey());
			for (JsonElement c : e.getValue().getAsJsonArray()) {
				long[] p = longs(file, c);
				long x = p[0] - min[0], y = p[1] - min[1];
				if (x < 0 || y < 0 || x >= iw || y >= ih)
					throw bad(file, "label '" + e.getKey() + "' has pixel (" + p[0] + ", " + p[1] + ") outside its own interval");
				int x0 = (int) Math.floor(x * sx), x1 = (int) Math.min(width, Math.floor((x + 1) * sx));
				int y0 = (int) Math.floor(y * sy), y1 = (int) Math.min(height, Math.floor((y + 1) * sy));
				for (int yy = y0; yy < Math.max(y1, y0 + 1); yy++)
					for (int xx = x0; xx < Math.max(x1, x0 + 1); xx++) labels[yy * width + xx] = index;
			}
		}
		return new IndexMask(width, height, labels, names);
	}

	/** Writes a mask as a {@code .labeling} on the image's own interval; unlabelled pixels are not listed. */
	public static void writeLabeling(IndexMask mask, Path file, boolean overwrite) {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("interval", Map.of("min", new long[] { 0, 0 }, "max", new long[] { mask.width() - 1L, mask.height() - 1L }));
		Map<String, List<int[]>> labels = new LinkedHashMap<>();
		Map<String, Integer> colors = new LinkedHashMap<>();
		for (int i = 0; i < mask.names().size(); i++) {
			labels.put(mask.names().get(i), new ArrayList<>());
			colors.put(mask.names().get(i), COLORS[i % COLORS.length]);
		}
		for (int y = 0; y < mask.height(); y++)
			for (int x = 0; x < mask.width(); x++) {
				int v = mask.at(x, y);
				if (v != IndexMask.UNLABELLED) labels.get(mask.names().get(v)).add(new int[] { x, y });
			}
		root.put("labels", labels);
		root.put("colors", colors);
		MaskFiles.writeAtomically(file, overwrite, tmp -> Files.writeString(tmp, GSON.toJson(root), StandardCharsets.UTF_8));
	}

	/**
	 * Reads a Labkit index {@code .tif} (or any index image, e.g. SSL-TEM's PNG masks) and its {@code .labels} sidecar;
	 * without one, SSL-TEM's convention names the values: 0 background, 1 nanowire, v "label v".
	 */
	public static IndexMask readIndexTif(Path tif) {
		ImagePlus imp = new Opener().openImage(tif.toString());
		if (imp == null) throw bad(tif, "could not be opened as an image");
		ImageProcessor ip = imp.getProcessor();
		int w = ip.getWidth(), h = ip.getHeight();
		Path sidecar = tif.resolveSibling(tif.getFileName() + ".labels");
		Map<Integer, List<String>> sets = new LinkedHashMap<>();
		if (Files.exists(sidecar)) {
			JsonElement ls = parse(sidecar).get("labelSets");
			if (ls == null) throw bad(sidecar, "has no \"labelSets\"");
			if (ls.isJsonArray()) for (int i = 0; i < ls.getAsJsonArray().size(); i++) sets.put(i, strings(ls.getAsJsonArray().get(i)));
			else for (var e : ls.getAsJsonObject().entrySet()) sets.put(Integer.parseInt(e.getKey().trim()), strings(e.getValue()));
		}
		List<String> names = new ArrayList<>();
		names.add("background");
		int[] values = new int[w * h];
		for (int i = 0; i < values.length; i++) values[i] = (int) ip.getf(i);
		if (sets.isEmpty() && ip.getBitDepth() == 8 && isSparse(values))
			for (int i = 0; i < values.length; i++) if (values[i] == MaskFiles.UNLABELLED_VALUE) values[i] = -1;
		int[] labels = new int[w * h];
		Map<Integer, Integer> cache = new LinkedHashMap<>();
		for (int i = 0; i < values.length; i++)
			labels[i] = cache.computeIfAbsent(values[i], value -> {
				if (value < 0) return IndexMask.UNLABELLED;
				List<String> set = sets.get(value);
				if (set == null) return value == 0 ? 0 : indexOf(names, value == 1 ? "nanowire" : "label " + value);
				if (set.isEmpty()) return IndexMask.UNLABELLED;
				for (String s : set) if (!"background".equalsIgnoreCase(s)) return indexOf(names, s);
				return 0;
			});
		return new IndexMask(w, h, labels, names);
	}

	/** A mask of 0, other classes and 255 is sparse (255 unlabelled); one of only 0 and 255 is a classic binary mask. */
	static boolean isSparse(int[] values) {
		boolean has255 = false, hasClass = false;
		for (int v : values) {
			if (v == MaskFiles.UNLABELLED_VALUE) has255 = true;
			else if (v != 0) hasClass = true;
		}
		return has255 && hasClass;
	}

	private static int indexOf(List<String> names, String name) {
		if ("background".equalsIgnoreCase(name)) return 0;
		int i = names.indexOf(name);
		if (i < 0) {
			names.add(name);
			i = names.size() - 1;
		}
		return i;
	}

	private static JsonObject parse(Path file) {
		try {
			return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
		}
		catch (JsonParseException | IllegalStateException e) {
			throw bad(file, "is not valid JSON (" + e.getMessage() + ")");
		}
	}

	private static long[] longs(Path file, JsonElement e) {
		if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() < 2) throw bad(file, "has a coordinate that is not [x, y]: " + e);
		JsonArray a = e.getAsJsonArray();
		return new long[] { a.get(0).getAsLong(), a.get(1).getAsLong() };
	}

	private static List<String> strings(JsonElement e) {
		List<String> l = new ArrayList<>();
		if (e.isJsonArray()) for (JsonElement s : e.getAsJsonArray()) l.add(s.getAsString());
		else l.add(e.getAsString());
		return l;
	}

	static IllegalArgumentException bad(Path file, String problem) {
		return new IllegalArgumentException(file + ": " + problem);
	}

	/** ARGB colours for exported labels: background grey, then red, green, blue, yellow, magenta, cyan. */
	private static final int[] COLORS = { 0xff808080, 0xffff0000, 0xff00ff00, 0xff0000ff, 0xffffff00, 0xffff00ff, 0xff00ffff };
}
