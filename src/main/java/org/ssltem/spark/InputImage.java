package org.ssltem.spark;

import java.io.Serializable;

/**
 * One image of a Spark job, as it travels to the executors.
 *
 * @param key       the relative path without ending that names its outputs (as the single-machine commands name them)
 * @param path      where executors read it (a local path or one on a file system every node mounts)
 * @param className its class folder when the images are a labelled dataset, else null
 */
public record InputImage(String key, String path, String className) implements Serializable {}
