package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem tsne}: a 2-D t-SNE map of encoder features, shown as an image and as a ResultsTable (file, class, x, y). */
@Plugin(type = Command.class, label = "Feature Map (t-SNE)")
public class FeatureMapTsne extends SslTemCommand<Results.Tsne> {

	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter(style = "directory", required = false)
	File images;
	@Parameter(style = "open", required = false)
	File features;
	@Parameter(style = "directory")
	File out;
	@Parameter
	double perplexity = Operations.TSNE.defaultDouble("perplexity");
	@Parameter
	int iterations = Operations.TSNE.defaultInt("iterations");
	@Parameter
	long seed = Operations.TSNE.defaultLong("seed");
	@Parameter(required = false)
	boolean thumbnails;
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "tsne";
	}

	@Override
	protected void show(Results.Tsne r) {
		ResultDisplay.show(ResultDisplay.featuresTable(Path.of(r.csv())), ResultDisplay.TSNE_TABLE);
		ResultDisplay.showImage(Path.of(r.png()), "t-SNE " + Path.of(r.png()).getParent().getFileName());
		ResultDisplay.log("SSL-TEM: t-SNE of " + r.images() + " images -> " + r.png());
	}
}
