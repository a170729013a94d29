package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.column;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SlicedWasserstein2Test {

    @Test
    void aPermutedCopyIsAtDistanceExactlyZero() {
        double[][] a = gaussian(400, new double[] {2, -1, 0}, 1);
        double[][] b = TestPoints.reorder(a, TestPoints.permutation(400, 2));
        assertThat(SampleDistances.slicedWasserstein2(array(a), array(b))).isEqualTo(0.0);
    }

    @Test
    void inOneDimensionItIsTheExactW2() {
        // the only directions are +1 and -1, and W2 does not change under a reflection
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 5, 300}) {
            double[][] x = gaussian(n, new double[1], rng.nextLong());
            double[][] y = TestPoints.uniform(n, 1, -1, 4, rng.nextLong());
            double exact = SampleDistances.wasserstein2(array(x), array(y));
            assertThat(SampleDistances.slicedWasserstein2(array(x), array(y), 17, rng.nextLong()))
                    .as("n=%d", n).isCloseTo(exact, within(1e-12 * Math.max(1, exact)));
        }
    }

    @Test
    void unequalSizesMatchTheQuantileIntegral() {
        // {0, 1} vs {0, 1, 2, 3}: quantiles on quarters are (0,0), (0,1), (1,2), (1,3) -> (0 + 1 + 1 + 4) / 4
        assertThat(SampleDistances.slicedWasserstein2(column(0, 1), column(0, 1, 2, 3), 3, 0L))
                .isCloseTo(Math.sqrt(1.5), within(1e-15));
        // against equal-size replicas: each of n points repeated m times, each of m points n times
        SplittableRandom rng = new SplittableRandom(4);
        for (int[] size : new int[][] {{3, 5}, {7, 4}, {20, 30}, {1, 6}}) {
            double[] p = new double[size[0]];
            double[] q = new double[size[1]];
            for (int i = 0; i < p.length; i++) {
                p[i] = rng.nextGaussian();
            }
            for (int j = 0; j < q.length; j++) {
                q[j] = 2 * rng.nextDouble();
            }
            double[] rp = new double[p.length * q.length];
            double[] rq = new double[p.length * q.length];
            for (int k = 0; k < rp.length; k++) {
                rp[k] = p[k % p.length];
                rq[k] = q[k % q.length];
            }
            double expected = SampleDistances.wasserstein2(column(rp), column(rq));
            assertThat(SampleDistances.slicedWasserstein2(column(p), column(q), 1, 0L))
                    .as("%d vs %d", size[0], size[1]).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void neverExceedsTheExactW2() {
        // every projection is 1-Lipschitz, so each projected W2 is at most W2
        SplittableRandom rng = new SplittableRandom(5);
        for (int d = 2; d <= 4; d++) {
            double[][] a = TestPoints.uniform(120, d, -1, 2, rng.nextLong());
            double[][] b = gaussian(120, new double[d], rng.nextLong());
            double w2 = SampleDistances.wasserstein2(array(a), array(b));
            double sw2 = SampleDistances.slicedWasserstein2(array(a), array(b), 200, rng.nextLong());
            assertThat(sw2).as("d=%d", d).isLessThanOrEqualTo(w2).isGreaterThan(0.2 * w2);
        }
    }

    @Test
    void aShiftedCopyIsAtTheShiftOverSqrtD() {
        // b = a + c: every projection is a shifted copy, W2^2 = (theta . c)^2, whose mean over the
        // sphere is |c|^2 / d. With 2000 directions in 3-D the Monte Carlo error is about 2 %.
        double[][] a = gaussian(300, new double[3], 6);
        double[][] b = new double[300][];
        double[] c = {1.0, -2.0, 0.5};
        for (int i = 0; i < a.length; i++) {
            b[i] = new double[] {a[i][0] + c[0], a[i][1] + c[1], a[i][2] + c[2]};
        }
        double norm = Math.sqrt(1 + 4 + 0.25);
        assertThat(SampleDistances.slicedWasserstein2(array(a), array(b), 2000, 9L))
                .isCloseTo(norm / Math.sqrt(3), within(0.05 * norm / Math.sqrt(3)));
    }

    @Test
    void gaussiansOfDifferentScaleMatchTheClosedFormAndStandFarAboveTheFloor() {
        // N(0, I) against N(0, 4 I) in 2-D: every projection is N(0, 1) against N(0, 4), W2 = 1,
        // so SW2 = 1 exactly in the population. At n = 5000 the sample scales move one seed's value
        // by about 0.02 (the quantile noise adds under 0.01), so the mean of three seeds is well
        // within 0.05; the floor (two samples of N(0, I)) is of order n^(-1/2).
        int n = 5000;
        double mean = 0;
        double floor = 0;
        for (int seed = 0; seed < 3; seed++) {
            INDArray a = array(gaussian(n, new double[2], 7 + 10 * seed));
            double[][] wide = gaussian(n, new double[2], 8 + 10 * seed);
            for (double[] row : wide) {
                row[0] *= 2;
                row[1] *= 2;
            }
            mean += SampleDistances.slicedWasserstein2(a, array(wide), 200, seed) / 3;
            floor = Math.max(floor, SampleDistances.slicedWasserstein2(a,
                    array(gaussian(n, new double[2], 9 + 10 * seed)), 200, seed));
        }
        assertThat(mean).isCloseTo(1.0, within(0.05));
        assertThat(floor).isBetween(0.0, 0.06);
        assertThat(mean).isGreaterThan(10 * floor);
    }

    @Test
    void theSeedFixesTheDirections() {
        INDArray a = array(gaussian(100, new double[] {0, 0, 0}, 10));
        INDArray b = array(TestPoints.uniform(80, 3, -1, 1, 11));
        double first = SampleDistances.slicedWasserstein2(a, b, 50, 42L);
        assertThat(SampleDistances.slicedWasserstein2(a, b, 50, 42L)).isEqualTo(first);
        assertThat(SampleDistances.slicedWasserstein2(a, b, 50, 43L)).isNotEqualTo(first).isCloseTo(first, within(0.2 * first));
        assertThat(SampleDistances.slicedWasserstein2(a, b))
                .isEqualTo(SampleDistances.slicedWasserstein2(a, b, SampleDistances.DEFAULT_PROJECTIONS, 0L));
    }
}
