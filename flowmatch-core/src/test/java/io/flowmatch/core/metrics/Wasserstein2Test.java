package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class Wasserstein2Test {

    @Test
    void aPermutedCopyIsAtDistanceExactlyZero() {
        double[][] a = gaussian(500, new double[] {2, -1}, 1);
        double[][] b = TestPoints.reorder(a, TestPoints.permutation(500, 2));
        assertThat(SampleDistances.wasserstein2(array(a), array(b))).isEqualTo(0.0);
        assertThat(SampleDistances.wasserstein2(array(a), array(a))).isEqualTo(0.0);
    }

    @Test
    void inOneDimensionItIsTheSortedMatching() {
        // in 1-D the optimal coupling of two equal-size samples pairs them in sorted order
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 17, 600}) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
                y[i] = Math.exp(rng.nextGaussian()) - 0.7;   // skewed, different spread
            }
            double w2 = SampleDistances.wasserstein2(TestPoints.column(x), TestPoints.column(y));
            double[] xs = x.clone();
            double[] ys = y.clone();
            Arrays.sort(xs);
            Arrays.sort(ys);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += (xs[i] - ys[i]) * (xs[i] - ys[i]);
            }
            double expected = Math.sqrt(s / n);
            assertThat(w2).as("n=%d", n).isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @Test
    void matchesBruteForceOverAllPermutationsForTinySamples() {
        // independent of the centring and of the solver: enumerate every coupling
        SplittableRandom rng = new SplittableRandom(4);
        for (int n = 1; n <= 7; n++) {
            for (int trial = 0; trial < 20; trial++) {
                double shift = trial % 2 == 0 ? 0 : 5;
                double[][] a = TestPoints.uniform(n, 3, -1, 1, rng.nextLong());
                double[][] b = TestPoints.uniform(n, 3, -1 + shift, 1 + shift, rng.nextLong());
                double[][] cost = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        cost[i][j] = TestPoints.squaredDistance(a[i], b[j]);
                    }
                }
                double expected = Math.sqrt(TestPoints.bruteForceMinimum(cost) / n);
                assertThat(SampleDistances.wasserstein2(array(a), array(b)))
                        .as("n=%d trial=%d", n, trial).isCloseTo(expected, within(1e-12 * Math.max(1, expected)));
            }
        }
    }

    @Test
    void centringDoesNotChangeTheOptimumOfTheRawAssignment() {
        // W2 solves on centred points; the raw squared distances, solved directly, give the same value
        int n = 300;
        double[][] a = gaussian(n, new double[] {0, 0}, 5);
        double[][] b = TestPoints.uniform(n, 2, 3, 6, 6);
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = TestPoints.squaredDistance(a[i], b[j]);
            }
        }
        double raw = LinearAssignment.totalCost(cost, n, LinearAssignment.solve(cost, n));
        assertThat(SampleDistances.wasserstein2(array(a), array(b))).isCloseTo(Math.sqrt(raw / n), within(1e-10));
    }

    @Test
    void aTranslatedCopyIsAtTheLengthOfTheShift() {
        // b = a + c: any coupling costs |c|^2 + |a_i - a_s(i)|^2 - 2 c.(a_i - a_s(i)); the last
        // term sums to 0, so the identity is optimal and W2 = |c|
        double[][] a = gaussian(400, new double[] {0, 0, 0}, 7);
        double[] c = {3, -4, 12};
        double[][] b = new double[a.length][3];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < 3; k++) {
                b[i][k] = a[i][k] + c[k];
            }
        }
        assertThat(SampleDistances.wasserstein2(array(a), array(b))).isCloseTo(13.0, within(1e-9));
    }

    @Test
    void betweenShiftedGaussiansItIsTheShiftUpToSamplingError() {
        // For any two samples W2^2 = |mean_a - mean_b|^2 + W2^2(a centred, b centred). Here the
        // means are (0,0) and (3,4), |mu1 - mu2| = 5. With n = 1000 the difference of sample means
        // has standard deviation sqrt(2/n) = 0.045 per coordinate, so |mean_a - mean_b| is within
        // 4 sd = 0.18 of 5; the centred term (about 0.2, below 0.5 for n = 1000 in 2-D) adds at
        // most 0.5^2 / (2 * 5) = 0.025. Hence a tolerance of 0.2.
        int n = 1000;
        INDArray a = array(gaussian(n, new double[] {0, 0}, 8));
        INDArray b = array(gaussian(n, new double[] {3, 4}, 9));
        double w2 = SampleDistances.wasserstein2(a, b);
        assertThat(w2).isCloseTo(5.0, within(0.2));
        // the decomposition itself, exactly up to rounding, and W2 >= distance of the means
        double meanGap = SampleDistances.meanDistance(a, b);
        INDArray ac = a.subRowVector(a.mean(0));
        INDArray bc = b.subRowVector(b.mean(0));
        double centred = SampleDistances.wasserstein2(ac, bc);
        assertThat(centred).isBetween(0.05, 0.5);
        assertThat(w2 * w2).isCloseTo(meanGap * meanGap + centred * centred, within(1e-9));
        assertThat(w2).isGreaterThanOrEqualTo(meanGap);
    }

    @Test
    void twoSamplesOfOneDistributionAreFarCloserThanAShiftedOne() {
        // floor: about 0.2 for n = 1000 in 2-D; shifted by 1: W2^2 = (gap of means)^2 + centred
        // term, with the gap 1 +- 0.045, so W2 is above 0.95
        int n = 1000;
        INDArray a = array(gaussian(n, new double[] {0, 0}, 10));
        double floor = SampleDistances.wasserstein2(a, array(gaussian(n, new double[] {0, 0}, 11)));
        double shifted = SampleDistances.wasserstein2(a, array(gaussian(n, new double[] {1, 0}, 12)));
        assertThat(floor).isBetween(0.05, 0.35);
        assertThat(shifted).isGreaterThan(0.95).isGreaterThan(3 * floor);
    }

    @Test
    void floatInputGivesTheSameValueAsItsDoubleCopy() {
        INDArray a = array(gaussian(200, new double[] {0, 0}, 13)).castTo(DataType.FLOAT);
        INDArray b = array(gaussian(200, new double[] {1, 1}, 14)).castTo(DataType.FLOAT);
        assertThat(SampleDistances.wasserstein2(a, b))
                .isEqualTo(SampleDistances.wasserstein2(a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE)));
        // and the memory order does not matter
        assertThat(SampleDistances.wasserstein2(a.dup('f'), b))
                .isEqualTo(SampleDistances.wasserstein2(a, b));
    }
}
