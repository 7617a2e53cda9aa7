package org.ssltem.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ssltem.core.ProgressListener;
import org.ssltem.infer.ImageSegmentation;
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
	private final String device;

	/** @param encoder the segmenter's encoder if it moved, else null (the recorded one, checked by hash) */
	public SegmentWork(Path segmenter, Path encoder, int tile, int overlap, String device) {
		super("segment", ImageInputs.FolderLayout.RECURSIVE, 1);
		ImageSegmentation.checkTiling(tile, overlap);
		Path dir = segmenter.toAbsolutePath().normalize();
		SegmenterManifest m = SegmenterManifest.read(dir);
		m.checkedEncoder(dir, encoder == null ? null : encoder.toAbsolutePath().normalize());
		Device.Preference.parse(device);
		this.segmenter = dir.toString();
		this.encoder = encoder == null ? null : encoder.toAbsolutePath().normalize().toString();
		this.tile = tile;
		this.overlap = overlap;
		this.device = device;
		// the manifest pins the encoder by its hash, so the segmenter's own files and the tiling identify the outputs
		identify(ModelIdentity.of(List.of("segment", "tile " + tile, "overlap " + overlap),
			List.of(dir.resolve(SegmenterManifest.FILE), dir.resolve(SegmenterManifest.DECODER))));
	}

	@Override
	public List<Path> outputs(Path out, String key) {
		return List.of(ImageSegmentation.targets(out, key));
	}

	@Override
	public Engine open(int threads) {
		Device d = Device.choose(Device.Preference.parse(device));
		ImageSegmentation.Segmenting segmenting = new ImageSegmentation.Segmenting(
			ImageSegmentation.segmenter(Path.of(segmenter), encoder == null ? null : Path.of(encoder), d, threads), tile, overlap, ProgressListener.SILENT);
		return new Engine() {
			@Override
			public Object[] process(List<InputImage> images, Path out) {
				Object[] results = new Object[images.size()];
				for (int i = 0; i < results.length; i++) {
					InputImage image = images.get(i);
					try {
						segmenting.segment(image.key(), Path.of(image.path()), ImageSegmentation.targets(out, image.key()), null);
					}
					catch (RuntimeException e) {
						results[i] = e;
					}
				}
				return results;
			}

			@Override
			public void close() {
				segmenting.close();
			}
		};
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
