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

/** {@code ssl-tem anchors}: which images to label first (k-medoids in feature space), and with class folders a study against random picks. */
@Plugin(type = Command.class, label = "Suggest Images to Label")
public class SuggestImagesToLabel extends SslTemCommand<Results.Anchors> {

	public static final String TABLE = "SSL-TEM images to label first", STUDY_TABLE = "SSL-TEM anchor study",
		ONE_SHOT_TABLE = "SSL-TEM one-shot anchors";

	@Parameter(style = "directory")
	File encoder;
	@Parameter(style = "directory")
	File dataset;
	@Parameter(style = "directory")
	File out;
	@Parameter
	int anchors = Operations.ANCHORS.defaultInt("anchors");
	@Parameter
	int split_seeds = Operations.ANCHORS.defaultInt("split_seeds");
	@Parameter
	int random_draws = Operations.ANCHORS.defaultInt("random_draws");
	@Parameter
	int one_shot_draws = Operations.ANCHORS.defaultInt("one_shot_draws");
	@Parameter(style = "directory", required = false)
	File masks;
	@Parameter(required = false)
	Integer foreground;
	@Parameter
	long seed = Operations.ANCHORS.defaultLong("seed");
	@Parameter(required = false)
	boolean overwrite;

	@Override
	protected String operation() {
		return "anchors";
	}

	@Override
	protected void show(Results.Anchors r) {
		ResultDisplay.show(ResultDisplay.csvTable(Path.of(r.suggestedCsv())), TABLE);
		if (!r.study().isEmpty()) {
			ResultDisplay.show(ResultDisplay.rowsTable(r.study()), STUDY_TABLE);
			ResultDisplay.showImage(Path.of(r.studyPng()), "SSL-TEM anchor study");
		}
		if (r.oneShotSets() != null) {
			ResultDisplay.show(ResultDisplay.rowsTable(r.oneShot()), ONE_SHOT_TABLE);
			ResultDisplay.showImage(Path.of(r.oneShotPng()), "SSL-TEM one-shot anchors");
			if (r.oneShotDensityPng() != null) ResultDisplay.showImage(Path.of(r.oneShotDensityPng()), "SSL-TEM one-shot anchors (density)");
		}
		ResultDisplay.log("SSL-TEM: label these first: " + r.suggested());
	}
}
