package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The animated GIF: frame count, size, delays, endless loop, and points moving as they should. */
class FlowAnimationTest {

    @TempDir
    Path dir;

    @Test
    void writesALoopingGifWhosePointsMoveFromLeftToRight() throws Exception {
        Path file = dir.resolve("flow.gif");
        FlowAnimation.builder().size(200).maxFrames(11).timing(50, 1000).build()
                .write(file, Pixels.leftToRight(40, 20), ScatterPlotTest.twoClusters(50, 4));

        try (InputStream in = Files.newInputStream(file)) {
            assertThat(new String(in.readNBytes(6), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        }
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(stream);
            assertThat(reader.getNumImages(true)).isEqualTo(11);
            BufferedImage first = shown(reader, 0);
            BufferedImage last = shown(reader, 10);
            assertThat(first.getWidth()).isEqualTo(200);
            assertThat(first.getHeight()).isEqualTo(200);
            assertThat(Pixels.distinctColours(first)).isGreaterThan(5);
            // the box covers x in [-2, 2] (and the background clusters): points start left, end right
            assertThat(Pixels.count(first, 0, 90, 30, 200, Pixels::purplish)).isGreaterThan(30);
            assertThat(Pixels.count(first, 110, 200, 30, 200, Pixels::purplish)).isZero();
            assertThat(Pixels.count(last, 110, 200, 30, 200, Pixels::yellowish)).isGreaterThan(30);
            assertThat(Pixels.count(last, 0, 90, 30, 200, Pixels::yellowish)).isZero();
            assertThat(Pixels.count(last, 0, 200, 30, 200, Pixels::purplish)).as("no trace of earlier frames").isZero();

            IIOMetadataNode meta0 = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode app = (IIOMetadataNode) meta0.getElementsByTagName("ApplicationExtension").item(0);
            assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
            assertThat((byte[]) app.getUserObject()).containsExactly(1, 0, 0);
            assertThat(delay(reader, 0)).isEqualTo("5");
            assertThat(delay(reader, 10)).isEqualTo("100");
        } finally {
            reader.dispose();
        }
    }

    /**
     * What a viewer shows at frame {@code k}: frames 0..k drawn over each other (transparent pixels
     * of a frame keep what was there, as its disposal method "doNotDispose" asks).
     */
    private static BufferedImage shown(ImageReader reader, int k) throws java.io.IOException {
        BufferedImage first = reader.read(0);
        BufferedImage canvas = new BufferedImage(first.getWidth(), first.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = canvas.createGraphics();
        for (int i = 0; i <= k; i++) {
            IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
            assertThat(((IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0))
                    .getAttribute("disposalMethod")).isEqualTo("doNotDispose");
            g.drawImage(reader.read(i), 0, 0, null);
        }
        g.dispose();
        return canvas;
    }

    private static String delay(ImageReader reader, int frame) throws java.io.IOException {
        IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(frame).getAsTree("javax_imageio_gif_image_1.0");
        return ((IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime");
    }

    @Test
    void framesKeepTheirColoursExactlyWhenFewAndNearlyWhenMany() {
        BufferedImage few = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 30; x++) {
            for (int y = 0; y < 10; y++) {
                few.setRGB(x, y, x < 10 ? 0xFFFFFF : x < 20 ? 0x3B518B : 0xFDE725);
            }
        }
        BufferedImage exact = GifWriter.indexed(few);
        assertThat(exact.getType()).isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
        for (int x = 0; x < 30; x++) {
            assertThat(exact.getRGB(x, 5) & 0xFFFFFF).isEqualTo(few.getRGB(x, 5) & 0xFFFFFF);
        }
        // 1000 shades of a gradient: 256 kept, every other one shown as a close neighbour
        BufferedImage many = new BufferedImage(1000, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 1000; x++) {
            int v = x * 255 / 999;
            many.setRGB(x, 0, (v << 16) | ((255 - v) << 8) | (x % 4));
            many.setRGB(x, 1, 0xFFFFFF);
        }
        BufferedImage near = GifWriter.indexed(many);
        for (int x = 0; x < 1000; x++) {
            int a = many.getRGB(x, 0);
            int b = near.getRGB(x, 0);
            assertThat(Math.abs(Pixels.red(a) - Pixels.red(b)) + Math.abs(Pixels.green(a) - Pixels.green(b))
                    + Math.abs(Pixels.blue(a) - Pixels.blue(b))).as("colour error at %d", x).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void usesEveryStateWhenThereAreFewAndRejectsBadSettings() {
        assertThat(FlowAnimation.builder().size(100).build().frames(Pixels.leftToRight(5, 3), null)).hasSize(4);
        assertThatThrownBy(() -> GifWriter.write(dir.resolve("x.gif"), java.util.List.of(
                new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), new BufferedImage(11, 10, BufferedImage.TYPE_INT_RGB)),
                new int[] {10, 10})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> FlowAnimation.builder().maxFrames(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowAnimation.builder().timing(5, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
