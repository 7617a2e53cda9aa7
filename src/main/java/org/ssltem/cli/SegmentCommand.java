package org.ssltem.cli;

import org.ssltem.infer.ImageSegmentation;
import org.ssltem.infer.MaskCleanup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Segment images with a trained segmenter, at the scale it was trained at (overlapping tiles, blended); writes probabilities/ and cleaned masks/ at native size.")
final class SegmentCommand implements Callable<Integer> {

	@Option(names = "--segmenter", required = true, paramLabel = "DIR", description = "the --out folder of 'ssl-tem train-segmenter'")
	Path segmenter;

	@Option(names = "--encoder", paramLabel = "DIR", description = "the segmenter's encoder, if it moved (checked by hash); default: the one recorded")
	Path encoder;

	@Option(names = "--images", required = true, paramLabel = "DIR|FILE", description = "an image, or a folder of images (searched recursively)")
	Path images;

	@Option(names = "--out", required = true, paramLabel = "DIR")
	Path out;

	@Option(names = "--tile", paramLabel = "N", defaultValue = "512", description = "tile side, a multiple of 32 (halved automatically when memory runs out); default: ${DEFAULT-VALUE}")
	int tile;

	@Option(names = "--overlap", paramLabel = "N", defaultValue = "64", description = "pixels shared by neighbouring tiles, blended; default: ${DEFAULT-VALUE}")
	int overlap;

	@Option(names = "--scale", paramLabel = "S", defaultValue = "0.0", description = "resample each image by S before segmenting (1 = native size); 0 = the scale the segmenter was trained at, from segmenter.json; outputs are at native size; default: ${DEFAULT-VALUE}")
	double scale;

	@Option(names = "--min_component", paramLabel = "PX", defaultValue = "" + MaskCleanup.DEFAULT_MIN_COMPONENT, description = "remove mask pieces smaller than PX pixels (at the scale the network works at; 0 = keep all); default: ${DEFAULT-VALUE}")
	double minComponent;

	@Option(names = "--fill_holes", paramLabel = "PX", defaultValue = "" + MaskCleanup.DEFAULT_MAX_HOLE, description = "fill holes of at most PX pixels inside the mask (at the scale the network works at; 0 = none); default: ${DEFAULT-VALUE}")
	double maxHole;

	@Option(names = "--overwrite", description = "replace existing outputs")
	boolean overwrite;

	@Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "default: ${DEFAULT-VALUE}")
	String device;

	@Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TF threads (0 = all cores); default: ${DEFAULT-VALUE}")
	int threads;

	@Override
	public Integer call() {
		ImageSegmentation.Summary s = Main.cancellable(cancel -> ImageSegmentation.run(segmenter, encoder, images, out, tile, overlap, scale, minComponent, maxHole, overwrite, device, threads,
			new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%d images in %.1f s (tile %d) -> %s", s.images(), s.seconds(), s.finalTile(), s.out()));
		return 0;
	}
}
