package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.column;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MmdTest {

    /** The V-statistic written out plainly over double[][] rows. */
    private static double reference(double[][] a, double[][] b, double h) {
        return meanKernel(a, a, h) + meanKernel(b, b, h) - 2 * meanKernel(a, b, h);
    }

    private static double meanKernel(double[][] x, double[][] y, double h) {
        double s = 0;
        for (double[] p : x) {
            for (double[] q : y) {
                s += Math.exp(-TestPoints.squaredDistance(p, q) / (2 * h * h));
            }
        }
        return s / (x.length * (double) y.length);
    }

    /** Population MMD^2 of N(mu1, s^2 I) against N(mu2, s^2 I) with a Gaussian kernel of bandwidth h. */
    private static double gaussianClosedForm(double shiftSquared, double s, double h, int d) {
        double v = h * h + 2 * s * s;
        return 2 * Math.pow(h * h / v, d / 2.0) * (1 - Math.exp(-shiftSquared / (2 * v)));
    }

    @Test
    void isExactlyZeroForTheSameSet() {
        double[][] x = gaussian(200, new double[] {1, -2}, 1);
        INDArray a = array(x);
        assertThat(SampleDistances.mmdSquared(a, a)).isEqualTo(0.0);
        assertThat(SampleDistances.mmdSquared(a, array(x), 0.3)).isEqualTo(0.0);
        INDArray f = a.castTo(DataType.FLOAT);
        assertThat(SampleDistances.mmdSquared(f, f.dup())).isEqualTo(0.0);
    }

    @Test
    void matchesHandComputedValues() {
        // {0} vs {1}, h = 1: 1 + 1 - 2 exp(-1/2)
        assertThat(SampleDistances.mmdSquared(column(0), column(1), 1.0))
                .isCloseTo(2 - 2 * Math.exp(-0.5), within(1e-15));
        // {0, 2} vs {1}, h = 2: within a (2 + 2 exp(-1/2)) / 4; within b 1; cross exp(-1/8)
        double expected = (2 + 2 * Math.exp(-0.5)) / 4 + 1 - 2 * Math.exp(-1.0 / 8);
        assertThat(SampleDistances.mmdSquared(column(0, 2), column(1), 2.0)).isCloseTo(expected, within(1e-15));
        // far apart point masses approach the maximum 2
        assertThat(SampleDistances.mmdSquared(column(0), column(100), 1.0)).isEqualTo(2.0);
    }

    @Test
    void agreesWithAStraightforwardReferenceOnRandomSets() {
        SplittableRandom rng = new SplittableRandom(7);
        int[][] sizes = {{1, 1}, {1, 9}, {37, 53}, {120, 7}};
        for (int[] size : sizes) {
            for (int d = 1; d <= 4; d++) {
                double[][] a = TestPoints.uniform(size[0], d, -2, 3, rng.nextLong());
                double[][] b = gaussian(size[1], new double[d], rng.nextLong());
                for (double h : new double[] {0.2, 1.0, 5.0}) {
                    double expected = reference(a, b, h);
                    assertThat(SampleDistances.mmdSquared(array(a), array(b), h))
                            .as("n=%d m=%d d=%d h=%s", size[0], size[1], d, h).isCloseTo(expected, within(1e-12));
                    assertThat(SampleDistances.mmdSquared(array(b), array(a), h)).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void shiftedGaussiansMatchTheClosedFormAndStandFarAboveTheFloor() {
        // d = 2, s = 1, h = 1, shift (1, 0): population 2 (1/3) (1 - exp(-1/6)) = 0.10234. The
        // V-statistic adds (1/n + 1/m)(1 - E k(X, X')) = 0.004 * (1 - 1/3) = 0.0027 for n = m = 500,
        // to the shifted pair and to the floor alike; the shifted value's sampling spread at this
        // size is about 0.01, hence a tolerance of 0.03.
        int n = 500;
        double bias = (2.0 / n) * (1 - 1.0 / 3);
        INDArray a = array(gaussian(n, new double[] {0, 0}, 3));
        double floor = SampleDistances.mmdSquared(a, array(gaussian(n, new double[] {0, 0}, 4)), 1.0);
        double shifted = SampleDistances.mmdSquared(a, array(gaussian(n, new double[] {1, 0}, 5)), 1.0);
        assertThat(gaussianClosedForm(1.0, 1.0, 1.0, 2)).isCloseTo(0.10234, within(1e-5));
        assertThat(shifted).isCloseTo(gaussianClosedForm(1.0, 1.0, 1.0, 2) + bias, within(0.03));
        assertThat(floor).isBetween(0.0, 0.01);
        assertThat(shifted).isGreaterThan(10 * floor);
    }

    @Test
    void closedFormHoldsInHigherDimensionsWithOtherScales() {
        // d = 5, s = 0.5, h = 2, shift |mu|^2 = 2: averaged over 3 seeds to keep the spread small
        int n = 400;
        int d = 5;
        double expected = gaussianClosedForm(2.0, 0.5, 2.0, d);
        double kxx = Math.pow(4.0 / (4.0 + 0.5), d / 2.0);
        double bias = (2.0 / n) * (1 - kxx);
        double mean = 0;
        for (int seed = 0; seed < 3; seed++) {
            double[][] x = scaled(gaussian(n, new double[d], 10 + seed), 0.5, new double[d]);
            double[][] y = scaled(gaussian(n, new double[d], 20 + seed), 0.5, new double[] {1, 1, 0, 0, 0});
            mean += SampleDistances.mmdSquared(array(x), array(y), 2.0) / 3;
        }
        assertThat(mean).isCloseTo(expected + bias, within(0.15 * expected));
    }

    @Test
    void medianBandwidthIsTheMedianPairwiseDistance() {
        // pooled {0, 1, 3, 6}: distances 1, 3, 6, 2, 5, 3 -> sorted 1 2 3 3 5 6 -> median 3
        assertThat(SampleDistances.medianBandwidth(column(0, 1, 3), column(6))).isEqualTo(3.0);
        // pooled {0, 1, 3}: distances 1, 3, 2 -> 2
        assertThat(SampleDistances.medianBandwidth(column(0, 1), column(3))).isEqualTo(2.0);
        // two standard normal points in 2-D: |X - X'| is Rayleigh with scale sqrt(2), median 2 sqrt(ln 2)
        double h = SampleDistances.medianBandwidth(array(gaussian(400, new double[2], 8)),
                array(gaussian(400, new double[2], 9)));
        assertThat(h).isCloseTo(2 * Math.sqrt(Math.log(2)), within(0.05));
    }

    @Test
    void largeSamplesUseADeterministicStridedSubsetForTheMedian() {
        double[][] x = gaussian(3000, new double[2], 11);
        double[][] y = gaussian(2000, new double[2], 12);
        double h = SampleDistances.medianBandwidth(array(x), array(y));
        assertThat(SampleDistances.medianBandwidth(array(x), array(y))).isEqualTo(h);
        assertThat(h).isCloseTo(2 * Math.sqrt(Math.log(2)), within(0.05));
        // the median-heuristic MMD is the fixed-bandwidth MMD at that bandwidth
        INDArray a = array(Arrays.copyOf(x, 300));
        INDArray b = array(Arrays.copyOf(y, 200));
        assertThat(SampleDistances.mmdSquared(a, b))
                .isEqualTo(SampleDistances.mmdSquared(a, b, SampleDistances.medianBandwidth(a, b)));
    }

    private static double[][] scaled(double[][] z, double s, double[] mean) {
        for (double[] row : z) {
            for (int k = 0; k < row.length; k++) {
                row[k] = mean[k] + s * row[k];
            }
        }
        return z;
    }
}
