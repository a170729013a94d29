package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MomentDistancesTest {

    /** The corners of the square [0, 2]^2: mean (1, 1), covariance diag(4/3, 4/3) (divisor n - 1 = 3). */
    private static final double[][] SQUARE = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};

    @Test
    void meanDistanceIsTheDistanceBetweenTheSampleMeans() {
        INDArray a = array(SQUARE);
        INDArray b = a.mul(3).add(1);                 // mean (4, 4)
        assertThat(SampleDistances.meanDistance(a, b)).isCloseTo(Math.sqrt(18), within(1e-12));
        // different sizes: {(1, 1)} has mean (1, 1), the same as the square's
        assertThat(SampleDistances.meanDistance(a, array(new double[][] {{1, 1}}))).isEqualTo(0.0);
        // 3-D translation by (1, 2, 2): distance 3
        INDArray c = array(TestPoints.gaussian(50, new double[] {0, 0, 0}, 1));
        INDArray shifted = c.addRowVector(Nd4j.createFromArray(1.0, 2.0, 2.0));
        assertThat(SampleDistances.meanDistance(c, shifted)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void covarianceDistanceOfAScaledCopy() {
        // b = 3 a + 1: cov(b) = 9 cov(a) = diag(12, 12); difference diag(32/3, 32/3), Frobenius sqrt(2) * 32 / 3
        INDArray a = array(SQUARE);
        assertThat(SampleDistances.covarianceDistance(a, a.mul(3).add(1)))
                .isCloseTo(Math.sqrt(2) * 32 / 3, within(1e-12));
    }

    @Test
    void covarianceDistanceSeesOffDiagonalTerms() {
        // a on the diagonal, b on the anti-diagonal: equal means and variances, covariances
        // [[2, 2], [2, 2]] and [[2, -2], [-2, 2]], difference [[0, 4], [4, 0]], Frobenius sqrt(32)
        INDArray a = array(new double[][] {{-1, -1}, {1, 1}});
        INDArray b = array(new double[][] {{-1, 1}, {1, -1}});
        assertThat(SampleDistances.meanDistance(a, b)).isEqualTo(0.0);
        assertThat(SampleDistances.covarianceDistance(a, b)).isCloseTo(Math.sqrt(32), within(1e-12));
    }

    @Test
    void covarianceDistanceIgnoresTranslationAndUsesTheUnbiasedDivisor() {
        INDArray c = array(TestPoints.gaussian(200, new double[] {0, 0, 0}, 2));
        INDArray shifted = c.addRowVector(Nd4j.createFromArray(10.0, -5.0, 7.0));
        assertThat(SampleDistances.covarianceDistance(c, shifted)).isCloseTo(0.0, within(1e-12));
        // 1-D {0, 2} has variance 2 (divisor n - 1), {0, 1, 2} has variance 1: distance 1
        assertThat(SampleDistances.covarianceDistance(TestPoints.column(0, 2), TestPoints.column(0, 1, 2)))
                .isCloseTo(1.0, within(1e-15));
    }
}
