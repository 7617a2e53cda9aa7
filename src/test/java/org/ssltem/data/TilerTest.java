package org.ssltem.data;

import org.junit.jupiter.api.Test;
import org.ssltem.core.UserInputException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TilerTest {

	@Test
	void lastTileIsAlignedToTheFarEdge() {
		assertArrayEquals(new int[] { 0, 224, 296 }, Tiler.origins(520, 224, 224));
		assertArrayEquals(new int[] { 0, 224 }, Tiler.origins(448, 224, 224));
		assertArrayEquals(new int[] { 0 }, Tiler.origins(224, 224, 224));
		assertArrayEquals(new int[] { 0, 3, 6 }, Tiler.origins(10, 4, 3));
	}

	@Test
	void tilesCoverTheWholeImageWithItsOwnPixels() {
		GreyImage image = new GreyImage(100, 70);
		for (int i = 0; i < image.pixels.length; i++) image.pixels[i] = i / (float) image.pixels.length;

		List<Tiler.Tile> tiles = Tiler.tile(image, 32, null);

		assertEquals(4 * 3, tiles.size());
		boolean[] covered = new boolean[image.pixels.length];
		for (Tiler.Tile t : tiles) {
			assertEquals(32, t.image().width);
			assertEquals(32, t.image().height);
			for (int y = 0; y < 32; y++)
				for (int x = 0; x < 32; x++) {
					assertEquals(image.get(t.x() + x, t.y() + y), t.image().get(x, y));
					covered[(t.y() + y) * image.width + t.x() + x] = true;
				}
		}
		for (boolean c : covered) assertTrue(c);
		assertEquals(68, tiles.get(3).x());
		assertEquals(38, tiles.get(11).y());
	}

	@Test
	void overlappingStride() {
		List<Tiler.Tile> tiles = Tiler.tile(new GreyImage(10, 4), 4, 3, null);
		assertEquals(List.of(0, 3, 6), tiles.stream().map(Tiler.Tile::x).toList());
	}

	@Test
	void imageSmallerThanTheTileNamesTheFile() {
		Path file = Path.of("some", "small.png");
		UserInputException e = assertThrows(UserInputException.class, () -> Tiler.tile(new GreyImage(50, 20), 32, file));
		assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("50×20"), e.getMessage());
		assertTrue(e.getMessage().contains("Fix: use a smaller --size/--tile, or remove the image"), e.getMessage());
	}

	@Test
	void strideLargerThanTheTileWouldLeaveGaps() {
		assertThrows(UserInputException.class, () -> Tiler.tile(new GreyImage(64, 64), 16, 17, null));
	}
}
