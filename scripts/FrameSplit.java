// Prepares the README's real-data segmentation runs: a folder of consecutive frames (images/ and masks/ with the same
// names) resized to SIDE px (images bilinear, masks nearest) and split by frame ranges, since neighbouring frames are
// alike: the first POOL frames (in name order) are the training pool, the next GAP are left out, the rest are held out.
//   HRTEM:  ../shared/data/nanowire-hrtem-seg   POOL 19  GAP 4  (frames 1-19 pool, 20-23 out, 24-38 held out)
//   ISBI:   ../shared/data/isbi2012-membranes   POOL 15  GAP 3  (slices 0-14 pool, 15-17 out, 18-29 held out)
// Run: java -cp "target/ssl-tem.jar:target/lib/*" scripts/FrameSplit.java SRC OUT_DIR SIDE POOL GAP

import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class FrameSplit {
	public static void main(String[] args) throws Exception {
		Path src = Path.of(args[0]), out = Path.of(args[1]);
		int side = Integer.parseInt(args[2]), pool = Integer.parseInt(args[3]), gap = Integer.parseInt(args[4]);
		List<Path> frames;
		try (var s = Files.list(src.resolve("images"))) {
			frames = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
		}
		for (int i = 0; i < frames.size(); i++) {
			String split = i < pool ? "train" : i < pool + gap ? null : "test";
			if (split == null) continue;
			Path img = frames.get(i), mask = src.resolve("masks").resolve(img.getFileName());
			GreyImage g = Resize.bilinear(ImageFiles.readGrey(img), side, side);
			int[] wh = new int[2];
			int[] labels = ImageFiles.readLabels(mask, wh);
			int[] small = Resize.nearest(labels, wh[0], wh[1], side, side);
			byte[] b = new byte[small.length];
			for (int k = 0; k < b.length; k++) b[k] = (byte) small[k];
			Files.createDirectories(out.resolve(split + "/images"));
			Files.createDirectories(out.resolve(split + "/masks"));
			ImageFiles.writePng(g, out.resolve(split + "/images").resolve(img.getFileName()));
			ImageFiles.writeMaskPng(b, side, side, out.resolve(split + "/masks").resolve(img.getFileName()));
		}
	}
}
