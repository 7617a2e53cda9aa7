package org.ssltem.infer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.testing.SharedData;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextureFeaturesTest {

	/** The 37 numbers equal scikit-image 0.19's (../shared/reference/texture_baseline.json) to 1e-6 on every listed image. */
	@Test
	void matchesScikitImageReference() throws Exception {
		List<JsonObject> cases = SharedData.referenceCases("reference/texture_baseline.json");
		assertEquals(8, cases.size());
		for (JsonObject c : cases) {
			Path image = SharedData.require(c.get("image").getAsString());
			GreyImage g = ImageFiles.readGrey(image);
			assertEquals(c.get("width").getAsInt(), g.width);
			assertEquals(c.get("height").getAsInt(), g.height);
			double[] v = TextureFeatures.of(g);
			JsonArray ref = c.getAsJsonArray("vector");
			assertEquals(TextureFeatures.WIDTH, ref.size());
			for (int j = 0; j < ref.size(); j++) assertEquals(ref.get(j).getAsDouble(), v[j], 1e-6, image.getFileName() + " element " + j);
		}
	}

	/** A vertical step edge of height 1: Sobel magnitude sqrt((1)^2/2) on the two columns beside it, zero elsewhere. */
	@Test
	void stepEdgeByHand() {
		GreyImage g = new GreyImage(6, 4);
		for (int y = 0; y < 4; y++) for (int x = 3; x < 6; x++) g.set(x, y, 1f);
		double[] v = TextureFeatures.of(g);
		assertEquals(0.5, v[0], 1e-12, "half the pixels in the first bin");
		assertEquals(0.5, v[TextureFeatures.BINS - 1], 1e-12, "value 1.0 falls in the closed last bin");
		assertEquals(0.5, v[TextureFeatures.BINS], 1e-12, "mean");
		assertEquals(0.5, v[TextureFeatures.BINS + 1], 1e-12, "biased std");
		// columns 2 and 3: Sh = (0-1)(1+2+1)/4 = -1, Sv = 0 -> sqrt(1/2)
		double m = Math.sqrt(0.5);
		assertEquals(m * 8 / 24, v[TextureFeatures.BINS + 2], 1e-12, "mean magnitude");
		assertEquals(8 / 24.0, v[TextureFeatures.BINS + 4], 1e-12, "strong edges: the two edge columns");
	}
}
