// Prepares the real-data segmentation run in the README: the 38 HRTEM frames of ../shared/data/nanowire-hrtem-seg,
// downscaled 4x (1024 -> 256 px; images bilinear, masks nearest) and split by frame ranges (consecutive frames are
// correlated): frames 1-19 are the training pool, 20-23 a gap left out, 24-38 the held-out test set.
// Run: java -cp "target/ssl-tem.jar:target/lib/*" scripts/HrtemSplit.java ../shared/data/nanowire-hrtem-seg OUT_DIR
import org.ssltem.data.GreyImage;
import org.ssltem.data.ImageFiles;
import org.ssltem.data.Resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class HrtemSplit {
	public static void main(String[] args) throws Exception {
		Path src = Path.of(args[0]), out = Path.of(args[1]);
		int side = args.length > 2 ? Integer.parseInt(args[2]) : 256;
		List<Path> frames;
		try (var s = Files.list(src.resolve("images"))) {
			frames = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
		}
		for (int i = 0; i < frames.size(); i++) {
			String split = i < 19 ? "train" : i < 23 ? null : "test";
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
