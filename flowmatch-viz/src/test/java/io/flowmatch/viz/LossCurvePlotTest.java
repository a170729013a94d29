package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.datasets.Datasets;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss curve, its smoothing, and the listener that records the losses. */
class LossCurvePlotTest {

    @TempDir
    Path dir;

    private static double[] decaying(int n) {
        SplittableRandom rng = new SplittableRandom(5);
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = 1 + 2 * Math.exp(-i / 200.0) + 0.2 * rng.nextGaussian();
        }
        return loss;
    }

    @Test
    void drawsTheRawAndSmoothedLossFallingFromLeftToRight() throws Exception {
        for (boolean log : new boolean[] {false, true}) {
            Path file = dir.resolve("loss-" + log + ".png");
            LossCurvePlot.builder().size(500, 300).logScale(log).build().write(file, decaying(3000));
            BufferedImage image = Pixels.readPng(file, 500, 300);
            assertThat(Pixels.distinctColours(image)).isGreaterThan(20);
            // the smoothed curve (blue) starts high on the left and runs lower on the right (below the legend)
            double left = meanRowOfBlue(image, 60, 90);
            double right = meanRowOfBlue(image, 400, 460);
            assertThat(left).as("log=%s", log).isLessThan(right - 40);
            assertThat(Pixels.count(image, 40, 500, 40, 300, Pixels::reddish)).as("raw losses").isGreaterThan(200);
        }
    }

    /** The mean pixel row of blue ink in columns [x0, x1), below the legend. */
    private static double meanRowOfBlue(BufferedImage image, int x0, int x1) {
        double sum = 0;
        int n = 0;
        for (int y = 80; y < image.getHeight() - 40; y++) {
            int c = Pixels.count(image, x0, x1, y, y + 1, Pixels::bluish);
            sum += (double) c * y;
            n += c;
        }
        assertThat(n).as("blue pixels in columns %d-%d", x0, x1).isGreaterThan(10);
        return sum / n;
    }

    @Test
    void movingAverageKeepsConstantsAndLinesAndSmoothsNoise() {
        double[] constant = LossCurvePlot.movingAverage(new double[] {2, 2, 2, 2, 2}, 3);
        assertThat(constant).containsExactly(2, 2, 2, 2, 2);
        double[] line = LossCurvePlot.movingAverage(new double[] {0, 1, 2, 3, 4, 5}, 3);
        assertThat(line[1]).isCloseTo(1, within(1e-12));
        assertThat(line[4]).isCloseTo(4, within(1e-12));
        assertThat(line[0]).isCloseTo(0.5, within(1e-12));
        double[] alternating = LossCurvePlot.movingAverage(new double[] {0, 2, 0, 2, 0, 2, 0, 2}, 4);
        assertThat(alternating[3]).isCloseTo(1.2, within(1e-12));
    }

    @Test
    void recorderKeepsEveryStepsLoss() {
        LossRecorder recorder = new LossRecorder();
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(37).batchSize(16).seed(1L).listener(recorder).train();
        assertThat(recorder.size()).isEqualTo(37);
        LossRecorder long1 = new LossRecorder();
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(70_000).batchSize(1).seed(1L).listener(long1)
                .listener(new io.flowmatch.core.train.TrainingListener() {
                    @Override
                    public void onStep(io.flowmatch.core.train.TrainingProgress p) {
                        if (p.step() == 66_000) {
                            p.requestStop();
                        }
                    }
                }).train();
        assertThat(long1.size()).as("grows past its first 65,536 slots").isEqualTo(66_000);
        assertThat(recorder.losses()).hasSize(37);
        assertThat(java.util.Arrays.stream(recorder.losses()).boxed()).allSatisfy(l -> assertThat(l).isPositive().isLessThan(100));
    }

    @Test
    void rejectsLossesItCannotDraw() {
        LossCurvePlot linear = LossCurvePlot.builder().build();
        assertThatThrownBy(() -> linear.render(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no losses");
        assertThatThrownBy(() -> linear.render(new double[] {1, Double.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss 2");
        assertThatThrownBy(() -> LossCurvePlot.builder().logScale(true).build().render(new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> LossCurvePlot.builder().window(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
