package org.ssltem.fiji.command;

import org.scijava.plugin.Parameter;
import org.ssltem.api.OperationResult;
import org.ssltem.api.Operations;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;

/**
 * The fields of {@code ssl-tem segment} that Segment Folder and Segment Image share: the model and how it is run.
 * Each adds where the images come from and where the results go.
 */
public abstract class SegmentCommand<R extends OperationResult> extends SslTemCommand<R> {

	@Parameter(style = "directory")
	File segmenter;
	@Parameter(style = "directory", required = false)
	File encoder;
	@Parameter
	int tile = Operations.SEGMENT.defaultInt("tile");
	@Parameter
	int overlap = Operations.SEGMENT.defaultInt("overlap");
	@Parameter
	double scale = Operations.SEGMENT.defaultDouble("scale");
	@Parameter
	double min_component = Operations.SEGMENT.defaultDouble("min_component");
	@Parameter
	double fill_holes = Operations.SEGMENT.defaultDouble("fill_holes");
	@Parameter(required = false)
	boolean overwrite;
	@Parameter
	String device = Operations.SEGMENT.defaultText("device");
	@Parameter
	int threads = Operations.SEGMENT.defaultInt("threads");
}
