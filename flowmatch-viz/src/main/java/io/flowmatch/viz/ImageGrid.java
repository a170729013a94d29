package io.flowmatch.viz;

import io.flowmatch.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lays grey images out in a grid picture and writes it as PNG, or a sequence of grids as an
 * animated GIF. Pixel values in [-1, 1] map to black..white (values outside are clipped). Each
 * image is enlarged {@code scale} times (nearest neighbour) and images are separated by a 2-pixel
 * grey gap.
 *
 * <p>It takes plain arrays (a flattened image a row), so that pictures need no image model: the
 * samples of {@code io.flowmatch.image.ImageFlowModel} go in as they come out. GIFs are written by
 * the same encoder as {@link FlowAnimation}'s.
 */
public final class ImageGrid {

    private static final int GAP = 2;
    private static final int GAP_GREY = 0x40;

    private ImageGrid() {
    }

    /**
     * Renders {@code images} (shape {@code [rows * columns, height * width]}, row-major, image
     * {@code r * columns + c} in grid cell (r, c)) as a picture.
     *
     * @throws IllegalArgumentException if the shapes disagree or a size is not positive
     */
    public static BufferedImage render(INDArray images, int rows, int columns, int height, int width, int scale) {
        if (rows < 1 || columns < 1 || height < 1 || width < 1 || scale < 1) {
            throw new IllegalArgumentException("grid sizes must be positive, got rows=" + rows + ", columns=" + columns
                    + ", image " + height + "x" + width + ", scale " + scale);
        }
        if (images.rank() != 2 || images.rows() != (long) rows * columns || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("expected images of shape [" + (rows * columns) + ", " + (height * width)
                    + "], got " + java.util.Arrays.toString(images.shape()));
        }
        float[] px = images.dup('c').data().asFloat();
        int tileW = width * scale;
        int tileH = height * scale;
        int totalW = columns * tileW + (columns + 1) * GAP;
        int totalH = rows * tileH + (rows + 1) * GAP;
        BufferedImage picture = new BufferedImage(totalW, totalH, BufferedImage.TYPE_BYTE_GRAY);
        int gap = GAP_GREY << 16 | GAP_GREY << 8 | GAP_GREY;
        for (int y = 0; y < totalH; y++) {
            for (int x = 0; x < totalW; x++) {
                picture.setRGB(x, y, gap);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int base = (r * columns + c) * height * width;
                int x0 = GAP + c * (tileW + GAP);
                int y0 = GAP + r * (tileH + GAP);
                for (int i = 0; i < tileH; i++) {
                    for (int j = 0; j < tileW; j++) {
                        float v = px[base + (i / scale) * width + (j / scale)];
                        int g = (int) Math.round((Math.max(-1f, Math.min(1f, v)) + 1) * 127.5);
                        picture.setRGB(x0 + j, y0 + i, g << 16 | g << 8 | g);
                    }
                }
            }
        }
        return picture;
    }

    /** Renders as {@link #render} and writes a PNG file atomically. */
    public static void writePng(Path file, INDArray images, int rows, int columns, int height, int width, int scale) {
        BufferedImage picture = render(images, rows, columns, height, width, scale);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /**
     * Writes {@code frames} as an animated GIF that loops forever, showing each frame for
     * {@code delayMillis} (rounded to hundredths of a second) and the last one four times as long.
     * Atomic, like every picture of this module.
     *
     * @param frames pictures of one size, e.g. from {@link #render}
     * @throws IllegalArgumentException if there are no frames, they differ in size, or the delay
     *                                  is under 10 ms
     */
    public static void writeGif(Path file, List<BufferedImage> frames, int delayMillis) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a GIF needs at least one frame");
        }
        if (delayMillis < 10) {
            throw new IllegalArgumentException("frame delay must be at least 10 ms, got " + delayMillis);
        }
        int[] delays = new int[frames.size()];
        java.util.Arrays.fill(delays, delayMillis);
        delays[delays.length - 1] = 4 * delayMillis;
        GifWriter.write(file, frames, delays);
    }
}
