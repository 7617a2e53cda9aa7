package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.annotate.AnnotationSession;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem train-segmenter}: the U-Net decoder on a few labelled images, on a frozen pretrained encoder (the paper's Fig. 10). */
@Plugin(type = Command.class, label = "Train Segmenter")
public class TrainSegmenter extends SslTemCommand<Results.SegmenterTrained> {

	public static final String LOSS_TABLE = "SSL-TEM segmenter loss";

	@Parameter(style = "directory")
	File encoder;
	@Parameter(style = "directory")
	File images;
	@Parameter(style = "directory")
	File masks;
	@Parameter(required = false)
	Integer foreground;
	@Parameter(required = false)
	Integer classes;
	@Parameter(required = false)
	Integer size;
	@Parameter
	int labeled = Operations.TRAIN_SEGMENTER.defaultInt("labeled");
	@Parameter
	String choose = Operations.TRAIN_SEGMENTER.defaultText("choose");
	@Parameter
	int epochs = Operations.TRAIN_SEGMENTER.defaultInt("epochs");
	@Parameter
	int batch = Operations.TRAIN_SEGMENTER.defaultInt("batch");
	@Parameter
	double lr = Operations.TRAIN_SEGMENTER.defaultDouble("lr");
	@Parameter
	String loss = Operations.TRAIN_SEGMENTER.defaultText("loss");
	@Parameter
	int crop = Operations.TRAIN_SEGMENTER.defaultInt("crop");
	@Parameter
	int decoder_width = Operations.TRAIN_SEGMENTER.defaultInt("decoder_width");
	@Parameter
	String decoder = Operations.TRAIN_SEGMENTER.defaultText("decoder");
	@Parameter
	int ensemble = Operations.TRAIN_SEGMENTER.defaultInt("ensemble");
	@Parameter
	boolean calibrate_bn = Operations.TRAIN_SEGMENTER.defaultFlag("calibrate_bn");
	@Parameter(style = "directory", required = false)
	File warm_start;
	@Parameter
	long seed = Operations.TRAIN_SEGMENTER.defaultLong("seed");
	@Parameter(style = "directory")
	File out;
	@Parameter
	String device = Operations.TRAIN_SEGMENTER.defaultText("device");
	@Parameter
	int threads = Operations.TRAIN_SEGMENTER.defaultInt("threads");

	@Override
	protected String operation() {
		return "train-segmenter";
	}

	@Override
	protected void show(Results.SegmenterTrained r) {
		ResultDisplay.showLoss(r.lossPerEpoch(), LOSS_TABLE);
		ResultDisplay.log("SSL-TEM: segmenter trained on " + AnnotationSession.count(r.labeled(), "labelled image") + ", " + AnnotationSession.count(r.epochs(), "epoch")
			+ " on " + r.device() + " -> " + r.out());
	}
}
