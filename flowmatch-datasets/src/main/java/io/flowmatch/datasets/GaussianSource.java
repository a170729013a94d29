package io.flowmatch.datasets;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The normal distribution N(mean, covariance) in R^d, drawn as mean + L z with z ~ N(0, I) and
 * L the lower Cholesky factor of the covariance. Made by
 * {@link Datasets#gaussian(double[], double[][])}; use it as a flow's source distribution when
 * the data sits far from the origin or is strongly anisotropic.
 *
 * <p>Immutable; the mean and covariance are copied in and out.
 */
public final class GaussianSource implements DataSource {

    private final double[] mean;
    private final double[][] covariance;
    private final double[] cholesky;
    private final int d;

    GaussianSource(double[] mean, double[][] covariance) {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("mean must have at least one coordinate");
        }
        this.d = mean.length;
        if (covariance == null || covariance.length != d) {
            throw new IllegalArgumentException("covariance must be " + d + " x " + d + " to match the mean, got "
                    + (covariance == null ? "null" : covariance.length + " rows"));
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean has a non-finite value at " + i);
            }
            if (covariance[i] == null || covariance[i].length != d) {
                throw new IllegalArgumentException("covariance row " + i + " must have " + d + " values");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(covariance[i][j])) {
                    throw new IllegalArgumentException("covariance has a non-finite value at (" + i + ", " + j + ")");
                }
                if (Math.abs(covariance[i][j] - covariance[j][i]) > 1e-9 * (1 + Math.abs(covariance[i][j]))) {
                    throw new IllegalArgumentException("covariance is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
        this.mean = mean.clone();
        this.covariance = new double[d][];
        for (int i = 0; i < d; i++) {
            this.covariance[i] = covariance[i].clone();
        }
        this.cholesky = cholesky(this.covariance, d);
    }

    /** Lower-triangular L with L L^T = c, row-major d x d. */
    private static double[] cholesky(double[][] c, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("covariance is not positive definite (pivot " + i
                                + " is " + s + ")");
                    }
                    l[i * d + i] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return l;
    }

    /** A copy of the mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the covariance. */
    public double[][] covariance() {
        double[][] out = new double[d][];
        for (int i = 0; i < d; i++) {
            out[i] = covariance[i].clone();
        }
        return out;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        Checks.sampleArguments(rng, out, n, d);
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                z[k] = rng.nextGaussian();
            }
            int row = i * d;
            for (int a = 0; a < d; a++) {
                double v = mean[a];
                for (int k = 0; k <= a; k++) {
                    v += cholesky[a * d + k] * z[k];
                }
                out[row + a] = (float) v;
            }
        }
    }

    @Override
    public String description() {
        return "gaussian(mean=" + Arrays.toString(mean) + ", cov=" + Arrays.deepToString(covariance) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
