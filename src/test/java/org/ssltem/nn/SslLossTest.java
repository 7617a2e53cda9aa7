package org.ssltem.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.ssltem.testing.SharedData;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four SSL losses against ../shared/reference/ssl_losses.json (PyTorch, float64), relative error ≤ 1e-5. */
class SslLossTest {

	@Test
	void allFourLossesMatchThePyTorchReference() throws Exception {
		Path file = SharedData.require("reference/ssl_losses.json");
		JsonObject ref = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
		JsonArray cases = ref.getAsJsonArray("cases");
		assertTrue(cases.size() > 0);
		int checked = 0;
		for (var el : cases) {
			JsonObject c = el.getAsJsonObject();
			double[][] z1 = matrix(c.getAsJsonArray("z1"));
			double[][] z2 = matrix(c.getAsJsonArray("z2"));
			double t = c.get("temperature").getAsDouble();
			double lambda = c.get("lambda").getAsDouble();
			assertRelative(c.get("paper_simclr").getAsDouble(), loss64(SslLoss.Method.SIMCLR, SslLoss.Variant.PAPER, z1, z2, t, lambda), "paper_simclr", c);
			assertRelative(c.get("ntxent_full").getAsDouble(), loss64(SslLoss.Method.SIMCLR, SslLoss.Variant.ORIGINAL, z1, z2, t, lambda), "ntxent_full", c);
			assertRelative(c.get("paper_barlow_twins").getAsDouble(), loss64(SslLoss.Method.BARLOW, SslLoss.Variant.PAPER, z1, z2, t, lambda), "paper_barlow_twins", c);
			assertRelative(c.get("barlow_twins_original").getAsDouble(), loss64(SslLoss.Method.BARLOW, SslLoss.Variant.ORIGINAL, z1, z2, t, lambda), "barlow_twins_original", c);
			checked += 4;
		}
		assertEquals(4 * cases.size(), checked);
	}

	/** Training runs the same graph code in float32; it must stay close to the float64 reference too. */
	@Test
	void float32TrainingLossesStayCloseToTheReference() throws Exception {
		Path file = SharedData.require("reference/ssl_losses.json");
		JsonObject c = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("cases").get(0).getAsJsonObject();
		double[][] z1 = matrix(c.getAsJsonArray("z1"));
		double[][] z2 = matrix(c.getAsJsonArray("z2"));
		double t = c.get("temperature").getAsDouble(), lambda = c.get("lambda").getAsDouble();
		double barlow = loss32(SslLoss.Method.BARLOW, SslLoss.Variant.PAPER, z1, z2, t, lambda);
		assertEquals(c.get("paper_barlow_twins").getAsDouble(), barlow, 1e-4 * Math.abs(c.get("paper_barlow_twins").getAsDouble()) + 1e-6);
		double simclr = loss32(SslLoss.Method.SIMCLR, SslLoss.Variant.ORIGINAL, z1, z2, t, lambda);
		assertEquals(c.get("ntxent_full").getAsDouble(), simclr, 1e-3 * Math.abs(c.get("ntxent_full").getAsDouble()) + 1e-5);
	}

	private static void assertRelative(double expected, double actual, String what, JsonObject c) {
		double rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
		assertTrue(rel <= 1e-5, what + " (n=" + c.get("n") + ", d=" + c.get("d") + "): expected " + expected + ", got " + actual + ", relative error " + rel);
	}

	static double loss64(SslLoss.Method m, SslLoss.Variant v, double[][] z1, double[][] z2, double t, double lambda) {
		return loss(m, v, tensor64(z1), tensor64(z2), t, lambda, TFloat64.class);
	}

	static double loss32(SslLoss.Method m, SslLoss.Variant v, double[][] z1, double[][] z2, double t, double lambda) {
		return loss(m, v, tensor32(z1), tensor32(z2), t, lambda, TFloat32.class);
	}

	/** Builds the loss in the tensors' float type, feeds them and returns the value (closes the tensors). */
	private static <T extends TFloating> double loss(SslLoss.Method m, SslLoss.Variant v, T a, T b, double t, double lambda, Class<T> type) {
		try (a; b; Graph g = new Graph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Placeholder<T> p1 = tf.placeholder(type, Placeholder.shape(Shape.of(-1, a.shape().get(1))));
			Placeholder<T> p2 = tf.placeholder(type, Placeholder.shape(Shape.of(-1, a.shape().get(1))));
			Operand<T> loss = SslLoss.build(tf, m, v, p1, p2, t, lambda, type);
			try (Result r = s.runner().feed(p1, a).feed(p2, b).fetch(loss).run()) {
				Object value = r.get(0);
				return value instanceof TFloat64 d ? d.getDouble() : ((TFloat32) value).getFloat();
			}
		}
	}

	private static double[][] matrix(JsonArray a) {
		double[][] m = new double[a.size()][];
		for (int i = 0; i < m.length; i++) {
			JsonArray row = a.get(i).getAsJsonArray();
			m[i] = new double[row.size()];
			for (int j = 0; j < m[i].length; j++) m[i][j] = row.get(j).getAsDouble();
		}
		return m;
	}

	private static TFloat64 tensor64(double[][] m) {
		double[] flat = new double[m.length * m[0].length];
		for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
		return TFloat64.tensorOf(Shape.of(m.length, m[0].length), DataBuffers.of(flat, true, false));
	}

	private static TFloat32 tensor32(double[][] m) {
		float[] flat = new float[m.length * m[0].length];
		for (int i = 0; i < m.length; i++)
			for (int j = 0; j < m[0].length; j++) flat[i * m[0].length + j] = (float) m[i][j];
		return TFloat32.tensorOf(Shape.of(m.length, m[0].length), DataBuffers.of(flat, true, false));
	}
}
