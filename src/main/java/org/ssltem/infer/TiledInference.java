package org.ssltem.infer;

import org.ssltem.core.CancelToken;
import org.ssltem.data.GreyImage;
import org.ssltem.data.Padding;
import org.ssltem.data.Tiler;

/**
 * Segments an image of any size at its native resolution: overlapping square tiles go through the network one at
 * a time and their probabilities are blended with weights that ramp linearly from the tile's edge over the
 * overlap, so seams vanish and no tile's border (where the network sees zero padding) dominates. Tiles are
 * edge-aligned ({@link Tiler#origins}), so the image is never resized; only an image smaller than a tile is padded
 * (edge pixels repeated) and cropped back.
 */
public final class TiledInference {

	/** Probabilities of one {@code tile × tile} patch, {@code [tile, tile, channels]} row-major. */
	@FunctionalInterface
	public interface TilePredictor {
		float[] predict(float[] tilePixels);
	}

	private TiledInference() {}

	/**
	 * @return {@code [height, width, channels]} probabilities
	 */
	public static float[] predict(GreyImage image, int tile, int overlap, int channels, TilePredictor predictor, CancelToken cancel) {
		if (overlap < 0 || overlap >= tile) throw new IllegalArgumentException("overlap must be in [0, tile), got " + overlap + " for tile " + tile);
		int w = Math.max(tile, image.width), h = Math.max(tile, image.height);
		float[] px = w == image.width && h == image.height ? image.pixels : Padding.replicate(image.pixels, image.width, image.height, w, h);
		int stride = tile - overlap;
		int[] xs = Tiler.origins(w, tile, stride), ys = Tiler.origins(h, tile, stride);
		float[] ramp = ramp(tile, overlap);
		float[] sum = new float[w * h * channels];
		float[] weight = new float[w * h];
		float[] patch = new float[tile * tile];
		for (int y0 : ys)
			for (int x0 : xs) {
				if (cancel != null) cancel.throwIfCancelled();
				for (int y = 0; y < tile; y++) System.arraycopy(px, (y0 + y) * w + x0, patch, y * tile, tile);
				float[] p = predictor.predict(patch);
				for (int y = 0; y < tile; y++)
					for (int x = 0; x < tile; x++) {
						float wt = ramp[x] * ramp[y];
						int o = (y0 + y) * w + x0 + x;
						weight[o] += wt;
						for (int c = 0; c < channels; c++) sum[o * channels + c] += wt * p[(y * tile + x) * channels + c];
					}
			}
		for (int i = 0; i < weight.length; i++)
			for (int c = 0; c < channels; c++) sum[i * channels + c] /= weight[i];
		return w == image.width && h == image.height ? sum : Padding.crop(sum, w, image.width, image.height, channels);
	}

	/** 1 in the middle, falling linearly to 1/(overlap+1) at the tile's edges over {@code overlap} pixels. */
	static float[] ramp(int tile, int overlap) {
		float[] r = new float[tile];
		for (int i = 0; i < tile; i++) r[i] = Math.min(1f, Math.min(i + 1, tile - i) / (float) (overlap + 1));
		return r;
	}
}
