package org.ssltem.annotate;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LabkitFilesTest {

	@Test
	void labelingOnTheImagesIntervalMapsBackgroundToZeroAndOthersInFileOrder(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("a.labeling");
		Files.writeString(f, "{\"interval\":{\"min\":[0,0],\"max\":[9,7],\"n\":2},"
			+ "\"labels\":{\"background\":[[0,0],[1,0]],\"nanowire\":[[3,4],[9,7]],\"junk\":[[5,5]]},"
			+ "\"colors\":{\"background\":-16777216,\"nanowire\":-65536,\"junk\":-16711936}}");
		IndexMask m = LabkitFiles.readLabeling(f, 10, 8);
		assertEquals(List.of("background", "nanowire", "junk"), m.names());
		assertEquals(1, m.at(3, 4));
		assertEquals(1, m.at(9, 7));
		assertEquals(2, m.at(5, 5));
		assertEquals(0, m.at(0, 0));
		assertEquals(2, m.count(1));
		assertEquals(2, m.count(0), "only the listed background pixels are background");
		assertEquals(80 - 5, m.count(IndexMask.UNLABELLED), "pixels without a label stay unlabelled");
	}

	@Test
	void shrunkIntervalIsScaledToTheImage(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("small.labeling");
		// a 40x20 image labelled on a 10x5 interval: one stored pixel covers 4x4 image pixels
		Files.writeString(f, "{\"interval\":{\"min\":[0,0],\"max\":[9,4]},\"labels\":{\"nanowire\":[[2,1]]},\"colors\":{}}");
		IndexMask m = LabkitFiles.readLabeling(f, 40, 20);
		assertEquals(16, m.count(1));
		for (int y = 4; y < 8; y++)
			for (int x = 8; x < 12; x++) assertEquals(1, m.at(x, y), x + "," + y);
		assertEquals(IndexMask.UNLABELLED, m.at(7, 4));
		assertEquals(IndexMask.UNLABELLED, m.at(12, 4));
	}

	@Test
	void intervalThatDoesNotFitTheImageIsRefusedWithBothSizes(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("other.labeling");
		Files.writeString(f, "{\"interval\":{\"min\":[0,0],\"max\":[99,49]},\"labels\":{\"nanowire\":[[2,1]]}}");
		IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> LabkitFiles.readLabeling(f, 40, 20));
		assertTrue(big.getMessage().contains("100x50") && big.getMessage().contains("40x20"), big.getMessage());
		// same area, other aspect ratio: not a uniform shrink either
		assertThrows(IllegalArgumentException.class, () -> LabkitFiles.readLabeling(f, 200, 200));
		Files.writeString(f, "{\"labels\": 3}");
		assertThrows(IllegalArgumentException.class, () -> LabkitFiles.readLabeling(f, 40, 20));
	}

	@Test
	void exportThenImportGivesTheSameMask(@TempDir Path tmp) {
		int[] labels = new int[12 * 9];
		for (int i = 0; i < labels.length; i++) labels[i] = (i * 7) % 5 == 0 ? 1 : (i % 11 == 0 ? 2 : i % 3 == 0 ? IndexMask.UNLABELLED : 0);
		IndexMask m = new IndexMask(12, 9, labels, List.of("background", "nanowire", "defect"));
		Path f = tmp.resolve("m.labeling");
		LabkitFiles.writeLabeling(m, f, false);
		IndexMask back = LabkitFiles.readLabeling(f, 12, 9);
		assertEquals(m.names(), back.names());
		assertArrayEquals(m.labels(), back.labels());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabkitFiles.writeLabeling(m, f, false));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
	}

	@Test
	void indexTifWithLabelSets(@TempDir Path tmp) throws Exception {
		ByteProcessor ip = new ByteProcessor(6, 4);
		ip.set(1, 1, 1);
		ip.set(2, 1, 2);
		ip.set(3, 1, 3);
		ip.set(0, 0, 1);
		Path tif = tmp.resolve("l.tif");
		assertTrue(new FileSaver(new ImagePlus("l", ip)).saveAsTiff(tif.toString()));
		Files.writeString(tmp.resolve("l.tif.labels"), "{\"labelSets\":{\"0\":[],\"1\":[\"background\"],\"2\":[\"wire\"],\"3\":[\"background\",\"wire\"]}}");
		IndexMask m = LabkitFiles.readIndexTif(tif);
		assertEquals(List.of("background", "wire"), m.names());
		assertEquals(0, m.at(1, 1));
		assertEquals(1, m.at(2, 1));
		assertEquals(1, m.at(3, 1));
		assertEquals(2, m.count(1));
		assertEquals(IndexMask.UNLABELLED, m.at(5, 3), "an empty label set is unlabelled");
	}

	@Test
	void sparsePngKeeps255AsUnlabelledButAClassic0And255MaskIsBinary(@TempDir Path tmp) {
		IndexMask sparse = new IndexMask(4, 1, new int[] { 0, 1, IndexMask.UNLABELLED, IndexMask.UNLABELLED }, List.of("background", "nanowire"));
		Path png = tmp.resolve("sparse.png");
		MaskFiles.save(sparse, png, false);
		assertEquals(255, new Opener().openImage(png.toString()).getProcessor().get(2, 0));
		assertArrayEquals(sparse.labels(), LabkitFiles.readIndexTif(png).labels());
		ByteProcessor classic = new ByteProcessor(3, 1);
		classic.set(1, 0, 255);
		Path bin = tmp.resolve("binary.png");
		assertTrue(new FileSaver(new ImagePlus("b", classic)).saveAsPng(bin.toString()));
		IndexMask read = LabkitFiles.readIndexTif(bin);
		assertEquals(0, read.count(IndexMask.UNLABELLED));
		assertEquals(1, read.count(1));
	}

	@Test
	void writtenFilesGetTheUsualModeNotAPrivateOne(@TempDir Path tmp) throws Exception {
		IndexMask m = new IndexMask(2, 1, new int[] { 0, 1 }, List.of("background", "nanowire"));
		Path labeling = tmp.resolve("m.labeling"), png = tmp.resolve("m.png");
		LabkitFiles.writeLabeling(m, labeling, false);
		MaskFiles.save(m, png, false);
		Path probe = Files.createFile(tmp.resolve("probe")); // what the user's umask gives a new file
		var usual = Files.getPosixFilePermissions(probe);
		assertTrue(usual.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ) || usual.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ),
			"this check needs a umask that lets others read: " + usual);
		assertEquals(usual, Files.getPosixFilePermissions(labeling));
		assertEquals(usual, Files.getPosixFilePermissions(png));
	}

	@Test
	void masksGoBesideTheImageAndAreNeverOverwrittenSilently(@TempDir Path tmp) {
		Path image = tmp.resolve("img-01.tif");
		Path target = MaskFiles.maskFor(image);
		assertEquals(tmp.resolve("masks/img-01.png").toAbsolutePath(), target);
		IndexMask m = new IndexMask(3, 2, new int[] { 0, 1, 1, 0, 0, 1 }, List.of("background", "nanowire"));
		MaskFiles.save(m, target, false);
		ImagePlus read = new Opener().openImage(target.toString());
		assertEquals(1, read.getProcessor().get(1, 0));
		assertEquals(0, read.getProcessor().get(0, 1));
		assertThrows(IllegalArgumentException.class, () -> MaskFiles.save(m, target, false));
		MaskFiles.save(new IndexMask(3, 2, new int[6], List.of("background")), target, true);
		assertEquals(0, new Opener().openImage(target.toString()).getProcessor().get(1, 0));
		try (var s = java.nio.file.Files.list(target.getParent())) {
			assertEquals(1, s.count(), "no temporary files are left behind");
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
