package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Samples beside data: a valid PNG of the right size, with the points where the data is. */
class ScatterPlotTest {

    @TempDir
    Path dir;

    /** 2n points: n near (-1, 1) (top left) and n near (1, -1) (bottom right). */
    static INDArray twoClusters(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xy = new float[4 * n];
        for (int i = 0; i < 2 * n; i++) {
            double sign = i < n ? -1 : 1;
            xy[2 * i] = (float) (sign + 0.05 * rng.nextGaussian());
            xy[2 * i + 1] = (float) (-sign + 0.05 * rng.nextGaussian());
        }
        return Nd4j.create(xy, new long[] {2L * n, 2}, 'c').castTo(DataType.FLOAT);
    }

    @Test
    void drawsEachSetInItsPanelWhereItsPointsAre() throws Exception {
        Path file = dir.resolve("sub/samples.png");
        ScatterPlot.builder().panelSize(300).build().write(file, twoClusters(200, 1), twoClusters(200, 2));

        BufferedImage image = Pixels.readPng(file, 600, 300);
        assertThat(Pixels.distinctColours(image)).isGreaterThan(20);
        // left panel: data in blue, top-left and bottom-right quadrants only
        assertThat(Pixels.count(image, 0, 150, 0, 150, Pixels::bluish)).isGreaterThan(100);
        assertThat(Pixels.count(image, 150, 300, 150, 300, Pixels::bluish)).isGreaterThan(100);
        assertThat(Pixels.count(image, 150, 300, 0, 150, Pixels::bluish)).isLessThan(5);
        assertThat(Pixels.count(image, 0, 150, 150, 300, Pixels::bluish)).isLessThan(5);
        // right panel: samples in orange, same places, no blue
        assertThat(Pixels.count(image, 300, 450, 0, 150, Pixels::reddish)).isGreaterThan(100);
        assertThat(Pixels.count(image, 450, 600, 150, 300, Pixels::reddish)).isGreaterThan(100);
        assertThat(Pixels.count(image, 450, 600, 0, 150, Pixels::reddish)).isLessThan(5);
        assertThat(Pixels.count(image, 300, 600, 0, 300, Pixels::bluish)).isLessThan(5);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary files left").hasSize(1);
        }
    }

    @Test
    void sharesTheAxesSoAShiftedSetShowsShifted() {
        INDArray left = Nd4j.create(new float[] {-1, 0, -1.1f, 0.1f, -0.9f, -0.1f}, new long[] {3, 2}, 'c');
        INDArray right = Nd4j.create(new float[] {1, 0, 1.1f, 0.1f, 0.9f, -0.1f}, new long[] {3, 2}, 'c');
        BufferedImage image = ScatterPlot.builder().panelSize(200).markerSize(6).build().render(left, right);
        // each panel is the same box: the left set sits in its panel's left half, the right set in the right half
        assertThat(Pixels.count(image, 0, 100, 0, 200, Pixels::bluish)).isGreaterThan(20);
        assertThat(Pixels.count(image, 100, 200, 0, 200, Pixels::bluish)).isZero();
        assertThat(Pixels.count(image, 300, 400, 0, 200, Pixels::reddish)).isGreaterThan(20);
        assertThat(Pixels.count(image, 200, 300, 0, 200, Pixels::reddish)).isZero();
    }

    @Test
    void rejectsWhatItCannotDraw() {
        ScatterPlot plot = ScatterPlot.builder().build();
        assertThatThrownBy(() -> plot.render()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> plot.render(Nd4j.zeros(DataType.FLOAT, 5, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 1]");
        assertThatThrownBy(() -> plot.render(Nd4j.create(new float[] {Float.NaN, Float.NaN}, new long[] {1, 2}, 'c')))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> ScatterPlot.builder().panelSize(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("panel size");
    }
}
