package io.flowmatch.manifold;

import io.flowmatch.datasets.DataSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Distributions on manifolds to train and test on, generated in code: the uniform distribution,
 * a mixture of von Mises-Fisher distributions on a sphere, a wrapped Gaussian mixture on a torus.
 * Each is a flowmatch {@link DataSource} (immutable, all randomness from the caller's generator),
 * with points in the manifold's coordinates.
 */
public final class ManifoldDatasets {

    private ManifoldDatasets() {
    }

    /** The uniform distribution on {@code manifold}. */
    public static DataSource uniform(Manifold manifold) {
        if (manifold == null) {
            throw new IllegalArgumentException("manifold must not be null");
        }
        return new Source(manifold.dimension(), "uniform(" + manifold.description() + ")") {
            @Override
            void draw(RandomGenerator rng, double[] out) {
                manifold.sampleUniform(rng, out, 1);
            }
        };
    }

    /**
     * An equal-weight mixture of von Mises-Fisher distributions on the unit sphere in R^d, with
     * density C_d(kappa) exp(kappa mu . x) per component (C_3(kappa) = kappa / (4 pi sinh kappa)):
     * concentrated clusters around the mean directions mu, of angular spread about
     * 1 / sqrt(kappa) radians.
     *
     * @param kappa the concentration, positive (50: clusters about 8 degrees wide)
     * @param means the mean directions, each of d &gt;= 2 coordinates, normalised here
     * @throws IllegalArgumentException if kappa is not positive and finite, no mean is given, or a
     *                                  mean is zero or of another dimension than the first
     */
    public static DataSource vonMisesFisherMixture(double kappa, double[]... means) {
        if (!(kappa > 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("the concentration kappa must be positive and finite, got " + kappa);
        }
        double[][] mu = unitRows(means);
        int d = mu[0].length;
        StringBuilder text = new StringBuilder("vmf_mixture(kappa=").append(kappa).append(", means=");
        appendRows(text, mu);
        return new Source(d, text.append(')').toString()) {
            @Override
            void draw(RandomGenerator rng, double[] out) {
                double[] m = mu[rng.nextInt(mu.length)];
                double w = vmfCosine(rng, kappa, d);
                // a uniform direction orthogonal to the mean
                double norm2;
                do {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        out[j] = rng.nextGaussian();
                        dot += out[j] * m[j];
                    }
                    norm2 = 0;
                    for (int j = 0; j < d; j++) {
                        out[j] -= dot * m[j];
                        norm2 += out[j] * out[j];
                    }
                } while (norm2 < 1e-20);
                double s = Math.sqrt(Math.max(0, 1 - w * w) / norm2);
                for (int j = 0; j < d; j++) {
                    out[j] = w * m[j] + s * out[j];
                }
            }
        };
    }

    /**
     * The log-density of an equal-weight von Mises-Fisher mixture on S^2 (d = 3) at row i of x
     * (a unit vector), with respect to the area measure; for checking models against the truth.
     */
    public static double vonMisesFisherLogDensity(double kappa, double[][] means, double[] x, int i) {
        double[][] mu = unitRows(means);
        if (mu[0].length != 3) {
            throw new IllegalArgumentException("the closed form is for S^2 (3 coordinates), got " + mu[0].length);
        }
        // log(kappa / (4 pi sinh kappa)) = log kappa - log(2 pi) - kappa - log(1 - exp(-2 kappa))
        double logC = Math.log(kappa) - Math.log(2 * Math.PI) - kappa - Math.log1p(-Math.exp(-2 * kappa));
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[mu.length];
        for (int c = 0; c < mu.length; c++) {
            double dot = 0;
            for (int j = 0; j < 3; j++) {
                dot += mu[c][j] * x[i * 3 + j];
            }
            terms[c] = kappa * dot;
            max = Math.max(max, terms[c]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return logC + max + Math.log(sum / mu.length);
    }

    /**
     * An equal-weight mixture of wrapped Gaussians on the k-torus: each component draws
     * mean + std * N(0, I) in angle coordinates and wraps the result into [-pi, pi), so a mode near
     * +-pi straddles the seam.
     *
     * @param std   the standard deviation of every angle, in radians, positive
     * @param means the component means, each of k &gt;= 1 angles (any finite values)
     * @throws IllegalArgumentException for a bad std, no mean, or means of different lengths
     */
    public static DataSource wrappedGaussianMixture(double std, double[]... means) {
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("the standard deviation must be positive and finite, got " + std);
        }
        double[][] mu = rows(means);
        int k = mu[0].length;
        StringBuilder text = new StringBuilder("wrapped_gaussian_mixture(std=").append(std).append(", means=");
        appendRows(text, mu);
        return new Source(k, text.append(')').toString()) {
            @Override
            void draw(RandomGenerator rng, double[] out) {
                double[] m = mu[rng.nextInt(mu.length)];
                for (int j = 0; j < k; j++) {
                    out[j] = FlatTorus.wrap(m[j] + std * rng.nextGaussian());
                }
            }
        };
    }

    /** The cosine w = mu . x of a von Mises-Fisher draw on S^{d-1}: closed form for d = 3, Wood's (1994) rejection otherwise. */
    static double vmfCosine(RandomGenerator rng, double kappa, int d) {
        if (d == 3) {
            double u = rng.nextDouble();
            // inverse CDF of the density proportional to exp(kappa w) on [-1, 1], stable for large kappa
            return 1 + Math.log(u + (1 - u) * Math.exp(-2 * kappa)) / kappa;
        }
        double dm1 = d - 1;
        double b = dm1 / (2 * kappa + Math.sqrt(4 * kappa * kappa + dm1 * dm1));
        double x0 = (1 - b) / (1 + b);
        double c = kappa * x0 + dm1 * Math.log(1 - x0 * x0);
        while (true) {
            double z = beta(rng, dm1 / 2, dm1 / 2);
            double w = (1 - (1 + b) * z) / (1 - (1 - b) * z);
            double u = rng.nextDouble();
            if (kappa * w + dm1 * Math.log(1 - x0 * w) - c >= Math.log(u)) {
                return w;
            }
        }
    }

    private static double beta(RandomGenerator rng, double a, double b) {
        double x = gamma(rng, a);
        double y = gamma(rng, b);
        return x / (x + y);
    }

    /** Marsaglia and Tsang's gamma sampler, boosted for shapes below 1. */
    private static double gamma(RandomGenerator rng, double shape) {
        if (shape < 1) {
            return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double[][] rows(double[][] means) {
        if (means == null || means.length == 0) {
            throw new IllegalArgumentException("give at least one mean");
        }
        int k = -1;
        double[][] copy = new double[means.length][];
        for (int c = 0; c < means.length; c++) {
            double[] m = means[c];
            if (m == null || m.length < 1 || (k >= 0 && m.length != k)) {
                throw new IllegalArgumentException("mean " + c + " is " + Arrays.toString(m)
                        + "; every mean needs the same number of coordinates" + (k >= 0 ? " (" + k + ")" : ""));
            }
            for (double v : m) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("mean " + c + " has a non-finite value: " + Arrays.toString(m));
                }
            }
            k = m.length;
            copy[c] = m.clone();
        }
        return copy;
    }

    private static double[][] unitRows(double[][] means) {
        double[][] mu = rows(means);
        if (mu[0].length < 2) {
            throw new IllegalArgumentException("a sphere needs at least 2 coordinates, got " + mu[0].length);
        }
        for (int c = 0; c < mu.length; c++) {
            double norm = 0;
            for (double v : mu[c]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0)) {
                throw new IllegalArgumentException("mean direction " + c + " is zero");
            }
            for (int j = 0; j < mu[c].length; j++) {
                mu[c][j] /= norm;
            }
        }
        return mu;
    }

    private static void appendRows(StringBuilder text, double[][] rows) {
        text.append('[');
        for (int c = 0; c < rows.length; c++) {
            text.append(c > 0 ? ", " : "").append('[');
            for (int j = 0; j < rows[c].length; j++) {
                text.append(j > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", rows[c][j]));
            }
            text.append(']');
        }
        text.append(']');
    }

    /** A source drawing one point at a time into a double row, stored as float. */
    private abstract static class Source implements DataSource {
        private final int dimension;
        private final String description;

        Source(int dimension, String description) {
            this.dimension = dimension;
            this.description = description;
        }

        abstract void draw(RandomGenerator rng, double[] out);

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            if (rng == null || out == null || n < 0 || out.length < (long) n * dimension) {
                throw new IllegalArgumentException("need a generator and room for " + n + " points of " + dimension
                        + " coordinates");
            }
            double[] row = new double[dimension];
            for (int i = 0; i < n; i++) {
                draw(rng, row);
                for (int j = 0; j < dimension; j++) {
                    out[i * dimension + j] = (float) row[j];
                }
            }
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
