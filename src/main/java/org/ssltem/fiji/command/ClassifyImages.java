package org.ssltem.fiji.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.Results;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code ssl-tem classify}: one row per image with the predicted class and each class's probability; a confusion matrix for class folders. */
@Plugin(type = Command.class, menuPath = "Plugins>SSL-TEM>Classification>Classify Images")
public class ClassifyImages extends SslTemCommand {

	public static final String TABLE = "SSL-TEM classification";

	@Parameter(style = "directory", description = "the out folder of Train Classifier")
	File classifier;
	@Parameter(style = "directory", description = "folder of images, or of class folders (then accuracy and a confusion matrix)")
	File images;
	@Parameter(style = "save", description = "CSV file: file[,class],predicted,p_<class>...")
	File out;
	@Parameter(style = "directory", required = false, description = "the classifier's encoder, if it has moved (default: the folder it records)")
	File encoder;
	@Parameter(required = false, description = "replace out (and its confusion matrix) if they exist")
	boolean overwrite;

	@Override
	protected String operation() {
		return "classify";
	}

	@Override
	protected void show(Map<String, Object> r) {
		Results.show(Results.csvTable(Path.of((String) r.get("csv"))), TABLE);
		if (r.get("confusion_png") != null) Results.showImage(Path.of((String) r.get("confusion_png")), "SSL-TEM confusion matrix");
		double accuracy = ((Number) r.get("accuracy")).doubleValue();
		Results.log("SSL-TEM: " + r.get("images") + " images classified -> " + r.get("csv")
			+ (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, "; accuracy %.1f%%, confusion matrix -> %s", 100 * accuracy, r.get("confusion_csv"))));
		for (Object w : (java.util.List<?>) r.get("warnings")) Results.log("SSL-TEM: warning: " + w);
	}
}
