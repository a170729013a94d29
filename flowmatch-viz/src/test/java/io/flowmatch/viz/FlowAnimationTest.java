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
            BufferedImage first = reader.read(0);
            BufferedImage last = reader.read(10);
            assertThat(first.getWidth()).isEqualTo(200);
            assertThat(first.getHeight()).isEqualTo(200);
            assertThat(Pixels.distinctColours(first)).isGreaterThan(5);
            // the box covers x in [-2, 2] (and the background clusters): points start left, end right
            assertThat(Pixels.count(first, 0, 90, 30, 200, Pixels::purplish)).isGreaterThan(30);
            assertThat(Pixels.count(first, 110, 200, 30, 200, Pixels::purplish)).isZero();
            assertThat(Pixels.count(last, 110, 200, 30, 200, Pixels::yellowish)).isGreaterThan(30);
            assertThat(Pixels.count(last, 0, 90, 30, 200, Pixels::yellowish)).isZero();

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

    private static String delay(ImageReader reader, int frame) throws java.io.IOException {
        IIOMetadataNode meta = (IIOMetadataNode) reader.getImageMetadata(frame).getAsTree("javax_imageio_gif_image_1.0");
        return ((IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime");
    }

    @Test
    void usesEveryStateWhenThereAreFewAndRejectsBadSettings() {
        assertThat(FlowAnimation.builder().size(100).build().frames(Pixels.leftToRight(5, 3), null)).hasSize(4);
        assertThatThrownBy(() -> FlowAnimation.builder().maxFrames(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowAnimation.builder().timing(5, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
