package org.ssltem.synthetic;

import java.util.Arrays;

/**
 * Where the wires of one micrograph are drawn, before any optics: the exact ground-truth mask (pixel centre within a
 * wire's radius of its centre line), the projected wire thickness that the microscope model turns into contrast,
 * and the distance to the nearest wire edge (for stain pooling along wires). It also keeps wires apart when asked:
 * a wire drawn with a gap claims a keep-out zone of that width around itself, and {@link #fits} refuses a wire with
 * a pixel in someone else's zone, so two such wires' pixels end up more than the gap apart.
 */
final class WireCanvas {

	final int size;
	/** 1 = nanowire, 0 = background. */
	final byte[] mask;
	/** Sum over wires of shade x (anti-aliased cylinder profile): the wire material a beam passes through. */
	final float[] thickness;
	/** Distance in pixels from the nearest wire edge, for pixels outside wires and within {@code edgeReach}. */
	final float[] edge;
	private final double edgeReach;
	private final boolean[] keepOut;

	// per-wire scratch, kept between calls and reset only inside the last wire's box
	private final float[] nearestEdge, relativeDistance, nearestShade;
	private int x0, y0, x1 = -1, y1 = -1;

	WireCanvas(int size, double edgeReach) {
		this.size = size;
		this.edgeReach = edgeReach;
		int n = size * size;
		mask = new byte[n];
		thickness = new float[n];
		edge = new float[n];
		Arrays.fill(edge, Float.POSITIVE_INFINITY);
		keepOut = new boolean[n];
		nearestEdge = new float[n];
		relativeDistance = new float[n];
		nearestShade = new float[n];
		Arrays.fill(nearestEdge, Float.POSITIVE_INFINITY);
	}

	/** True when no pixel of the wire falls in the keep-out zone of a wire drawn before. */
	boolean fits(Wire wire) {
		if (!rasterize(wire, 0)) return true;
		for (int y = y0; y <= y1; y++)
			for (int x = x0, p = y * size + x0; x <= x1; x++, p++)
				if (nearestEdge[p] <= 0 && keepOut[p]) return false;
		return true;
	}

	/** Draws the wire; with gap &gt; 0 it also claims a keep-out zone {@code gap} pixels wide around it. */
	void draw(Wire wire, double gap) {
		if (!rasterize(wire, Math.max(gap, edgeReach))) return;
		for (int y = y0; y <= y1; y++)
			for (int x = x0, p = y * size + x0; x <= x1; x++, p++) {
				float e = nearestEdge[p];
				if (e == Float.POSITIVE_INFINITY) continue;
				if (e <= 0) mask[p] = 1;
				else if (e < edge[p]) edge[p] = e;
				if (e < 0.5f) {
					// coverage of the pixel by the wire times a cylinder's projected thickness, never quite 0 at the rim
					float coverage = Math.min(1f, 0.5f - e), u = Math.min(1f, relativeDistance[p]);
					thickness[p] += nearestShade[p] * coverage * (0.35f + 0.65f * (float) Math.sqrt(1 - u * u));
				}
				if (gap > 0 && e <= gap) keepOut[p] = true;
			}
	}

	boolean isEmpty() {
		for (byte b : mask)
			if (b != 0) return false;
		return true;
	}

	/**
	 * Fills the scratch buffers, inside the wire's box grown by {@code reach}, with the signed distance to the wire's
	 * edge (distance to the centre line minus the local radius), that distance relative to the radius, and the shade,
	 * all taken from the segment whose edge is nearest. Returns false when the box misses the image.
	 */
	private boolean rasterize(Wire w, double reach) {
		for (int y = y0; y <= y1; y++) Arrays.fill(nearestEdge, y * size + x0, y * size + x1 + 1, Float.POSITIVE_INFINITY);
		double maxR = 0, minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
		for (int i = 0; i < w.points(); i++) {
			maxR = Math.max(maxR, w.radius()[i]);
			minX = Math.min(minX, w.x()[i]);
			maxX = Math.max(maxX, w.x()[i]);
			minY = Math.min(minY, w.y()[i]);
			maxY = Math.max(maxY, w.y()[i]);
		}
		double grow = maxR + reach;
		x0 = Math.max(0, (int) Math.floor(minX - grow));
		y0 = Math.max(0, (int) Math.floor(minY - grow));
		x1 = Math.min(size - 1, (int) Math.ceil(maxX + grow));
		y1 = Math.min(size - 1, (int) Math.ceil(maxY + grow));
		if (x0 > x1 || y0 > y1) {
			x0 = y0 = 0;
			x1 = y1 = -1;
			return false;
		}
		for (int i = 0; i + 1 < w.points(); i++) segment(w, i, reach);
		if (w.points() == 1) segment(w, 0, reach);
		return true;
	}

	private void segment(Wire w, int i, double reach) {
		int j = Math.min(i + 1, w.points() - 1);
		double ax = w.x()[i], ay = w.y()[i], bx = w.x()[j], by = w.y()[j];
		double ra = w.radius()[i], rb = w.radius()[j], sa = w.shade()[i], sb = w.shade()[j];
		double grow = Math.max(ra, rb) + reach;
		int sx0 = Math.max(x0, (int) Math.floor(Math.min(ax, bx) - grow));
		int sx1 = Math.min(x1, (int) Math.ceil(Math.max(ax, bx) + grow));
		int sy0 = Math.max(y0, (int) Math.floor(Math.min(ay, by) - grow));
		int sy1 = Math.min(y1, (int) Math.ceil(Math.max(ay, by) + grow));
		double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
		for (int y = sy0; y <= sy1; y++) {
			for (int x = sx0, p = y * size + sx0; x <= sx1; x++, p++) {
				double t = len2 == 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
				t = t < 0 ? 0 : t > 1 ? 1 : t;
				double ex = x - ax - t * dx, ey = y - ay - t * dy;
				double d = Math.sqrt(ex * ex + ey * ey), r = ra + t * (rb - ra), e = d - r;
				if (e <= reach && e < nearestEdge[p]) {
					nearestEdge[p] = (float) e;
					relativeDistance[p] = (float) (d / r);
					nearestShade[p] = (float) (sa + t * (sb - sa));
				}
			}
		}
	}
}
