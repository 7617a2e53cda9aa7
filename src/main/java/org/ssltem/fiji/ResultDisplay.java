package org.ssltem.fiji;

import org.ssltem.api.Csv;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;

/** Puts engine results where Fiji users look: named ResultsTables, plot windows and the Log. */
public final class ResultDisplay {

	private ResultDisplay() {}

	public static final String LOSS_TABLE = "SSL-TEM pretraining loss", FEATURES_TABLE = "SSL-TEM features",
		TSNE_TABLE = "SSL-TEM t-SNE";

	/** Epoch and loss, one row per epoch. */
	public static ResultsTable lossTable(List<?> lossPerEpoch) {
		ResultsTable rt = new ResultsTable();
		for (int i = 0; i < lossPerEpoch.size(); i++) {
			rt.incrementCounter();
			rt.addValue("epoch", i + 1);
			rt.addValue("loss", ((Number) lossPerEpoch.get(i)).doubleValue());
		}
		return rt;
	}

	/** A training run's loss per epoch: as a table under {@code tableTitle}, and as a plot when there is any. */
	public static void showLoss(List<?> lossPerEpoch, String tableTitle) {
		show(lossTable(lossPerEpoch), tableTitle);
		if (!lossPerEpoch.isEmpty()) show(lossPlot(lossPerEpoch));
	}

	public static Plot lossPlot(List<?> lossPerEpoch) {
		double[] x = new double[lossPerEpoch.size()], y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			x[i] = i + 1;
			y[i] = ((Number) lossPerEpoch.get(i)).doubleValue();
		}
		Plot plot = new Plot("SSL-TEM loss per epoch", "epoch", "loss");
		plot.add("line", x, y);
		plot.add("circle", x, y);
		return plot;
	}

	/** The features CSV ({@code file,class,f0,...}) as a table: text columns stay text. */
	public static ResultsTable featuresTable(Path csv) {
		ResultsTable rt = new ResultsTable();
		try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			String[] header = r.readLine().split(",");
			for (String line; (line = r.readLine()) != null;) {
				if (line.isEmpty()) continue;
				String[] cells = line.split(",", -1);
				rt.incrementCounter();
				for (int i = 0; i < header.length && i < cells.length; i++) {
					if (i < 2) rt.addValue(header[i], cells[i]);
					else rt.addValue(header[i], Double.parseDouble(cells[i]));
				}
			}
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException("could not read " + csv, e);
		}
		return rt;
	}

	/** Any CSV with a header row as a table: cells that are numbers become numbers, the rest stay text. */
	public static ResultsTable csvTable(Path csv) {
		ResultsTable rt = new ResultsTable();
		try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			String first = r.readLine();
			if (first == null) return rt;
			List<String> header = Csv.split(first);
			for (String line; (line = r.readLine()) != null;) {
				if (line.isEmpty()) continue;
				List<String> cells = Csv.split(line);
				rt.incrementCounter();
				for (int i = 0; i < header.size() && i < cells.size(); i++) {
					String c = cells.get(i);
					try {
						rt.addValue(header.get(i), Double.parseDouble(c));
					}
					catch (NumberFormatException e) {
						rt.addValue(header.get(i), c);
					}
				}
			}
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException("could not read " + csv, e);
		}
		return rt;
	}

	/** Rows of an engine result (records of one type) as a table, one column per component, named in snake_case. */
	public static ResultsTable rowsTable(List<? extends Record> rows) {
		ResultsTable rt = new ResultsTable();
		for (Record r : rows) {
			rt.incrementCounter();
			for (RecordComponent c : r.getClass().getRecordComponents()) {
				Object v;
				try {
					v = c.getAccessor().invoke(r);
				}
				catch (ReflectiveOperationException e) {
					throw new IllegalStateException(e);
				}
				String column = c.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
				if (v instanceof Number n) rt.addValue(column, n.doubleValue());
				else rt.addValue(column, String.valueOf(v));
			}
		}
		return rt;
	}

	/**
	 * Opens a PNG the engine wrote (a boxplot, a confusion matrix) as an image window. Headless there is no window,
	 * except in a macro's batch mode, where the image joins the macro's batch-mode images.
	 */
	public static ImagePlus showImage(Path png, String title) {
		if (png == null || !Files.isRegularFile(png)) return null;
		ImagePlus imp = IJ.openImage(png.toString());
		if (imp == null) return null;
		imp.setTitle(title);
		show(imp);
		return imp;
	}

	/** Shows an image window; headless only into a macro's batch mode (a window would fail there). */
	public static void show(ImagePlus imp) {
		if (!GraphicsEnvironment.isHeadless() || IJ.isMacro() || ij.macro.Interpreter.isBatchMode()) imp.show();
	}

	/** Shows a table under its title; headless, there is no window, so nothing is shown. */
	public static void show(ResultsTable rt, String title) {
		if (!GraphicsEnvironment.isHeadless()) rt.show(title);
	}

	public static void show(Plot plot) {
		if (!GraphicsEnvironment.isHeadless()) plot.show();
	}

	/** A one-line summary: in the Log window, or on standard output when headless. */
	public static void log(String line) {
		if (GraphicsEnvironment.isHeadless()) System.out.println(line);
		else IJ.log(line);
	}
}
