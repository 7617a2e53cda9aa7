package org.ssltem.fiji.engine;

import com.google.gson.JsonObject;
import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.synthetic.SyntheticDatasetWriter;
import org.ssltem.eval.FeatureExtractor;
import org.ssltem.eval.FeatureMap;
import org.ssltem.fiji.api.EngineException;
import org.ssltem.fiji.api.EngineProgress;
import org.ssltem.fiji.api.SslTemEngine;
import org.ssltem.nn.EncoderManifest;
import org.ssltem.train.PretrainConfig;
import org.ssltem.train.PretrainResult;
import org.ssltem.train.Pretrainer;
import org.ssltem.train.Versions;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine side of {@link SslTemEngine}: loaded inside the child-first class loader, it turns string
 * parameters into the very engine calls the CLI makes ({@code cli/*Command.java}) and engine exceptions into
 * {@link EngineException}s. A new engine feature is one more entry in {@link #OPERATIONS}.
 */
public final class LocalEngine implements SslTemEngine {

	@FunctionalInterface
	interface Operation {
		Map<String, Object> run(Map<String, String> parameters, ProgressListener listener, CancelToken cancel);
	}

	private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();
	static {
		OPERATIONS.put("generate", LocalEngine::generate);
		OPERATIONS.put("pretrain", LocalEngine::pretrain);
		OPERATIONS.put("features", LocalEngine::features);
		OPERATIONS.put("tsne", LocalEngine::tsne);
	}

	@Override
	public List<String> operations() {
		return List.copyOf(OPERATIONS.keySet());
	}

	@Override
	public String version() {
		return "ssl-tem " + Versions.sslTem() + ", TensorFlow Java " + Versions.tensorflowJava();
	}

	@Override
	public Map<String, Object> run(String operation, Map<String, String> parameters, EngineProgress progress, AtomicBoolean cancel) {
		Operation op = OPERATIONS.get(operation);
		if (op == null) throw new EngineException(EngineException.Kind.INTERNAL, "this engine has no operation '" + operation
			+ "' (it has " + String.join(", ", OPERATIONS.keySet()) + "): the plugin and engine jars are from different versions", null);
		CancelToken token = new CancelToken();
		Thread watcher = watch(cancel, token);
		try {
			return op.run(Map.copyOf(parameters), listener(progress, cancel, token), token);
		}
		catch (UserInputException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), trace(e));
		}
		catch (CancelToken.CancelledException e) {
			throw new EngineException(EngineException.Kind.CANCELLED, e.getMessage(), null);
		}
		catch (Pretrainer.TrainingDivergedException e) {
			throw new EngineException(EngineException.Kind.DIVERGED, e.getMessage(), trace(e));
		}
		catch (UncheckedIOException e) {
			throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), trace(e));
		}
		catch (RuntimeException | Error e) {
			throw new EngineException(EngineException.Kind.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage(), trace(e));
		}
		finally {
			watcher.interrupt();
		}
	}

	// ---- the operations: the same calls as cli/GenerateCommand, cli/PretrainCommand, cli/FeaturesCommand ----

	static Map<String, Object> generate(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("generate", parameters, Set.of("out", "per_class", "size", "seed", "overwrite"));
		var out = p.path("out");
		int perClass = p.integer("per_class", 50);
		new SyntheticDatasetWriter().write(out, perClass, p.integer("size", 224), p.longValue("seed", 0), p.bool("overwrite"), listener, cancel);
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("out", out.toAbsolutePath().toString());
		r.put("images", 4 * perClass);
		return r;
	}

	static Map<String, Object> pretrain(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		PretrainConfig config = pretrainConfig(parameters);
		PretrainResult r = Pretrainer.run(config, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", r.out().toAbsolutePath().toString());
		m.put("status", r.status());
		m.put("epochs_completed", r.epochsCompleted());
		m.put("loss_per_epoch", new ArrayList<>(r.lossPerEpoch()));
		m.put("wall_time_s", r.wallTimeS());
		m.put("device", r.device());
		m.put("training_images", r.trainingImages());
		return m;
	}

	/** The snake_case keys are {@link PretrainConfig}'s own JSON names, so the defaults stay in one place. */
	static PretrainConfig pretrainConfig(Map<String, String> parameters) {
		JsonObject defaults = new PretrainConfig().toJson();
		Set<String> known = new java.util.TreeSet<>(defaults.keySet());
		known.add("images");
		known.add("out");
		Params p = new Params("pretrain", parameters, known);
		JsonObject json = new JsonObject();
		for (var e : parameters.entrySet()) {
			if (e.getValue() == null || e.getValue().isBlank()) continue;
			var d = defaults.get(e.getKey());
			if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isNumber()) {
				String v = e.getValue().trim();
				try {
					json.addProperty(e.getKey(), new java.math.BigDecimal(v));
				}
				catch (NumberFormatException ex) {
					throw UserInputException.option("pretrain: " + e.getKey() + "=" + v + " is not a number", "set e.g. " + e.getKey() + "=" + d);
				}
			}
			else if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isBoolean()) json.addProperty(e.getKey(), p.bool(e.getKey()));
			else json.addProperty(e.getKey(), e.getValue().trim());
		}
		try {
			PretrainConfig c = EncoderManifest.GSON.fromJson(json, PretrainConfig.class);
			return c;
		}
		catch (com.google.gson.JsonSyntaxException e) {
			throw UserInputException.option("pretrain: a parameter does not have the right type (" + e.getMessage() + ")", "use whole numbers for counts and sizes");
		}
	}

	static Map<String, Object> features(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("features", parameters, Set.of("encoder", "images", "out", "batch", "overwrite"));
		FeatureExtractor.Summary s = FeatureExtractor.extractToCsv(p.path("encoder"), p.path("images"), p.path("out"),
			p.integer("batch", FeatureExtractor.DEFAULT_BATCH), p.bool("overwrite"), listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", s.csv().toAbsolutePath().toString());
		m.put("images", s.images());
		m.put("feature_width", s.featureWidth());
		m.put("seconds", s.seconds());
		return m;
	}

	/** The same call as cli/TsneCommand. */
	static Map<String, Object> tsne(Map<String, String> parameters, ProgressListener listener, CancelToken cancel) {
		Params p = new Params("tsne", parameters, Set.of("encoder", "images", "features", "out", "perplexity", "iterations", "seed", "thumbnails", "overwrite"));
		FeatureMap.Options dflt = FeatureMap.Options.defaults();
		FeatureMap.Config c = new FeatureMap.Config();
		c.encoder = p.optionalPath("encoder");
		c.images = p.optionalPath("images");
		c.features = p.optionalPath("features");
		c.out = p.path("out");
		c.options = new FeatureMap.Options(p.decimal("perplexity", dflt.perplexity()), p.integer("iterations", dflt.iterations()), p.longValue("seed", dflt.seed()));
		c.thumbnails = p.bool("thumbnails");
		c.overwrite = p.bool("overwrite");
		FeatureMap.Report r = FeatureMap.run(c, listener, cancel);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("csv", r.csv().toAbsolutePath().toString());
		m.put("png", r.png().toAbsolutePath().toString());
		m.put("images", r.points().size());
		m.put("perplexity", r.perplexity());
		m.put("warnings", new ArrayList<>(r.warnings()));
		m.put("seconds", r.seconds());
		return m;
	}

	// ---- plumbing ----

	/** Forwards progress; a cancel raised during a progress call reaches the token at once (the watcher covers the rest). */
	private static ProgressListener listener(EngineProgress progress, AtomicBoolean cancel, CancelToken token) {
		if (progress == null) return ProgressListener.SILENT;
		return new ProgressListener() {
			@Override
			public void progress(String stage, long done, long total, String message) {
				progress.progress(stage, done, total, message);
				if (cancel != null && cancel.get()) token.cancel();
			}

			@Override
			public void log(String line) {
				progress.log(line);
			}
		};
	}

	/** Copies the caller's flag (a JDK type) into the engine's token; the engine polls the token between steps. */
	private static Thread watch(AtomicBoolean cancel, CancelToken token) {
		Thread t = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					if (cancel != null && cancel.get()) {
						token.cancel();
						return;
					}
					Thread.sleep(50);
				}
			}
			catch (InterruptedException ignored) {
				// the operation finished
			}
		}, "ssl-tem-cancel-watch");
		t.setDaemon(true);
		t.start();
		return t;
	}

	private static String trace(Throwable t) {
		StringWriter w = new StringWriter();
		t.printStackTrace(new PrintWriter(w));
		return w.toString();
	}
}
