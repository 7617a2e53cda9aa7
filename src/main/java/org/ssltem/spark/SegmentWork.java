package org.ssltem.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ssltem.core.ProgressListener;
import org.ssltem.infer.ImageSegmentation;
import org.ssltem.infer.MaskCleanup;
import org.ssltem.nn.Device;
import org.ssltem.nn.SegmenterManifest;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code segment} on Spark: per image {@code probabilities/<key>.tif} and {@code masks/<key>.png}, as {@code ssl-tem segment} writes them. */
public final class SegmentWork extends BaseImageWork {

	private static final long serialVersionUID = 1L;

	private final String segmenter;
	private final String encoder;
	private final int tile, overlap;
	private final double scaleX, scaleY, minComponent, maxHole;
	private final String device;

	/** At the segmenter's training scale with the default mask clean-up, as {@code ssl-tem segment} by default. */
	public SegmentWork(Path segmenter, Path encoder, int tile, int overlap, String device) {
		this(segmenter, encoder, tile, overlap, 0, MaskCleanup.DEFAULT_MIN_COMPONENT, MaskCleanup.DEFAULT_MAX_HOLE, device);
	}

	/**
	 * @param encoder the segmenter's encoder if it moved, else null (the recorded one, checked by hash)
	 * @param scale   0 = the segmenter's training scale (segmenter.json), else the factor to resample by
	 */
	public SegmentWork(Path segmenter, Path encoder, int tile, int overlap, double scale, double minComponent, double maxHole, String device) {
		super("segment", ImageInputs.FolderLayout.RECURSIVE, 1);
		Path dir = segmenter.toAbsolutePath().normalize();
		SegmenterManifest m = SegmenterManifest.read(dir);
		double[] s = ImageSegmentation.scale(m, scale, ProgressListener.SILENT);
		ImageSegmentation.check(new ImageSegmentation.Options(tile, overlap, s[0], s[1], minComponent, maxHole));
		m.checkedEncoder(dir, encoder == null ? null : encoder.toAbsolutePath().normalize());
		Device.Preference.parse(device);
		this.segmenter = dir.toString();
		this.encoder = encoder == null ? null : encoder.toAbsolutePath().normalize().toString();
		this.tile = tile;
		this.overlap = overlap;
		this.scaleX = s[0];
		this.scaleY = s[1];
		this.minComponent = minComponent;
		this.maxHole = maxHole;
		this.device = device;
		// the manifest pins the encoder by its hash, so the segmenter's own files, the tiling, the scale and the clean-up identify the outputs
		identify(ModelIdentity.of(List.of("segment", "tile " + tile, "overlap " + overlap, "scale " + scaleX + " x " + scaleY,
			"min_component " + minComponent, "fill_holes " + maxHole), List.of(dir.resolve(SegmenterManifest.FILE), dir.resolve(SegmenterManifest.DECODER))));
	}

	@Override
	public List<Path> outputs(Path out, String key) {
		return List.of(ImageSegmentation.targets(out, key));
	}

	@Override
	public Engine open(int threads) {
		Device d = Device.choose(Device.Preference.parse(device));
		ImageSegmentation.Segmenting segmenting = new ImageSegmentation.Segmenting(
			ImageSegmentation.segmenter(Path.of(segmenter), encoder == null ? null : Path.of(encoder), d, threads),
			new ImageSegmentation.Options(tile, overlap, scaleX, scaleY, minComponent, maxHole), ProgressListener.SILENT);
		return Engine.eachImage((image, out) -> {
			segmenting.segment(image.key(), Path.of(image.path()), ImageSegmentation.targets(out, image.key()), null);
			return null;
		}, segmenting::close);
	}

	@Override
	public List<StructField> columns() {
		return List.of(DataTypes.createStructField("probabilities", DataTypes.StringType, false),
			DataTypes.createStructField("mask", DataTypes.StringType, false));
	}

	@Override
	public Object[] values(Path out, String key, Serializable result) {
		List<Object> v = new ArrayList<>();
		for (Path p : ImageSegmentation.targets(out, key)) v.add(out.relativize(p).toString().replace('\\', '/'));
		return v.toArray();
	}
}
