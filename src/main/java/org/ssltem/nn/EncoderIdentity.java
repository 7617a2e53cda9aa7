package org.ssltem.nn;

import org.ssltem.core.Hashing;
import org.ssltem.core.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which encoder, exactly: the SHA-256 of its {@code manifest.json} and of every file of the checkpoint the
 * manifest names. Two folders with the same hash give the same features; a resumed or retrained encoder gets a new
 * one. Classifiers record it, and feature caches are keyed by it.
 */
public record EncoderIdentity(String folder, String architecture, int inputSize, int featureWidth, String sha256) {

	public static EncoderIdentity of(Path encoderDir) {
		Path dir = encoderDir.toAbsolutePath().normalize();
		EncoderManifest m = EncoderManifest.read(dir);
		Path checkpoint = m.checkpointFolder(dir);
		if (checkpoint == null || !Checkpoints.exists(checkpoint))
			throw UserInputException.about(dir, "the encoder's checkpoint is missing (" + m.checkpoint + ")",
				"pretrain again, or restore the checkpoints/ folder next to manifest.json");
		StringBuilder all = new StringBuilder("manifest ").append(Hashing.sha256(EncoderManifest.fileIn(dir))).append('\n');
		try (Stream<Path> files = Files.list(checkpoint)) {
			List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
			for (Path f : sorted) all.append(f.getFileName()).append(' ').append(Hashing.sha256(f)).append('\n');
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read the checkpoint " + checkpoint, e);
		}
		Architecture a = m.architecture();
		return new EncoderIdentity(dir.toString(), a.key, m.inputSize, a.featureWidth, Hashing.sha256(all.toString()));
	}

	/** The first 12 hex digits, for messages and file names. */
	public String shortHash() {
		return sha256.substring(0, 12);
	}
}
