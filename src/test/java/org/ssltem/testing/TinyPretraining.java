package org.ssltem.testing;

import org.ssltem.train.PretrainConfig;

import java.nio.file.Path;

/** The smallest pretraining run that still exercises everything: resnet18 at 32 px, batch 4, on the CPU. */
public final class TinyPretraining {

	private TinyPretraining() {}

	public static PretrainConfig config(Path images, Path out, int epochs, String projector) {
		PretrainConfig c = new PretrainConfig();
		c.images = images.toString();
		c.out = out.toString();
		c.arch = "resnet18";
		c.size = 32;
		c.batch = 4;
		c.epochs = epochs;
		c.checkpointEvery = 1;
		c.projector = projector;
		// SGD and Barlow Twins, as the tests that use this were written for (the product default is SimCLR with Adam)
		c.method = "barlow";
		c.optimizer = "sgd";
		c.lr = 0.05;
		c.seed = 3;
		c.threads = 2;
		c.device = "cpu";
		return c;
	}
}
