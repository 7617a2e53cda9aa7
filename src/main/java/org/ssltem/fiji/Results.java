package org.ssltem.fiji;

import ij.IJ;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Puts engine results where Fiji users look: named ResultsTables, plot windows and the Log. */
public final class Results {

	private Results() {}

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

	/** Shows a table under its title; headless, there is no window, so nothing is shown. */
	public static void show(ResultsTable rt, String title) {
		if (!GraphicsEnvironment.isHeadless()) rt.show(title);
	}

	public static void show(Plot plot) {
		if (!GraphicsEnvironment.isHeadless()) plot.show();
	}

	/** Opens a PNG the engine wrote as an image window; headless, nothing is shown. */
	public static void showImage(Path png, String title) {
		if (GraphicsEnvironment.isHeadless()) return;
		ij.ImagePlus imp = IJ.openImage(png.toString());
		if (imp == null) throw new java.io.UncheckedIOException(new IOException("could not open " + png));
		imp.setTitle(title);
		imp.show();
	}

	/** A one-line summary: in the Log window, or on standard output when headless. */
	public static void log(String line) {
		if (GraphicsEnvironment.isHeadless()) System.out.println(line);
		else IJ.log(line);
	}
}
