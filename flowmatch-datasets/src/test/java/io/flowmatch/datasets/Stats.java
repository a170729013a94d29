package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sample statistics with tolerances derived from standard errors: a check passes when the
 * estimate lies within {@code z} standard errors of the value the definition implies. With
 * z = 5 a correct generator fails with probability below 1e-6 (the seeds are fixed anyway), while
 * the errors these tests guard against shift the estimates by many standard errors.
 */
final class Stats {

    static final double Z = 5;

    private Stats() {
    }

    /** Coordinate {@code j} of each of the points in row-major {@code p} of dimension {@code d}. */
    static double[] column(float[] p, int j, int d) {
        double[] x = new double[p.length / d];
        for (int i = 0; i < x.length; i++) {
            x[i] = p[i * d + j];
        }
        return x;
    }

    /** The distance to the origin of each 2-D point. */
    static double[] radii(float[] p) {
        double[] r = new double[p.length / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.hypot(p[2 * i], p[2 * i + 1]);
        }
        return r;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** The sample mean is within z standard errors (estimated from the sample) of {@code expected}. */
    static void assertMean(String what, double[] x, double expected) {
        double se = Math.sqrt(variance(x) / x.length);
        assertThat(mean(x)).as("mean of %s (standard error %.2g)", what, se).isCloseTo(expected, within(Z * se));
    }

    /** The sample variance is within z standard errors of {@code expected}. */
    static void assertVariance(String what, double[] x, double expected) {
        double m = mean(x);
        double[] squares = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            squares[i] = (x[i] - m) * (x[i] - m);
        }
        double se = Math.sqrt(variance(squares) / x.length);
        assertThat(variance(x)).as("variance of %s (standard error %.2g)", what, se).isCloseTo(expected, within(Z * se));
    }

    /** {@code hits} out of {@code n} is within z binomial standard errors of probability {@code p}. */
    static void assertFraction(String what, long hits, long n, double p) {
        double se = Math.sqrt(p * (1 - p) / n);
        assertThat(hits / (double) n).as("fraction of %s (standard error %.2g)", what, se).isCloseTo(p, within(Z * se));
    }
}
