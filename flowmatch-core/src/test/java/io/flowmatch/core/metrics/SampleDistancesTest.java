package io.flowmatch.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SampleDistancesTest {

    private static INDArray gaussian(int n, int d, double shift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian() + (j == 0 ? shift : 0);
            }
        }
        return Nd4j.createFromArray(x);
    }

    @Test
    void w2IsZeroForAPermutedCopyAndTheShiftForATranslatedCopy() {
        INDArray a = gaussian(300, 2, 0, 1);
        int[] order = new int[300];
        for (int i = 0; i < 300; i++) {
            order[i] = (i * 7) % 300;
        }
        INDArray permuted = Nd4j.pullRows(a, 1, order);
        assertThat(SampleDistances.wasserstein2(a, permuted)).isEqualTo(0.0);
        INDArray shifted = a.add(Nd4j.createFromArray(new double[][] {{3, 4}}));
        assertThat(SampleDistances.wasserstein2(a, shifted)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void w2InOneDimensionIsTheSortedMatching() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[400];
        double[] y = new double[400];
        for (int i = 0; i < 400; i++) {
            x[i] = rng.nextGaussian();
            y[i] = 2 * rng.nextDouble() - 0.3;
        }
        double w2 = SampleDistances.wasserstein2(column(x), column(y));
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            s += (xs[i] - ys[i]) * (xs[i] - ys[i]);
        }
        assertThat(w2).isCloseTo(Math.sqrt(s / xs.length), within(1e-9));
    }

    @Test
    void w2BetweenShiftedGaussiansIsTheShiftAndTheFloorIsSmall() {
        INDArray a = gaussian(800, 2, 0, 4);
        INDArray b = gaussian(800, 2, 3, 5);
        INDArray c = gaussian(800, 2, 0, 6);
        assertThat(SampleDistances.wasserstein2(a, b)).isCloseTo(3.0, within(0.15));
        assertThat(SampleDistances.wasserstein2(a, c)).isLessThan(0.4);
    }

    @Test
    void energyDistanceMatchesHandComputedValuesAndItsFloor() {
        // a = {0}, b = {1}: 2 * 1 - 0 - 0 = 2; a = {0, 2}, b = {1}: 2 * 1 - (0 + 2 + 2 + 0) / 4 - 0 = 1
        assertThat(SampleDistances.energyDistance(column(0), column(1))).isCloseTo(2.0, within(1e-12));
        assertThat(SampleDistances.energyDistance(column(0, 2), column(1))).isCloseTo(1.0, within(1e-12));
        INDArray a = gaussian(500, 2, 0, 7);
        assertThat(SampleDistances.energyDistance(a, a)).isCloseTo(0.0, within(1e-12));
        double floor = SampleDistances.energyDistance(a, gaussian(500, 2, 0, 8));
        double shifted = SampleDistances.energyDistance(a, gaussian(500, 2, 1, 9));
        assertThat(floor).isLessThan(0.02);
        assertThat(shifted).isGreaterThan(10 * floor).isGreaterThan(0.3);
    }

    @Test
    void momentDistancesOnConstructedData() {
        INDArray a = Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}, {0, 2}, {2, 2}});
        INDArray b = a.mul(3).add(1);
        // means (1, 1) and (4, 4)
        assertThat(SampleDistances.meanDistance(a, b)).isCloseTo(Math.sqrt(18), within(1e-12));
        // cov(a) = diag(4/3, 4/3); cov(b) = 9 cov(a); difference diag(32/3, 32/3)
        assertThat(SampleDistances.covarianceDistance(a, b)).isCloseTo(Math.sqrt(2) * 32 / 3, within(1e-9));
    }

    @Test
    void badInputIsRejected() {
        INDArray a = gaussian(10, 2, 0, 1);
        assertThatThrownBy(() -> SampleDistances.wasserstein2(a, gaussian(11, 2, 0, 1))).hasMessageContaining("equal size");
        assertThatThrownBy(() -> SampleDistances.energyDistance(a, gaussian(10, 3, 0, 1)))
                .hasMessageContaining("dimensions differ: a has 2 columns, b has 3");
        INDArray nan = a.dup();
        nan.putScalar(3, 1, Double.NaN);
        assertThatThrownBy(() -> SampleDistances.energyDistance(nan, a)).hasMessageContaining("a has NaN at row 3, column 1");
        assertThatThrownBy(() -> SampleDistances.energyDistance(null, a)).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> SampleDistances.wasserstein2(gaussian(5001, 1, 0, 1), gaussian(5001, 1, 0, 2)))
                .hasMessageContaining("limited to 5000");
    }

    private static INDArray column(double... v) {
        double[][] x = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            x[i][0] = v[i];
        }
        return Nd4j.createFromArray(x);
    }
}
