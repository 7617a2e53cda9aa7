package org.ssltem.spark;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;

/**
 * One image of a Spark job, as it travels to the executors.
 *
 * @param key       the relative path without ending that names its outputs (as the single-machine commands name them)
 * @param path      where executors read it: a local path (one every node mounts) or a URI on a Hadoop file system
 * @param className its class folder when the images are a labelled dataset, else null
 */
public record InputImage(String key, String path, String className) implements Serializable {

	/** The image's path (of a URI: its path part), for naming it relative to the images' folder in summary CSVs. */
	public Path file() {
		return HadoopFiles.isUri(path) ? Path.of(URI.create(path).getPath()) : Path.of(path);
	}
}
