package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shapes, reproducibility and moments of each generator against its definition. */
class GeneratorsTest {

    private static final int N = 40_000;
    /** Five standard errors of a mean of N draws with unit variance. */
    private static final double SE5 = 5 / Math.sqrt(N);

    private static float[] draw(DataSource source, long seed) {
        float[] out = new float[N * source.dimension()];
        source.sample(new SplittableRandom(seed), out, N);
        return out;
    }

    private static double mean(float[] xy, int column, int d) {
        double s = 0;
        for (int i = column; i < xy.length; i += d) {
            s += xy[i];
        }
        return s / (xy.length / d);
    }

    @Test
    void everyGeneratorIsReproducibleAndShaped() {
        DataSource[] all = {Datasets.moons(0.05), Datasets.spiral(), Datasets.annulus(), Datasets.eightGaussians(),
            Datasets.circles(), Datasets.swissRoll(), Datasets.checkerboard(), Datasets.gaussian(5)};
        for (DataSource s : all) {
            assertThat(s.sample(100, 3L)).as(s.description()).isEqualTo(s.sample(100, 3L));
            assertThat(s.sample(100, 3L)).as(s.description()).isNotEqualTo(s.sample(100, 4L));
            assertThat(s.sample(100, 3L).shape()).containsExactly(100, s.dimension());
            assertThat(s.description()).isNotBlank();
        }
    }

    @Test
    void moonsHaveTheirMeanAndLieNearTheTwoArcs() {
        float[] p = draw(Datasets.moons(0.05), 1L);
        assertThat(mean(p, 0, 2)).isCloseTo(0.5, within(SE5));
        assertThat(mean(p, 1, 2)).isCloseTo(0.25, within(SE5));
        for (int i = 0; i < N; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            double toUpper = Math.abs(Math.hypot(x, y) - 1);
            double toLower = Math.abs(Math.hypot(x - 1, y - 0.5) - 1);
            assertThat(Math.min(toUpper, toLower)).isLessThan(0.35); // 7 sigma of the noise
        }
        float[] clean = draw(Datasets.moons(0), 2L);
        for (int i = 0; i < N; i++) {
            double x = clean[2 * i];
            double y = clean[2 * i + 1];
            double d = y >= 0 && Math.hypot(x, y) > 0.999 && Math.hypot(x, y) < 1.001 ? 0
                    : Math.abs(Math.hypot(x - 1, y - 0.5) - 1);
            assertThat(d).isLessThan(1e-5);
        }
        assertThatThrownBy(() -> Datasets.moons(-1)).hasMessageContaining("noise");
    }

    @Test
    void spiralRadiusGrowsWithTheAngle() {
        float[] p = draw(Datasets.spiral(), 3L);
        // E[r] for r = a / 2 pi with a ~ U[0, 6 pi] is 1.5; noise of 0.1 adds a little at small radii
        double r = 0;
        for (int i = 0; i < N; i++) {
            r += Math.hypot(p[2 * i], p[2 * i + 1]);
        }
        assertThat(r / N).isCloseTo(1.5, within(0.03));
        assertThat(mean(p, 0, 2)).isCloseTo(0, within(0.05));
    }

    @Test
    void annulusRadiiAreUniformInTwoToThree() {
        float[] p = draw(Datasets.annulus(), 4L);
        double sum = 0;
        int inner = 0;
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(p[2 * i], p[2 * i + 1]);
            assertThat(r).isBetween(2.0 - 1e-5, 3.0 + 1e-5);
            sum += r;
            inner += r < 2.5 ? 1 : 0;
        }
        assertThat(sum / N).isCloseTo(2.5, within(0.29 * SE5));
        assertThat(inner / (double) N).isCloseTo(0.5, within(0.5 * SE5));
        assertThat(mean(p, 0, 2)).isCloseTo(0, within(3 * SE5));
        assertThat(mean(p, 1, 2)).isCloseTo(0, within(3 * SE5));
    }

    @Test
    void eightGaussiansAreBalancedAroundTheirCentres() {
        float[] p = draw(Datasets.eightGaussians(), 5L);
        int[] counts = new int[8];
        for (int i = 0; i < N; i++) {
            double a = Math.atan2(p[2 * i + 1], p[2 * i]);
            int k = (int) Math.floorMod(Math.round(a / (Math.PI / 4)), 8);
            double cx = 5 * Math.cos(k * Math.PI / 4);
            double cy = 5 * Math.sin(k * Math.PI / 4);
            assertThat(Math.hypot(p[2 * i] - cx, p[2 * i + 1] - cy)).isLessThan(0.5 * 5);
            counts[k]++;
        }
        for (int c : counts) {
            assertThat(c / (double) N).isCloseTo(1.0 / 8, within(0.01));
        }
    }

    @Test
    void circlesHaveTwoRadii() {
        float[] p = draw(Datasets.circles(), 6L);
        int outer = 0;
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(p[2 * i], p[2 * i + 1]);
            assertThat(Math.min(Math.abs(r - 1), Math.abs(r - 0.5))).isLessThan(0.3);
            outer += r > 0.75 ? 1 : 0;
        }
        assertThat(outer / (double) N).isCloseTo(0.5, within(0.5 * SE5));
    }

    @Test
    void swissRollStaysInItsBox() {
        float[] p = draw(Datasets.swissRoll(), 7L);
        for (float v : p) {
            assertThat(Math.abs(v)).isLessThan(3.4f);
        }
        double maxR = 0;
        double minR = Double.MAX_VALUE;
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(p[2 * i], p[2 * i + 1]);
            maxR = Math.max(maxR, r);
            minR = Math.min(minR, r);
        }
        assertThat(minR).isBetween(0.5, 1.0); // 1.5 pi / 5 = 0.94 minus noise
        assertThat(maxR).isBetween(2.7, 3.3); // 4.5 pi / 5 = 2.83 plus noise
    }

    @Test
    void checkerboardPointsLieOnBlackSquaresOnly() {
        float[] p = draw(Datasets.checkerboard(), 8L);
        int[] counts = new int[16];
        for (int i = 0; i < N; i++) {
            int cx = (int) Math.floor(p[2 * i] / 2);
            int cy = (int) Math.floor(p[2 * i + 1] / 2);
            assertThat(cx).isBetween(-2, 1);
            assertThat(cy).isBetween(-2, 1);
            assertThat(Math.floorMod(cx + cy, 2)).as("square (%s, %s) is black", cx, cy).isEqualTo(0);
            counts[(cx + 2) * 4 + cy + 2]++;
        }
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                used++;
                assertThat(c / (double) N).isCloseTo(1.0 / 8, within(0.01));
            }
        }
        assertThat(used).isEqualTo(8);
    }

    @Test
    void gaussianHasZeroMeanAndUnitVariance() {
        int d = 4;
        float[] p = draw(Datasets.gaussian(d), 9L);
        for (int j = 0; j < d; j++) {
            double m = mean(p, j, d);
            double v = 0;
            for (int i = j; i < p.length; i += d) {
                v += (p[i] - m) * (p[i] - m);
            }
            assertThat(m).isCloseTo(0, within(SE5));
            assertThat(v / N).isCloseTo(1, within(0.04));
        }
        assertThatThrownBy(() -> Datasets.gaussian(0)).hasMessageContaining("at least 1");
    }

    @Test
    void argumentsAreChecked() {
        DataSource s = Datasets.moons(0.1);
        assertThatThrownBy(() -> s.sample(new SplittableRandom(1), new float[10], 6))
                .hasMessageContaining("holds 10 values");
        assertThatThrownBy(() -> s.sample(new SplittableRandom(1), new float[10], -1))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> s.sample(0, 1L)).hasMessageContaining("must be positive");
    }
}
