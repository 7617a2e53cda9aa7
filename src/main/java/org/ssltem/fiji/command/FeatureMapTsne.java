package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem tsne}: a 2-D t-SNE map of encoder features, shown as an image and as a ResultsTable (file, class, x, y). */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Feature Map (t-SNE)")
public class FeatureMapTsne extends SslTemCommand {

	@Parameter(style = "directory", required = false, description = "the out folder of Pretrain Encoder (or give features)")
	File encoder;
	@Parameter(style = "directory", required = false, description = "folder of images or of class folders (with features: only for thumbnails)")
	File images;
	@Parameter(style = "open", required = false, description = "the CSV of Extract Features, instead of encoder")
	File features;
	@Parameter(style = "directory", description = "output folder: tsne.png and tsne.csv")
	File out;
	@Parameter(description = "lowered to (n-1)/3 for few images")
	double perplexity = 30;
	@Parameter(description = "at least 250")
	int iterations = 1000;
	@Parameter
	long seed = 0;
	@Parameter(required = false, description = "draw a small thumbnail of each image at its point")
	boolean thumbnails;
	@Parameter(required = false, description = "replace tsne.csv and tsne.png in out")
	boolean overwrite;

	@Override
	protected String operation() {
		return "tsne";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.featuresTable(Path.of((String) r.get("csv"))), Results.TSNE_TABLE);
		Results.showImage(Path.of((String) r.get("png")), "t-SNE " + Path.of((String) r.get("png")).getParent().getFileName());
		for (Object w : (List<?>) r.get("warnings")) Results.log("SSL-TEM: warning: " + w);
		Results.log("SSL-TEM: t-SNE of " + r.get("images") + " images -> " + r.get("png"));
	}
}
