package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Grids of grey images: layout, grey levels, the PNG, and the GIF through the one GIF writer. */
class ImageGridTest {

    @TempDir
    Path dir;

    /** Two rows by three columns of 2x2 images; image k is uniformly -1 + k * 0.4 (clipped at 1). */
    private static INDArray images(float shift) {
        float[] px = new float[6 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = -1f + (i / 4) * 0.4f + shift;
        }
        return Nd4j.create(px, new long[] {6, 4}, DataType.FLOAT);
    }

    private static int grey(BufferedImage picture, int x, int y) {
        return picture.getRGB(x, y) & 0xFF;
    }

    @Test
    void laysImagesOutRowByRowWithGreyGaps() {
        BufferedImage picture = ImageGrid.render(images(0f), 2, 3, 2, 2, 3);
        // 3 columns of 6-pixel tiles with 2-pixel gaps around them; 2 rows likewise
        assertThat(picture.getWidth()).isEqualTo(3 * 6 + 4 * 2);
        assertThat(picture.getHeight()).isEqualTo(2 * 6 + 3 * 2);
        assertThat(grey(picture, 0, 0)).isEqualTo(0x40);
        assertThat(grey(picture, 2, 2)).isZero();                       // image 0: -1, black
        assertThat(grey(picture, 2 + 8 + 8, 2 + 8 + 5)).isEqualTo(255); // image 5: 1, white
        assertThat(grey(picture, 2 + 8, 2 + 8)).isEqualTo(Math.round((-1f + 4 * 0.4f + 1) * 127.5f)); // image 4
    }

    @Test
    void writesAReadablePng() throws Exception {
        Path file = dir.resolve("grid.png");
        ImageGrid.writePng(file, images(0f), 2, 3, 2, 2, 1);
        BufferedImage back = Pixels.readPng(file, 3 * 2 + 4 * 2, 2 * 2 + 3 * 2);
        assertThat(grey(back, 2, 2)).isZero();
    }

    @Test
    void writesALoopingGifWhoseLastFrameStaysFourTimesAsLong() throws Exception {
        Path file = dir.resolve("denoise.gif");
        List<BufferedImage> frames = List.of(ImageGrid.render(images(0f), 2, 3, 2, 2, 2),
                ImageGrid.render(images(0.2f), 2, 3, 2, 2, 2), ImageGrid.render(images(0.4f), 2, 3, 2, 2, 2));
        ImageGrid.writeGif(file, frames, 80);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(stream);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            assertThat(delay(reader, 0)).isEqualTo("8");
            assertThat(delay(reader, 1)).isEqualTo("8");
            assertThat(delay(reader, 2)).isEqualTo("32");
            IIOMetadataNode meta0 = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode app = (IIOMetadataNode) meta0.getElementsByTagName("ApplicationExtension").item(0);
            assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
            BufferedImage first = reader.read(0);
            assertThat(first.getWidth()).isEqualTo(frames.get(0).getWidth());
            for (int x = 0; x < first.getWidth(); x++) {
                for (int y = 0; y < first.getHeight(); y++) {
                    assertThat(first.getRGB(x, y) & 0xFFFFFF).isEqualTo(frames.get(0).getRGB(x, y) & 0xFFFFFF);
                }
            }
        } finally {
            reader.dispose();
        }
    }

    @Test
    void rejectsBadShapesAndSettings() {
        assertThatThrownBy(() -> ImageGrid.render(images(0f), 3, 3, 2, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[9, 4]");
        assertThatThrownBy(() -> ImageGrid.render(images(0f), 2, 3, 2, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageGrid.writeGif(dir.resolve("x.gif"), List.of(), 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one frame");
        BufferedImage frame = ImageGrid.render(images(0f), 2, 3, 2, 2, 1);
        assertThatThrownBy(() -> ImageGrid.writeGif(dir.resolve("x.gif"), List.of(frame), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10 ms");
    }

    private static String delay(ImageReader reader, int frame) throws java.io.IOException {
        IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(frame).getAsTree("javax_imageio_gif_image_1.0");
        return ((IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime");
    }
}
