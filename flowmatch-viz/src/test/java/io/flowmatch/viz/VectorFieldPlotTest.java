package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Arrows on a grid: they follow the field's direction and vanish where it does. */
class VectorFieldPlotTest {

    @TempDir
    Path dir;

    /** v = (1, 0) before t = 0.5 and (0, 1) from then on. */
    private static INDArray turning(double t, INDArray x) {
        INDArray v = Nd4j.zeros(DataType.FLOAT, x.rows(), 2);
        v.getColumn(t < 0.5 ? 0 : 1).assign(1);
        return v;
    }

    /** How many pixel rows and columns of the plot area hold ink of some colour. */
    private static int[] rowsAndColumnsWithInk(BufferedImage image, int x0, int x1) {
        int rows = 0;
        for (int y = 30; y < image.getHeight() - 30; y++) {
            if (Pixels.count(image, x0 + 30, x1 - 10, y, y + 1, Pixels::coloured) > 0) {
                rows++;
            }
        }
        int columns = 0;
        for (int x = x0 + 30; x < x1 - 10; x++) {
            if (Pixels.count(image, x, x + 1, 30, image.getHeight() - 30, Pixels::coloured) > 0) {
                columns++;
            }
        }
        return new int[] {rows, columns};
    }

    @Test
    void arrowsPointAlongTheField() throws Exception {
        Path file = dir.resolve("field.png");
        VectorFieldPlot plot = VectorFieldPlot.builder().panelSize(300).grid(5).times(0, 1).build();
        Charts.writePng(plot.render(VectorFieldPlotTest::turning, -1, 1, -1, 1), file);

        BufferedImage image = Pixels.readPng(file, 600, 300);
        assertThat(Pixels.distinctColours(image)).isGreaterThan(10);
        // t = 0: five rows of horizontal arrows, ink in few pixel rows and many columns
        int[] horizontal = rowsAndColumnsWithInk(image, 0, 300);
        assertThat(horizontal[1]).isGreaterThan(150);
        assertThat(horizontal[0]).isLessThan(horizontal[1] / 2);
        // t = 1: vertical arrows, the other way round
        int[] vertical = rowsAndColumnsWithInk(image, 300, 600);
        assertThat(vertical[0]).isGreaterThan(150);
        assertThat(vertical[1]).isLessThan(vertical[0] / 2);
    }

    @Test
    void aZeroFieldDrawsNoArrowsButShowsThePoints() {
        INDArray points = ScatterPlotTest.twoClusters(100, 3);
        BufferedImage image = VectorFieldPlot.builder().panelSize(200).times(0.3).build()
                .render((t, x) -> Nd4j.zeros(DataType.FLOAT, x.rows(), 2), points);
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(Pixels.count(image, 0, 200, 25, 200, Pixels::coloured)).isZero();
        assertThat(Pixels.count(image, 0, 100, 25, 100, rgb -> rgb != 0xFFFFFF && Pixels.red(rgb) < 230)).isPositive();
    }

    @Test
    void rejectsBadFieldsAndPoints() {
        VectorFieldPlot plot = VectorFieldPlot.builder().build();
        assertThatThrownBy(() -> plot.render((t, x) -> Nd4j.zeros(DataType.FLOAT, 3, 2), -1, 1, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("velocities");
        assertThatThrownBy(() -> plot.render(VectorFieldPlotTest::turning, Nd4j.zeros(DataType.FLOAT, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-D");
        assertThatThrownBy(() -> plot.render(VectorFieldPlotTest::turning, 1, -1, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xmin < xmax");
        assertThatThrownBy(() -> plot.render(null, -1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorFieldPlot.builder().grid(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
