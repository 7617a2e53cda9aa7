package org.ssltem.report;

import org.ssltem.api.Csv;
import org.ssltem.core.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Counts of (true class, predicted class); rows are the true class, columns the prediction. */
public final class ConfusionMatrix implements java.io.Serializable {

	private final List<String> classNames;
	private final long[][] counts;

	public ConfusionMatrix(List<String> classNames) {
		this.classNames = List.copyOf(classNames);
		this.counts = new long[classNames.size()][classNames.size()];
	}

	public void add(int trueClass, int predicted) {
		counts[trueClass][predicted]++;
	}

	public void addAll(ConfusionMatrix other) {
		for (int i = 0; i < counts.length; i++)
			for (int j = 0; j < counts.length; j++) counts[i][j] += other.counts[i][j];
	}

	public long count(int trueClass, int predicted) {
		return counts[trueClass][predicted];
	}

	public long total() {
		long t = 0;
		for (long[] row : counts) for (long v : row) t += v;
		return t;
	}

	/** Fraction on the diagonal; NaN when empty. */
	public double accuracy() {
		long diag = 0;
		for (int i = 0; i < counts.length; i++) diag += counts[i][i];
		long t = total();
		return t == 0 ? Double.NaN : diag / (double) t;
	}

	public List<String> classNames() {
		return classNames;
	}

	/** {@code true\predicted,<class>,...} then one row per true class. */
	public String toCsv() {
		StringBuilder sb = new StringBuilder("true\\predicted");
		for (String c : classNames) sb.append(',').append(Csv.field(c));
		sb.append('\n');
		for (int i = 0; i < counts.length; i++) {
			sb.append(Csv.field(classNames.get(i)));
			for (long v : counts[i]) sb.append(',').append(v);
			sb.append('\n');
		}
		return sb.toString();
	}

	public void writeCsv(Path file) {
		AtomicFiles.writeString(file, toCsv());
	}

	/** A heat map with counts and row percentages, as PNG. */
	public void writePng(Path file, String title) {
		int n = classNames.size(), cell = 70, left = 150, top = 60, bottom = 110;
		int w = left + n * cell + 30, h = top + n * cell + bottom;
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString(title, 10, 20);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString(String.format(Locale.ROOT, "accuracy %.1f%% of %d", 100 * accuracy(), total()), 10, 38);
		for (int i = 0; i < n; i++) {
			long rowSum = 0;
			for (long v : counts[i]) rowSum += v;
			for (int j = 0; j < n; j++) {
				double frac = rowSum == 0 ? 0 : counts[i][j] / (double) rowSum;
				int shade = (int) Math.round(255 * (1 - frac));
				g.setColor(new Color(shade, shade, 255));
				g.fillRect(left + j * cell, top + i * cell, cell, cell);
				g.setColor(frac > 0.5 ? Color.WHITE : Color.BLACK);
				centred(g, Long.toString(counts[i][j]), left + j * cell + cell / 2, top + i * cell + cell / 2 - 2);
				centred(g, String.format(Locale.ROOT, "%.0f%%", 100 * frac), left + j * cell + cell / 2, top + i * cell + cell / 2 + 14);
			}
			g.setColor(Color.BLACK);
			g.drawString(shorten(classNames.get(i)), 8, top + i * cell + cell / 2 + 4);
		}
		for (int j = 0; j < n; j++) {
			Graphics2D r = (Graphics2D) g.create();
			r.translate(left + j * cell + cell / 2 + 4, top + n * cell + 8);
			r.rotate(Math.PI / 2);
			r.drawString(shorten(classNames.get(j)), 0, 0);
			r.dispose();
		}
		g.drawString("true class (rows), predicted (columns)", 10, h - 8);
		g.dispose();
		AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
	}

	private static String shorten(String s) {
		return s.length() > 18 ? s.substring(0, 17) + "…" : s;
	}

	private static void centred(Graphics2D g, String s, int x, int y) {
		FontMetrics fm = g.getFontMetrics();
		g.drawString(s, x - fm.stringWidth(s) / 2, y + fm.getAscent() / 2);
	}
}
