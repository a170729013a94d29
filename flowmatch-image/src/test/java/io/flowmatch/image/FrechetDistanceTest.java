package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void matchesTheClosedFormForDiagonalGaussians() {
        // N(0, diag(1, 4)) vs N((1, 0), diag(4, 1)): |mu|^2 = 1, traces 5 + 5, cross term 2 (sqrt(4) + sqrt(4))
        FrechetDistance.Moments a = new FrechetDistance.Moments(new double[] {0, 0},
                new double[][] {{1, 0}, {0, 4}}, 100);
        FrechetDistance.Moments b = new FrechetDistance.Moments(new double[] {1, 0},
                new double[][] {{4, 0}, {0, 1}}, 100);
        assertThat(FrechetDistance.between(a, b)).isCloseTo(1 + 10 - 2 * 4, within(1e-12));
        assertThat(FrechetDistance.between(a, a)).isCloseTo(0, within(1e-12));
    }

    @Test
    void squareRootOfARandomCovarianceSquaresBackAndEigenvaluesSumToTheTrace() {
        SplittableRandom rng = new SplittableRandom(4L);
        int d = 12;
        int n = 40;
        float[] rows = new float[n * d];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rng.nextGaussian() * (1 + i % d);
        }
        double[][] s = FrechetDistance.Moments.of(rows, n, d).covariance();
        double[][] r = FrechetDistance.sqrtm(s);
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += s[i][i];
            for (int j = 0; j < d; j++) {
                double rr = 0;
                for (int k = 0; k < d; k++) {
                    rr += r[i][k] * r[k][j];
                }
                assertThat(rr).isCloseTo(s[i][j], within(1e-9 * (1 + Math.abs(s[i][j]))));
            }
        }
        double sum = 0;
        for (double e : FrechetDistance.eigenvalues(s)) {
            assertThat(e).isGreaterThan(-1e-9);
            sum += e;
        }
        assertThat(sum).isCloseTo(trace, within(1e-9 * trace));
    }

    @Test
    void momentsAreTheSampleMeanAndUnbiasedCovariance() {
        float[] rows = {1, 2, 3, 6};   // two rows of two
        FrechetDistance.Moments m = FrechetDistance.Moments.of(rows, 2, 2);
        assertThat(m.mean()).containsExactly(2, 4);
        assertThat(m.covariance()[0]).containsExactly(2, 4);
        assertThat(m.covariance()[1]).containsExactly(4, 8);
    }
}
