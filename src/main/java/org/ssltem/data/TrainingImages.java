package org.ssltem.data;

import org.ssltem.core.CancelToken;
import org.ssltem.core.ProgressListener;
import org.ssltem.core.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads the images for self-supervised pretraining into memory, each as a square "pool" image from which the
 * augmenter cuts its random views. A pool image keeps up to twice the network's input size, so that a crop of a
 * quarter or half of it still has real detail instead of upsampled blur, while memory stays bounded.
 */
public final class TrainingImages {

	/** Reading is mostly decoding; two threads leave room for the rest of the machine. */
	private static final int THREADS = 2;
	/** Longer side / shorter side beyond which squashing to a square visibly distorts the structures. */
	private static final double MAX_ASPECT = 1.1;

	private TrainingImages() {}

	/**
	 * @param tileSize null to use each image whole; otherwise each image is first cut into tiles of this size
	 *                 ({@link Tiler}) and every tile becomes a training image
	 * @return pool images in file order (and tile order within a file)
	 */
	public static List<GreyImage> load(List<Path> files, int inputSize, Integer tileSize, ProgressListener listener, CancelToken cancel) {
		return load(files, inputSize, tileSize, "{{size}}", "{{tile}}", listener, cancel);
	}

	/**
	 * @param sizeOption, tileOption the parameters that set the input and tile sizes, marked {@code {{key}}}, for the
	 *                               fixes in messages; null when the operation has no such parameter
	 */
	public static List<GreyImage> load(List<Path> files, int inputSize, Integer tileSize, String sizeOption, String tileOption,
		ProgressListener listener, CancelToken cancel)
	{
		ProgressListener progress = Objects.requireNonNullElse(listener, ProgressListener.SILENT);
		CancelToken token = Objects.requireNonNullElseGet(cancel, CancelToken::new);
		checkOptions(files, inputSize, tileSize);

		ExecutorService pool = Executors.newFixedThreadPool(THREADS, TrainingImages::daemon);
		try {
			List<Future<Loaded>> pending = new ArrayList<>(files.size());
			for (Path file : files)
				pending.add(pool.submit(() -> {
					token.throwIfCancelled();
					return loadOne(file, inputSize, tileSize, sizeOption);
				}));
			List<GreyImage> out = new ArrayList<>();
			int notSquare = 0;
			String firstNotSquare = null;
			for (int i = 0; i < pending.size(); i++) {
				token.throwIfCancelled();
				Loaded loaded = result(pending.get(i));
				out.addAll(loaded.pools());
				if (loaded.squashed() && notSquare++ == 0) firstNotSquare = files.get(i).getFileName() + " (" + loaded.size() + ")";
				progress.progress("load", i + 1, files.size(), files.get(i).getFileName().toString());
			}
			if (notSquare > 0)
				progress.log("warning: " + notSquare + " of " + files.size() + " images are not square (first: " + firstNotSquare
					+ "); each is squashed to a square, which distorts its shapes. Crop them square" + (tileOption == null ? "" : " or use " + tileOption));
			return out;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void checkOptions(List<Path> files, int inputSize, Integer tileSize) {
		if (files.isEmpty()) throw UserInputException.option("there are no images to train on", "give a folder that holds images");
		if (inputSize < 1) throw UserInputException.option("the input size must be at least 1 px, got " + inputSize, "use e.g. {{size}} 224");
		if (tileSize != null && tileSize < inputSize)
			throw UserInputException.option("the tile size " + tileSize + " is smaller than the input size " + inputSize,
				"use {{tile}} ≥ {{size}}, or no {{tile}}");
	}

	/** The pool images of one file, and whether squashing the whole image to a square distorted it. */
	private record Loaded(List<GreyImage> pools, String size, boolean squashed) {}

	private static Loaded loadOne(Path file, int inputSize, Integer tileSize, String sizeOption) {
		GreyImage image = ImageFiles.readGrey(file);
		if (tileSize != null) {
			// tiles are square, so nothing is squashed
			List<GreyImage> pools = Tiler.tile(image, tileSize, file).stream().map(t -> toPool(t.image(), inputSize)).toList();
			return new Loaded(pools, sizeOf(image), false);
		}
		int shortSide = Math.min(image.width, image.height);
		if (shortSide < inputSize) {
			// input sizes are multiples of 32: name one that fits, or none when the image is below the smallest
			int fits = shortSide / 32 * 32;
			throw UserInputException.about(file, "image is " + sizeOf(image) + ", smaller than the input size " + inputSize,
				fits < 32 || sizeOption == null ? "remove the image (or replace it with one at least " + inputSize + " px on each side)"
					: "use " + sizeOption + " " + fits + " or less, or remove the image");
		}
		boolean squashed = Math.max(image.width, image.height) > MAX_ASPECT * shortSide;
		return new Loaded(List.of(toPool(image, inputSize)), sizeOf(image), squashed);
	}

	/** Side of the square pool image kept for a training image: its short side, at most twice the input size. */
	public static int poolSide(int width, int height, int inputSize) {
		return Math.min(Math.min(width, height), 2 * inputSize);
	}

	private static GreyImage toPool(GreyImage image, int inputSize) {
		int side = poolSide(image.width, image.height, inputSize);
		return image.width == side && image.height == side ? image : Resize.bilinear(image, side, side);
	}

	private static Loaded result(Future<Loaded> future) {
		try {
			return future.get();
		}
		catch (InterruptedException e) {
			// an interrupted caller is stopping us, which is a cancel in all but name
			Thread.currentThread().interrupt();
			throw new CancelToken.CancelledException();
		}
		catch (ExecutionException e) {
			// the worker's own exception (a UserInputException naming the file, or a cancel) is the useful one
			if (e.getCause() instanceof RuntimeException r) throw r;
			if (e.getCause() instanceof Error err) throw err;
			throw new IllegalStateException(e.getCause());
		}
	}

	private static String sizeOf(GreyImage image) {
		return image.width + "×" + image.height;
	}

	private static Thread daemon(Runnable r) {
		Thread t = new Thread(r, "ssltem-load");
		t.setDaemon(true);
		return t;
	}
}
