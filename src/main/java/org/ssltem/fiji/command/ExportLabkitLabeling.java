package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.api.LabelImage;
import org.ssltem.fiji.EngineLoader;
import org.ssltem.fiji.ResultDisplay;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;

/** An SSL-TEM index mask (0 background, 1 nanowire, ..., 255 unlabelled in a sparse mask) → a Labkit {@code .labeling} to correct in Labkit. */
@Plugin(type = Command.class, label = "Export Labkit Labeling")
public class ExportLabkitLabeling extends SslTemCommand<OperationResult> {

	@Parameter(style = "open", description = "index mask (PNG or TIFF); a .labels file beside it names the labels")
	File mask;
	@Parameter(style = "save", description = "the .labeling file to write")
	File out;
	@Parameter(required = false, description = "replace out if it exists")
	boolean overwrite;

	@Override
	protected void execute() {
		// read and written engine-side, where Gson is: plain ImageJ has no Gson of its own
		int[] size = ImageSize.of(mask.toPath());
		LabelImage m = EngineLoader.engine().readLabels(mask.toPath(), size[0], size[1]);
		EngineLoader.engine().writeLabeling(m, out.toPath(), overwrite);
		ResultDisplay.log("SSL-TEM: labels " + m.names() + " -> " + out);
	}
}
