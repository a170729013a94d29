package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.column;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class EnergyDistanceTest {

    /** 2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean(), written out plainly. */
    private static double reference(double[][] a, double[][] b) {
        return 2 * meanCdist(a, b) - meanCdist(a, a) - meanCdist(b, b);
    }

    private static double meanCdist(double[][] x, double[][] y) {
        double s = 0;
        for (double[] p : x) {
            for (double[] q : y) {
                s += TestPoints.distance(p, q);
            }
        }
        return s / (x.length * (double) y.length);
    }

    @Test
    void isExactlyZeroForTheSameSet() {
        double[][] x = gaussian(300, new double[] {1, 2, 3}, 1);
        INDArray a = array(x);
        assertThat(SampleDistances.energyDistance(a, a)).isEqualTo(0.0);
        assertThat(SampleDistances.energyDistance(a, array(x))).isEqualTo(0.0);
        INDArray f = a.castTo(DataType.FLOAT);
        assertThat(SampleDistances.energyDistance(f, f.dup())).isEqualTo(0.0);
    }

    @Test
    void twoPointMassesGiveTwiceTheirDistance() {
        // a = {x}, b = {y}: 2 |x - y| - 0 - 0
        assertThat(SampleDistances.energyDistance(column(0), column(1))).isEqualTo(2.0);
        assertThat(SampleDistances.energyDistance(column(-1.5), column(2))).isEqualTo(7.0);
        assertThat(SampleDistances.energyDistance(array(new double[][] {{0, 0}}), array(new double[][] {{3, 4}})))
                .isEqualTo(10.0);
    }

    @Test
    void matchesHandComputedValuesForSmallSets() {
        // a = {0, 2}, b = {1}: cross mean 1; within a (0 + 2 + 2 + 0) / 4 = 1; within b 0 -> 2 - 1 - 0 = 1
        assertThat(SampleDistances.energyDistance(column(0, 2), column(1))).isCloseTo(1.0, within(1e-15));
        // a = {0, 1}, b = {0, 1, 2, 3}: cross 10 / 8 = 1.25; within a 2 / 4 = 0.5; within b 20 / 16 = 1.25
        // -> 2.5 - 0.5 - 1.25 = 0.75
        assertThat(SampleDistances.energyDistance(column(0, 1), column(0, 1, 2, 3))).isCloseTo(0.75, within(1e-15));
        // 2-D: a = {(0,0), (3,4)}, b = {(0,0)}: cross 2.5; within a 10 / 4 = 2.5; within b 0 -> 2.5
        INDArray a = array(new double[][] {{0, 0}, {3, 4}});
        INDArray b = array(new double[][] {{0, 0}});
        assertThat(SampleDistances.energyDistance(a, b)).isCloseTo(2.5, within(1e-15));
        assertThat(SampleDistances.energyDistance(b, a)).isCloseTo(2.5, within(1e-15));
    }

    @Test
    void agreesWithAStraightforwardReferenceOnRandomSets() {
        SplittableRandom rng = new SplittableRandom(2);
        int[][] sizes = {{1, 1}, {1, 9}, {37, 53}, {64, 64}, {120, 7}};
        for (int[] size : sizes) {
            for (int d = 1; d <= 4; d++) {
                double[][] a = TestPoints.uniform(size[0], d, -2, 3, rng.nextLong());
                double[][] b = gaussian(size[1], new double[d], rng.nextLong());
                double expected = reference(a, b);
                assertThat(SampleDistances.energyDistance(array(a), array(b)))
                        .as("n=%d m=%d d=%d", size[0], size[1], d).isCloseTo(expected, within(1e-12));
                assertThat(SampleDistances.energyDistance(array(b), array(a))).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void shiftedGaussiansAreFarAboveTheFloorOfTwoSamplesOfOneGaussian() {
        // Population value for N(0, I) vs N((1, 0), I) in 2-D: X - X' ~ N(0, 2I) has mean norm
        // sqrt(pi) = 1.7725; X - Y ~ N((1, 0), 2I) has mean norm 1.9874 (Rice distribution), so
        // E = 2 * 1.9874 - 2 * 1.7725 = 0.4298. The V-statistic adds (1/n + 1/m) * 1.7725 = 0.0071
        // for n = m = 500 (the zero diagonal), both for the shifted pair (0.4369) and for the floor
        // (expectation 0.0071, spread a few thousandths). The shifted value's sampling standard
        // deviation at n = 500 is about 0.055 (measured over seeds), hence a tolerance of 0.15.
        int n = 500;
        INDArray a = array(gaussian(n, new double[] {0, 0}, 3));
        double floor = SampleDistances.energyDistance(a, array(gaussian(n, new double[] {0, 0}, 4)));
        double shifted = SampleDistances.energyDistance(a, array(gaussian(n, new double[] {1, 0}, 5)));
        assertThat(floor).isBetween(0.0, 0.03);
        assertThat(shifted).isCloseTo(0.4369, within(0.15));
        assertThat(shifted).isGreaterThan(10 * floor);
    }
}
