package org.ssltem.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.ssltem.core.UserInputException;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Images and outputs named by a URI ({@code hdfs://}, {@code s3a://}, {@code file://}, any scheme Hadoop has a
 * FileSystem for) are read, listed and written through Hadoop's FileSystem API, with the {@code spark.hadoop.*}
 * settings of the job (credentials, endpoints). Plain paths keep java.nio, the fast way.
 */
final class HadoopFiles {

	/** A scheme of two letters or more, then ':/' (a Windows drive letter such as C:/ is one letter, so a path). */
	private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

	private static Configuration defaults;

	private HadoopFiles() {}

	static boolean isUri(String location) {
		return location != null && URI_START.matcher(location).matches();
	}

	static URI uri(String location) {
		try {
			return new URI(location).normalize();
		}
		catch (URISyntaxException e) {
			throw UserInputException.option("'" + location + "' is not a valid URI (" + e.getMessage() + ")",
				"write it as scheme://host/path with spaces and other special characters %-escaped, or give a plain path");
		}
	}

	/**
	 * The Hadoop configuration of this JVM: the cluster's own ({@code core-site.xml} on the class path or in
	 * {@code HADOOP_CONF_DIR}) with the job's {@code spark.hadoop.*} settings on top, on the driver (before or after
	 * the session starts) and on the executors alike.
	 */
	static Configuration configuration() {
		Configuration c = new Configuration(defaults());
		SparkEnv env = SparkEnv.get();
		SparkConf conf = env != null ? env.conf() : new SparkConf();
		for (Tuple2<String, String> e : conf.getAllWithPrefix("spark.hadoop.")) c.set(e._1(), e._2());
		return c;
	}

	/** The URI's file system; for {@code file://} Hadoop's raw local one, which writes no {@code .crc} files beside the outputs. */
	/** Hadoop's defaults and site files, parsed once per JVM (an XML parse each time cost 0.1 s or more of CPU). */
	private static synchronized Configuration defaults() {
		if (defaults == null) {
			Configuration c = new Configuration();
			c.size(); // parses the resources now, so copies start from the parsed properties
			defaults = c;
		}
		return defaults;
	}

	static FileSystem fileSystem(URI uri) {
		try {
			FileSystem fs = FileSystem.get(uri, configuration());
			return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
		}
		catch (IOException | RuntimeException e) {
			throw UserInputException.option("no file system for " + uri + " (" + e.getMessage() + ")",
				"check the URI's scheme and host, and that Hadoop's connector for it (e.g. hadoop-aws for s3a://) is on the class path");
		}
	}

	static org.apache.hadoop.fs.Path path(URI uri) {
		return new org.apache.hadoop.fs.Path(uri);
	}

	/** A file on a Hadoop file system copied to {@code localDir} under its own file name (so its ending still says its format). */
	static Path download(String location, Path localDir) throws IOException {
		URI u = uri(location);
		String name = Path.of(u.getPath()).getFileName().toString();
		Path local = localDir.resolve(UUID.randomUUID() + "-" + name);
		try (InputStream in = fileSystem(u).open(path(u))) {
			Files.copy(in, local);
		}
		return local;
	}

	/**
	 * Copies a local file to {@code target} on its file system whole or not at all: to a hidden name beside it, then
	 * renamed (atomic on HDFS and local disks; an object store shows an object only once its upload is complete).
	 */
	static void upload(Path local, FileSystem fs, org.apache.hadoop.fs.Path target) throws IOException {
		org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
		try {
			try (OutputStream out = fs.create(tmp, false)) {
				Files.copy(local, out);
			}
			replace(fs, tmp, target);
		}
		finally {
			fs.delete(tmp, false);
		}
	}

	/** Renames {@code source} (a file or a folder) to {@code target}, replacing what was there. */
	static void replace(FileSystem fs, org.apache.hadoop.fs.Path source, org.apache.hadoop.fs.Path target) throws IOException {
		org.apache.hadoop.fs.Path old = null;
		if (fs.exists(target)) {
			old = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
			if (!fs.rename(target, old)) throw new IOException("could not move " + target + " aside to replace it");
		}
		if (!fs.rename(source, target)) throw new IOException("could not rename " + source + " to " + target);
		if (old != null) fs.delete(old, true);
	}
}
