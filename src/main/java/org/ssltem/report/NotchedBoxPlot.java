package org.ssltem.report;

import org.jfree.svg.SVGGraphics2D;
import org.ssltem.core.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Notched box plots of accuracy against labels per class, one box per encoder side by side in each group, like the
 * paper's Fig. 2C. Drawn with Java2D, so the same code writes PNG and (through JFreeSVG) SVG.
 */
public final class NotchedBoxPlot {

	private static final Color[] COLOURS = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
		new Color(0x9467bd), new Color(0x8c564b) };
	static final int WIDTH = 900, HEIGHT = 520;

	/** {@code stats[group][series]} (null where missing); groups are label counts, series are encoders. */
	public record Data(String title, String xLabel, String yLabel, List<String> groups, List<String> series, BoxStats[][] stats) {}

	private NotchedBoxPlot() {}

	public static void writePng(Data d, Path file) {
		BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		draw(g, d);
		g.dispose();
		AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
	}

	public static void writeSvg(Data d, Path file) {
		SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
		draw(g, d);
		AtomicFiles.write(file, out -> out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8)));
	}

	static void draw(Graphics2D g, Data d) {
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		int left = 70, right = 20, top = 50, bottom = 70 + 18 * ((d.series().size() + 2) / 3);
		int pw = WIDTH - left - right, ph = HEIGHT - top - bottom;
		double ymin = 0, ymax = 1;
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.setColor(Color.BLACK);
		centred(g, d.title(), WIDTH / 2.0, 25);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		// grid and y axis
		for (int t = 0; t <= 10; t++) {
			double v = ymin + t * (ymax - ymin) / 10;
			double y = top + ph * (1 - (v - ymin) / (ymax - ymin));
			g.setColor(new Color(0xe6e6e6));
			g.draw(new Line2D.Double(left, y, left + pw, y));
			g.setColor(Color.BLACK);
			String s = String.format(Locale.ROOT, "%.1f", v);
			g.drawString(s, left - 8 - g.getFontMetrics().stringWidth(s), (float) y + 4);
		}
		g.setColor(Color.BLACK);
		g.drawRect(left, top, pw, ph);
		Graphics2D r = (Graphics2D) g.create();
		r.translate(18, top + ph / 2.0);
		r.rotate(-Math.PI / 2);
		centred(r, d.yLabel(), 0, 0);
		r.dispose();
		int groups = d.groups().size(), series = d.series().size();
		double gw = pw / (double) Math.max(1, groups);
		double bw = Math.min(40, gw * 0.8 / Math.max(1, series));
		for (int gi = 0; gi < groups; gi++) {
			double cx = left + gw * (gi + 0.5);
			g.setColor(Color.BLACK);
			centred(g, d.groups().get(gi), cx, top + ph + 18);
			for (int si = 0; si < series; si++) {
				BoxStats b = d.stats()[gi][si];
				if (b == null) continue;
				double x0 = cx - bw * series / 2 + si * bw + bw * 0.1, x1 = x0 + bw * 0.8, xm = (x0 + x1) / 2, inset = (x1 - x0) * 0.25;
				java.util.function.DoubleUnaryOperator Y = v -> top + ph * (1 - (v - ymin) / (ymax - ymin));
				Color c = COLOURS[si % COLOURS.length];
				// whiskers
				g.setColor(Color.DARK_GRAY);
				g.setStroke(new BasicStroke(1f));
				g.draw(new Line2D.Double(xm, Y.applyAsDouble(b.q3()), xm, Y.applyAsDouble(b.whiskerHigh())));
				g.draw(new Line2D.Double(xm, Y.applyAsDouble(b.q1()), xm, Y.applyAsDouble(b.whiskerLow())));
				g.draw(new Line2D.Double(xm - inset, Y.applyAsDouble(b.whiskerHigh()), xm + inset, Y.applyAsDouble(b.whiskerHigh())));
				g.draw(new Line2D.Double(xm - inset, Y.applyAsDouble(b.whiskerLow()), xm + inset, Y.applyAsDouble(b.whiskerLow())));
				// notched box (matplotlib's outline: the notch may reach beyond the box when n is small)
				Path2D.Double box = new Path2D.Double();
				box.moveTo(x0, Y.applyAsDouble(b.q1()));
				box.lineTo(x0, Y.applyAsDouble(b.notchLow()));
				box.lineTo(x0 + inset, Y.applyAsDouble(b.median()));
				box.lineTo(x0, Y.applyAsDouble(b.notchHigh()));
				box.lineTo(x0, Y.applyAsDouble(b.q3()));
				box.lineTo(x1, Y.applyAsDouble(b.q3()));
				box.lineTo(x1, Y.applyAsDouble(b.notchHigh()));
				box.lineTo(x1 - inset, Y.applyAsDouble(b.median()));
				box.lineTo(x1, Y.applyAsDouble(b.notchLow()));
				box.lineTo(x1, Y.applyAsDouble(b.q1()));
				box.closePath();
				g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
				g.fill(box);
				g.setColor(c.darker());
				g.draw(box);
				g.setStroke(new BasicStroke(2f));
				g.setColor(Color.BLACK);
				g.draw(new Line2D.Double(x0 + inset, Y.applyAsDouble(b.median()), x1 - inset, Y.applyAsDouble(b.median())));
				g.setStroke(new BasicStroke(1f));
				g.setColor(c.darker());
				for (double o : b.outliers()) g.draw(new Ellipse2D.Double(xm - 2.5, Y.applyAsDouble(o) - 2.5, 5, 5));
			}
		}
		g.setColor(Color.BLACK);
		centred(g, d.xLabel(), left + pw / 2.0, top + ph + 38);
		// legend
		for (int si = 0; si < series; si++) {
			int row = si / 3, col = si % 3;
			double lx = left + col * (pw / 3.0), ly = top + ph + 52 + row * 18;
			g.setColor(COLOURS[si % COLOURS.length]);
			g.fillRect((int) lx, (int) ly, 14, 10);
			g.setColor(Color.BLACK);
			String name = d.series().get(si);
			g.drawString(name.length() > 40 ? name.substring(0, 39) + "…" : name, (float) lx + 20, (float) ly + 10);
		}
	}

	private static void centred(Graphics2D g, String s, double x, double y) {
		FontMetrics fm = g.getFontMetrics();
		g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) y);
	}
}
