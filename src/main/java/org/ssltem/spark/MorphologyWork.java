package org.ssltem.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ssltem.core.AtomicFiles;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;
import org.ssltem.data.MaskRule;
import org.ssltem.morph.MorphologyAnalysis;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code morphology} on Spark: {@code --images} are masks; each is measured by {@link MorphologyAnalysis} as
 * {@code ssl-tem morphology} measures it; one table column per CSV column, and {@code morphology.csv}.
 */
public final class MorphologyWork extends BaseImageWork {

	private static final long serialVersionUID = 1L;

	private final int classes;
	private final Integer foreground;
	private final int size;

	public MorphologyWork(MaskRule rule, int size) {
		super("morphology", ImageInputs.FolderLayout.RECURSIVE, 1);
		if (size < 0) throw UserInputException.option("{{size}} must be 0 (native size) or a positive side in pixels, got " + size, "use {{size}} 0 or e.g. {{size}} 224");
		this.classes = rule.classes();
		this.foreground = rule.foreground();
		this.size = size;
		identify(ModelIdentity.of(List.of("morphology", "classes " + classes, "foreground " + foreground, "size " + size,
			"columns " + MorphologyAnalysis.header()), List.of()));
	}

	@Override
	public Engine open(int threads) {
		MorphologyAnalysis analysis = new MorphologyAnalysis();
		MaskRule rule = new MaskRule(classes, foreground);
		return Engine.eachImage((image, out) -> analysis.measure(image.key(), Path.of(image.path()), rule, size), () -> {});
	}

	@Override
	public List<StructField> columns() {
		List<String> names = Arrays.asList(MorphologyAnalysis.header().split(","));
		List<StructField> fields = new ArrayList<>();
		for (String n : names.subList(1, names.size())) fields.add(DataTypes.createStructField(n, DataTypes.DoubleType, false));
		return fields;
	}

	@Override
	public Object[] values(Path out, String key, Serializable result) {
		double[] v = MorphologyAnalysis.values((MorphologyAnalysis.Measures) result);
		Object[] boxed = new Object[v.length];
		for (int i = 0; i < v.length; i++) boxed[i] = v[i];
		return boxed;
	}

	@Override
	public void writeSummary(Path out, ImageInputs inputs, List<ImageOutcome> finished, ProgressListener log) {
		List<MorphologyAnalysis.Measures> rows = finished.stream().map(o -> (MorphologyAnalysis.Measures) o.result()).toList();
		AtomicFiles.writeString(out.resolve("morphology.csv"), MorphologyAnalysis.toCsv(rows));
	}
}
