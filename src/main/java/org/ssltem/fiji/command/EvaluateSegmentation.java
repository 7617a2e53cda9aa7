package org.ssltem.fiji.command;

import org.ssltem.api.Results;

import org.ssltem.api.Operations;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;
import java.util.Map;

/** {@code ssl-tem seg-eval}: soft Dice and IoU of predicted masks against true masks, per image (a table) and median. */
@Plugin(type = Command.class, label = "Evaluate Segmentation")
public class EvaluateSegmentation extends SslTemCommand<Results.SegmentationScores> {

	public static final String TABLE = "SSL-TEM segmentation scores";

	@Parameter(style = "directory")
	File predicted;
	@Parameter(style = "directory")
	File truth;
	@Parameter(required = false)
	Integer foreground;
	@Parameter
	int classes = Operations.SEG_EVAL.defaultInt("classes");
	@Parameter(required = false)
	boolean overwrite;
	@Parameter(style = "save")
	File out;

	@Override
	protected String operation() {
		return "seg-eval";
	}

	@Override
	protected void show(Results.SegmentationScores r) {
		ResultDisplay.show(ResultDisplay.rowsTable(r.images()), TABLE);
		r.summary().forEach(line -> ResultDisplay.log("SSL-TEM: " + line));
	}
}
