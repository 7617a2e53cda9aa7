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

	public static final String TABLE = "SSL-TEM images to label first", STUDY_TABLE = "SSL-TEM anchor study",
		ONE_SHOT_TABLE = "SSL-TEM one-shot anchors";

	@Parameter(style = "directory", description = "the out folder of Pretrain Encoder")
	File encoder;
	@Parameter(style = "directory", description = "folder of images or of class folders")
	File dataset;
	@Parameter(style = "directory", description = "output folder: suggested.csv (and study.csv, study.png, one_shot.csv, one_shot.png)")
	File out;
	@Parameter(description = "images to suggest (0 = number of classes)")
	int anchors = 0;
	@Parameter(description = "splits of the study (0 = suggestion only)")
	int split_seeds = 20;
	@Parameter(description = "random anchor sets per split")
	int random_draws = 10;
	@Parameter(description = "one-image-per-class anchor sets per split for the one-shot study (0 = skip it)")
	int one_shot_draws = 50;
	@Parameter(style = "directory", required = false, description = "masks of the dataset's images: relates one-shot accuracy to nanowire density too")
	File masks;
	@Parameter(required = false, description = "the nanowire class in masks (empty: every non-zero value)")
	Integer foreground;
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
		List<?> oneShot = (List<?>) r.get("one_shot");
		if (oneShot != null) {
			Results.show(Results.rowsTable(oneShot), ONE_SHOT_TABLE);
			Results.showImage(Path.of((String) r.get("one_shot_png")), "SSL-TEM one-shot anchors");
			if (r.get("one_shot_density_png") != null) Results.showImage(Path.of((String) r.get("one_shot_density_png")), "SSL-TEM one-shot anchors (density)");
		}
		Results.log("SSL-TEM: label these first: " + r.get("suggested"));
	}
}
