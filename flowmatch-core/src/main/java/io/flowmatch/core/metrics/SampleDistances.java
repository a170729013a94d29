package io.flowmatch.core.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distances between two samples of points, to judge generated samples against data: energy
 * distance, exact 2-Wasserstein distance, and distances between means and covariances. Inputs
 * are {@code [n, d]} arrays of any float type; results are in the units of the points.
 */
public final class SampleDistances {

    /** The largest sample for which {@link #wasserstein2} solves the exact assignment. */
    public static final int MAX_EXACT_W2_POINTS = 5000;

    private SampleDistances() {
    }

    /**
     * The energy distance 2 E|A - B| - E|A - A'| - E|B - B'|, with each expectation the mean over
     * all pairs (i = i' included, as {@code 2 cdist(a, b).mean() - cdist(a, a).mean() -
     * cdist(b, b).mean()} in SciPy). Zero for identical sets; O((n + m)^2 d).
     */
    public static double energyDistance(INDArray a, INDArray b) {
        double[][] x = points(a, "a");
        double[][] y = points(b, "b");
        requireSameDimension(x, y);
        return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y);
    }

    /**
     * The exact W2 distance between the empirical measures of two equally sized samples:
     * sqrt(min over matchings sigma of mean |a_i - b_sigma(i)|^2), by an exact assignment.
     *
     * @throws IllegalArgumentException if the sizes differ or exceed {@value #MAX_EXACT_W2_POINTS}
     */
    public static double wasserstein2(INDArray a, INDArray b) {
        double[][] x = points(a, "a");
        double[][] y = points(b, "b");
        requireSameDimension(x, y);
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("exact W2 needs samples of equal size, got " + n + " and " + y.length
                    + "; subsample the larger one");
        }
        if (n > MAX_EXACT_W2_POINTS) {
            throw new IllegalArgumentException("exact W2 is limited to " + MAX_EXACT_W2_POINTS + " points (O(n^3)), got "
                    + n + "; subsample");
        }
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = squaredDistance(x[i], y[j]);
            }
        }
        int[] match = LinearAssignment.solve(cost, n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += cost[i * n + match[i]];
        }
        return Math.sqrt(Math.max(0, total / n));
    }

    /** |mean(a) - mean(b)|, the Euclidean distance between the sample means. */
    public static double meanDistance(INDArray a, INDArray b) {
        double[][] x = points(a, "a");
        double[][] y = points(b, "b");
        requireSameDimension(x, y);
        double[] ma = mean(x);
        double[] mb = mean(y);
        double s = 0;
        for (int j = 0; j < ma.length; j++) {
            s += (ma[j] - mb[j]) * (ma[j] - mb[j]);
        }
        return Math.sqrt(s);
    }

    /** The Frobenius norm of the difference between the sample covariances (divisor n - 1). */
    public static double covarianceDistance(INDArray a, INDArray b) {
        double[][] x = points(a, "a");
        double[][] y = points(b, "b");
        requireSameDimension(x, y);
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 points per sample");
        }
        double[][] ca = covariance(x);
        double[][] cb = covariance(y);
        double s = 0;
        for (int i = 0; i < ca.length; i++) {
            for (int j = 0; j < ca.length; j++) {
                s += (ca[i][j] - cb[i][j]) * (ca[i][j] - cb[i][j]);
            }
        }
        return Math.sqrt(s);
    }

    private static double meanDistance(double[][] x, double[][] y) {
        double s = 0;
        for (double[] p : x) {
            for (double[] q : y) {
                s += Math.sqrt(squaredDistance(p, q));
            }
        }
        return s / ((double) x.length * y.length);
    }

    private static double squaredDistance(double[] p, double[] q) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            double d = p[j] - q[j];
            s += d * d;
        }
        return s;
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] p : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += p[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    private static double[][] covariance(double[][] x) {
        double[] m = mean(x);
        int d = m.length;
        double[][] c = new double[d][d];
        for (double[] p : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (p[i] - m[i]) * (p[j] - m[j]);
                }
            }
        }
        for (double[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] /= x.length - 1;
            }
        }
        return c;
    }

    private static void requireSameDimension(double[][] x, double[][] y) {
        if (x[0].length != y[0].length) {
            throw new IllegalArgumentException("dimensions differ: a has " + x[0].length + " columns, b has "
                    + y[0].length);
        }
    }

    private static double[][] points(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2 || a.rows() < 1 || a.columns() < 1) {
            throw new IllegalArgumentException(name + " must be a non-empty [n, d] array, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        double[][] x = a.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException(name + " has " + x[i][j] + " at row " + i + ", column " + j);
                }
            }
        }
        return x;
    }
}
