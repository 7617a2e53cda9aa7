package org.ssltem.cli;

import org.ssltem.data.MaskRule;
import picocli.CommandLine.Option;

/** How the commands that read finished masks (seg-eval, morphology) interpret pixel values, and whether they may replace --out. */
final class MaskOptions {

	@Option(names = "--foreground", paramLabel = "V", description = "the nanowire (foreground) class; default: every non-zero class")
	Integer foreground;

	@Option(names = "--classes", paramLabel = "C", defaultValue = "2", description = "classes including background; 2 also accepts 0/255; default: ${DEFAULT-VALUE}")
	int classes;

	@Option(names = "--overwrite", description = "replace --out if it exists")
	boolean overwrite;

	MaskRule rule() {
		return new MaskRule(classes, foreground);
	}
}
