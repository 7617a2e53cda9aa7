package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem pretrain}: self-supervised pretraining (Barlow Twins or SimCLR); the defaults are the paper's. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Pretrain Encoder")
public class PretrainEncoder extends SslTemCommand {

	@Parameter(style = "directory", description = "folder of images (or of class folders)")
	File images;
	@Parameter(style = "directory", description = "output folder: manifest.json and checkpoints/")
	File out;
	@Parameter(choices = { "barlow", "simclr" })
	String method = "barlow";
	@Parameter(choices = { "paper", "original" }, description = "the loss as the paper's notebook computes it, or as the original papers define it")
	String loss_variant = "paper";
	@Parameter(choices = { "resnet50", "resnet18" })
	String arch = "resnet50";
	@Parameter(description = "input side in px, a multiple of 32")
	int size = 224;
	@Parameter(description = "images per step (each gives two views)")
	int batch = 64;
	@Parameter
	int epochs = 200;
	@Parameter(choices = { "randcrop", "crop25", "crop50", "nocrop" })
	String crop = "randcrop";
	@Parameter(description = "widths of the projector's dense layers")
	String projector = "128,64,1024";
	@Parameter(description = "learning rate at step 0, cosine decay")
	double lr = 0.2;
	@Parameter(choices = { "sgd", "adam", "lars" }, description = "sgd as in the paper; adam or lars do not depend on the loss's scale")
	String optimizer = "sgd";
	@Parameter(description = "momentum for sgd and lars (0 = none)")
	double momentum = 0.0;
	@Parameter(description = "L2 weight decay on weights (not biases or batch norm)")
	double weight_decay = 0.0;
	@Parameter
	long seed = 0;
	@Parameter(description = "epochs between checkpoints")
	int checkpoint_every = 10;
	@Parameter(required = false, description = "continue the run in out from its last checkpoint")
	boolean resume;
	@Parameter(description = "use at most N images (0 = all)")
	int max_images = 0;
	@Parameter(description = "cut images into N px tiles first (0 = no)")
	int tile = 0;
	@Parameter(description = "SimCLR temperature")
	double temperature = 0.1;
	@Parameter(description = "Barlow Twins off-diagonal weight")
	double lambda = 0.005;
	@Parameter(choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(description = "TensorFlow threads (0 = all cores)")
	int threads = 0;

	@Override
	protected String operation() {
		return "pretrain";
	}

	@Override
	protected void show(Map<String, Object> r) {
		List<?> loss = (List<?>) r.get("loss_per_epoch");
		Results.showLoss(loss, Results.LOSS_TABLE);
		Results.log("SSL-TEM: pretraining " + r.get("status") + " after " + org.ssltem.annotate.AnnotationSession.count(((Number) r.get("epochs_completed")).longValue(), "epoch") + " on " + r.get("device") + " -> " + r.get("out"));
	}
}
