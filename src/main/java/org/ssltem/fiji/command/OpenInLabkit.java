package org.ssltem.fiji.command;

import org.ssltem.api.OperationResult;

import ij.IJ;
import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.ssltem.fiji.SslTemCommand;

import java.io.File;
import java.util.List;

/** Opens an image in Labkit when Labkit is installed (looked up by class name: no dependency); otherwise says how to install it. */
@Plugin(type = Command.class, label = "Open in Labkit")
public class OpenInLabkit extends SslTemCommand<OperationResult> {

	/** Labkit's "Open Current Image With Labkit" command, current and older package names. */
	static final List<String> LABKIT_COMMANDS = List.of("sc.fiji.labkit.ui.plugin.LabkitPlugin", "net.imglib2.labkit.plugin.LabkitPlugin");

	static final String INSTALL = "Labkit is not installed. Fix: in Fiji, Help > Update... > Manage Update Sites, tick \"Labkit\", "
		+ "Apply and Close, Apply Changes, then restart Fiji";

	@Parameter(style = "open", required = false, description = "image to open (empty: the current image)")
	File image;

	@Parameter(required = false)
	CommandService commands;

	@Override
	protected void execute() {
		CommandInfo labkit = find(commands);
		if (labkit == null) throw new IllegalArgumentException(INSTALL);
		if (image != null && !image.getPath().isEmpty()) {
			ImagePlus imp = IJ.openImage(image.getPath());
			if (imp == null) throw new IllegalArgumentException(image + ": could not be opened as an image");
			imp.show();
		}
		commands.run(labkit, true);
	}

	/** Labkit's command, or null when Labkit (or SciJava) is absent. */
	static CommandInfo find(CommandService commands) {
		if (commands == null) return null;
		for (String name : LABKIT_COMMANDS) {
			CommandInfo info = commands.getCommand(name);
			if (info != null) return info;
		}
		return null;
	}
}
