package org.ssltem.train;

import java.nio.file.Path;
import java.util.List;

/** What a pretraining run did. {@code status} is completed, cancelled or stopped_nan. */
public record PretrainResult(Path out, String status, int epochsCompleted, List<Double> lossPerEpoch, double wallTimeS, String device,
	int trainingImages) {}
