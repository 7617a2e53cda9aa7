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

/** {@code ssl-tem anchors}: which images to label first (k-medoids in feature space), and with class folders a study against random picks. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Classification>Suggest Images to Label")
public class SuggestImagesToLabel extends SslTemCommand {

	public static final String TABLE = "SSL-TEM images to label first", STUDY_TABLE = "SSL-TEM anchor study";

	@Parameter(style = "directory", description = "the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(style = "directory", description = "folder of images or of class folders")
	File dataset;
	@Parameter(style = "directory", description = "output folder: suggested.csv (and study.csv, study.png)")
	File out;
	@Parameter(description = "images to suggest (0 = number of classes)")
	int anchors = 0;
	@Parameter(description = "splits of the study (0 = suggestion only)")
	int split_seeds = 20;
	@Parameter(description = "random anchor sets per split")
	int random_draws = 10;
	@Parameter
	long seed = 0;
	@Parameter(required = false, description = "z-score features before each classifier (not the paper's)")
	boolean standardize;
	@Parameter(required = false, description = "replace a study already in out")
	boolean overwrite;

	@Override
	protected String operation() {
		return "anchors";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.csvTable(Path.of((String) r.get("suggested_csv"))), TABLE);
		List<?> study = (List<?>) r.get("study");
		if (!study.isEmpty()) {
			Results.show(Results.rowsTable(study), STUDY_TABLE);
			Results.showImage(Path.of((String) r.get("study_png")), "SSL-TEM anchor study");
		}
		Results.log("SSL-TEM: label these first: " + r.get("suggested"));
	}
}
