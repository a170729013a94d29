package io.flowmatch.core.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A validated copy of an {@code [n, d]} point array as row-major doubles: point {@code i},
 * coordinate {@code k} is {@code x[i * d + k]}. The input is converted once; all metrics work on
 * plain arrays. (Not a data source: a point set to train on is {@link io.flowmatch.datasets.PointSet}.)
 */
final class PointMatrix {

    final String name;
    final int n;
    final int d;
    final double[] x;

    private PointMatrix(String name, int n, int d, double[] x) {
        this.name = name;
        this.n = n;
        this.d = d;
        this.x = x;
    }

    /**
     * Checks and copies {@code points}.
     *
     * @param points an {@code [n, d]} array of any numeric type, n and d at least 1, all finite
     * @param name   how messages call it ("a" or "b")
     * @throws IllegalArgumentException naming the problem: null, not rank 2, empty, not numeric,
     *                                  too large, or the first NaN/infinite entry by row and column
     */
    static PointMatrix of(INDArray points, String name) {
        if (points == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        long[] shape = points.shape();
        if (points.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a 2-D [n, d] array of points, got shape "
                    + Arrays.toString(shape) + " (rank " + points.rank() + ")");
        }
        if (shape[0] < 1 || shape[1] < 1) {
            throw new IllegalArgumentException(name + " is empty: shape " + Arrays.toString(shape)
                    + "; need at least one point with at least one coordinate");
        }
        if (!points.dataType().isNumerical()) {
            throw new IllegalArgumentException(name + " must hold numbers, got data type " + points.dataType());
        }
        if (shape[0] * shape[1] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " is too large to copy: shape " + Arrays.toString(shape));
        }
        int n = (int) shape[0];
        int d = (int) shape[1];
        double[][] rows = points.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] row = rows[i];
            for (int k = 0; k < d; k++) {
                double value = row[k];
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(name + " has " + value + " at row " + i + ", column " + k);
                }
                x[i * d + k] = value;
            }
        }
        return new PointMatrix(name, n, d, x);
    }

    /** Throws unless both sets have the same number of columns. */
    static void requireSameDimension(PointMatrix a, PointMatrix b) {
        if (a.d != b.d) {
            throw new IllegalArgumentException("dimensions differ: " + a.name + " has " + a.d + " columns, " + b.name
                    + " has " + b.d);
        }
    }

    /** The coordinate-wise mean, length d. */
    double[] mean() {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int k = 0; k < d; k++) {
                m[k] += x[base + k];
            }
        }
        for (int k = 0; k < d; k++) {
            m[k] /= n;
        }
        return m;
    }

    /** A copy with the mean subtracted from every point, row-major like {@link #x}. */
    double[] centred() {
        double[] m = mean();
        double[] c = new double[x.length];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int k = 0; k < d; k++) {
                c[base + k] = x[base + k] - m[k];
            }
        }
        return c;
    }

    /**
     * The sample covariance with divisor n - 1 (as NumPy's {@code np.cov(x, rowvar=False)}), a
     * d x d row-major array. Needs n >= 2.
     */
    double[] covariance() {
        double[] c = centred();
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int p = 0; p < d; p++) {
                double cp = c[base + p];
                for (int q = p; q < d; q++) {
                    cov[p * d + q] += cp * c[base + q];
                }
            }
        }
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                double value = cov[p * d + q] / (n - 1);
                cov[p * d + q] = value;
                cov[q * d + p] = value;
            }
        }
        return cov;
    }
}
