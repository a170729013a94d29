package io.flowmatch.spark;

import io.flowmatch.core.Standardization;
import java.io.Serializable;
import java.util.List;

/**
 * One partition's row count, column means and sums of squared deviations (computed in two
 * passes in double precision, in row order, as {@link Standardization#fit} does on one machine),
 * or the first problem found in its rows; merged across partitions with Chan et al.'s pairwise
 * formula. With one partition the result is exactly the single-machine fit.
 */
final class ColumnMoments implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long count;
    private final double[] mean;
    private final double[] m2;
    private final String problem;

    private ColumnMoments(long count, double[] mean, double[] m2, String problem) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.problem = problem;
    }

    /** No rows at all: the identity of {@link #merge}. */
    static ColumnMoments none() {
        return new ColumnMoments(0, null, null, null);
    }

    /** The moments of a partition's blocks (empty: count 0). */
    static ColumnMoments of(List<FloatBlock> blocks) {
        for (FloatBlock b : blocks) {
            if (b.problem() != null) {
                return new ColumnMoments(0, null, null, b.problem());
            }
        }
        if (blocks.isEmpty()) {
            return none();
        }
        int d = blocks.get(0).dimension();
        long n = 0;
        double[] mean = new double[d];
        for (FloatBlock b : blocks) {
            n += b.rows();
        }
        for (int k = 0; k < d; k++) {
            double sum = 0;
            for (FloatBlock b : blocks) {
                float[] v = b.values();
                for (int i = 0; i < b.rows(); i++) {
                    sum += v[i * d + k];
                }
            }
            mean[k] = sum / n;
        }
        double[] m2 = new double[d];
        for (int k = 0; k < d; k++) {
            double ss = 0;
            for (FloatBlock b : blocks) {
                float[] v = b.values();
                for (int i = 0; i < b.rows(); i++) {
                    double c = v[i * d + k] - mean[k];
                    ss += c * c;
                }
            }
            m2[k] = ss;
        }
        return new ColumnMoments(n, mean, m2, null);
    }

    /** The moments of both parts' rows together; a problem in either wins. */
    static ColumnMoments merge(ColumnMoments a, ColumnMoments b) {
        if (a.problem != null) {
            return a;
        }
        if (b.problem != null) {
            return b;
        }
        if (a.count == 0) {
            return b;
        }
        if (b.count == 0) {
            return a;
        }
        long n = a.count + b.count;
        double[] mean = new double[a.mean.length];
        double[] m2 = new double[a.mean.length];
        for (int k = 0; k < mean.length; k++) {
            double delta = b.mean[k] - a.mean[k];
            mean[k] = a.mean[k] + delta * b.count / n;
            m2[k] = a.m2[k] + b.m2[k] + delta * delta * ((double) a.count * b.count / n);
        }
        return new ColumnMoments(n, mean, m2, null);
    }

    long count() {
        return count;
    }

    String problem() {
        return problem;
    }

    /** The standardization of these rows. */
    Standardization standardization() {
        return Standardization.fromMoments(count, mean, m2);
    }
}
