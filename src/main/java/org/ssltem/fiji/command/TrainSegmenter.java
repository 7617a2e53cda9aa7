package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem train-segmenter}: the U-Net decoder on a few labelled images, on a frozen pretrained encoder (the paper's Fig. 10). */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Segmentation>Train Segmenter")
public class TrainSegmenter extends SslTemCommand {

	public static final String LOSS_TABLE = "SSL-TEM segmenter loss";

	@Parameter(style = "directory", description = "the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(style = "directory", description = "images (searched recursively)")
	File images;
	@Parameter(style = "directory", description = "masks with the images' relative paths and names")
	File masks;
	@Parameter(required = false, description = "the foreground class of a binary task (empty: every non-zero value)")
	Integer foreground;
	@Parameter(required = false, description = "classes including background, for a multi-class segmenter (empty: binary)")
	Integer classes;
	@Parameter(description = "train at N x N (multiple of 32); 0 = native size padded to a multiple of 32")
	int size = 224;
	@Parameter(description = "labelled images to train on (seeded choice)")
	int labeled = 8;
	@Parameter(description = "0 = the paper's schedule (1-4 labels: 120, 8: 60, 16: 40, 32: 30, 80: 20)")
	int epochs = 0;
	@Parameter
	int batch = 8;
	@Parameter(description = "Adam learning rate")
	double lr = 0.001;
	@Parameter(choices = { "dice", "dice_ce" })
	String loss = "dice";
	@Parameter(description = "train on random N x N crops (multiple of 32) of the sized images; 0 = whole images")
	int crop = 0;
	@Parameter(description = "re-measure the frozen encoder's batch-norm statistics on all images (no masks) at the training size; recommended when the encoder was pretrained on other kinds of images")
	boolean calibrate_bn = false;
	@Parameter(style = "directory", required = false, description = "start from this segmenter's decoder (same encoder and classes) instead of fresh weights")
	File warm_start;
	@Parameter(description = "seeds the choice of images, weights and augmentation")
	long seed = 0;
	@Parameter(style = "directory", description = "a new or empty folder: segmenter.json and decoder/")
	File out;
	@Parameter(choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(description = "TensorFlow threads (0 = all cores)")
	int threads = 0;

	@Override
	protected String operation() {
		return "train-segmenter";
	}

	@Override
	protected void show(Map<String, Object> r) {
		List<?> loss = (List<?>) r.get("loss_per_epoch");
		Results.showLoss(loss, LOSS_TABLE);
		Results.log("SSL-TEM: segmenter trained on " + org.ssltem.annotate.AnnotationSession.count(((Number) r.get("labeled")).longValue(), "labelled image") + ", " + org.ssltem.annotate.AnnotationSession.count(((Number) r.get("epochs")).longValue(), "epoch") + " on " + r.get("device") + " -> "
			+ r.get("out"));
	}
}
