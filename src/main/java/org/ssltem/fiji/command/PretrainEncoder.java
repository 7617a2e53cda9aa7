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

/** {@code ssl-tem pretrain}: self-supervised pretraining (SimCLR or Barlow Twins); the defaults are the CPU recipe, preset paper gives the paper's. */
@Plugin(type = Command.class, label = "Pretrain Encoder")
public class PretrainEncoder extends SslTemCommand<Results.Pretrained> {

	@Parameter(style = "directory")
	File images;
	@Parameter(style = "directory")
	File out;
	@Parameter
	String method = Operations.PRETRAIN.defaultText("method");
	@Parameter
	int time_budget = Operations.PRETRAIN.defaultInt("time_budget");
	@Parameter
	String preset = Operations.PRETRAIN.defaultText("preset");
	@Parameter
	String loss_variant = Operations.PRETRAIN.defaultText("loss_variant");
	@Parameter
	String arch = Operations.PRETRAIN.defaultText("arch");
	@Parameter
	int size = Operations.PRETRAIN.defaultInt("size");
	@Parameter
	int batch = Operations.PRETRAIN.defaultInt("batch");
	@Parameter
	int epochs = Operations.PRETRAIN.defaultInt("epochs");
	@Parameter
	String crop = Operations.PRETRAIN.defaultText("crop");
	@Parameter
	String rotations = Operations.PRETRAIN.defaultText("rotations");
	@Parameter
	double jitter = Operations.PRETRAIN.defaultDouble("jitter");
	@Parameter
	String projector = Operations.PRETRAIN.defaultText("projector");
	@Parameter
	double lr = Operations.PRETRAIN.defaultDouble("lr");
	@Parameter
	String optimizer = Operations.PRETRAIN.defaultText("optimizer");
	@Parameter
	double momentum = Operations.PRETRAIN.defaultDouble("momentum");
	@Parameter
	double weight_decay = Operations.PRETRAIN.defaultDouble("weight_decay");
	@Parameter
	long seed = Operations.PRETRAIN.defaultLong("seed");
	@Parameter
	int checkpoint_every = Operations.PRETRAIN.defaultInt("checkpoint_every");
	@Parameter(required = false)
	boolean resume;
	@Parameter
	int max_images = Operations.PRETRAIN.defaultInt("max_images");
	@Parameter
	int tile = Operations.PRETRAIN.defaultInt("tile");
	@Parameter
	double temperature = Operations.PRETRAIN.defaultDouble("temperature");
	@Parameter
	double lambda = Operations.PRETRAIN.defaultDouble("lambda");
	@Parameter
	String device = Operations.PRETRAIN.defaultText("device");
	@Parameter
	int threads = Operations.PRETRAIN.defaultInt("threads");

	@Override
	protected String operation() {
		return "pretrain";
	}

	@Override
	protected void show(Results.Pretrained r) {
		ResultDisplay.showLoss(r.lossPerEpoch(), ResultDisplay.LOSS_TABLE);
		ResultDisplay.log("SSL-TEM: pretraining " + r.status() + " after " + AnnotationSession.count(r.epochsCompleted(), "epoch") + " on " + r.device() + " -> " + r.out());
	}
}
