package io.flowmatch.core.metrics;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded point sets and small helpers shared by the metrics tests. */
final class TestPoints {

    private TestPoints() {
    }

    /** n points of N(mean, I) in mean.length dimensions, as double[n][d]. */
    static double[][] gaussian(int n, double[] mean, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][mean.length];
        for (double[] row : x) {
            for (int k = 0; k < mean.length; k++) {
                row[k] = mean[k] + rng.nextGaussian();
            }
        }
        return x;
    }

    /** n points uniform in [lo, hi)^d, as double[n][d]. */
    static double[][] uniform(int n, int d, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextDouble(lo, hi);
            }
        }
        return x;
    }

    static INDArray array(double[][] x) {
        return Nd4j.createFromArray(x);
    }

    /** A one-column array [v.length, 1]. */
    static INDArray column(double... v) {
        double[][] x = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            x[i][0] = v[i];
        }
        return Nd4j.createFromArray(x);
    }

    /** A uniformly random permutation of 0..n-1. */
    static int[] permutation(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Rows of x reordered: result[i] = x[order[i]]. */
    static double[][] reorder(double[][] x, int[] order) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[order[i]].clone();
        }
        return y;
    }

    static double distance(double[] p, double[] q) {
        return Math.sqrt(squaredDistance(p, q));
    }

    static double squaredDistance(double[] p, double[] q) {
        double s = 0;
        for (int k = 0; k < p.length; k++) {
            s += (p[k] - q[k]) * (p[k] - q[k]);
        }
        return s;
    }

    /**
     * The minimum over all permutations p of sum_i cost[i][p(i)], by enumerating all n!
     * permutations by recursive swapping; for n <= 8.
     */
    static double bruteForceMinimum(double[][] cost) {
        int n = cost.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return permute(cost, p, 0);
    }

    private static double permute(double[][] cost, int[] p, int k) {
        if (k == p.length) {
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                s += cost[i][p[i]];
            }
            return s;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = k; i < p.length; i++) {
            swap(p, k, i);
            best = Math.min(best, permute(cost, p, k + 1));
            swap(p, k, i);
        }
        return best;
    }

    private static void swap(int[] p, int i, int j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }

    static double[] flatten(double[][] m) {
        int n = m.length;
        double[] flat = new double[n * m[0].length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, flat, i * m[i].length, m[i].length);
        }
        return flat;
    }

    static boolean isPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            if (v < 0 || v >= p.length || seen[v]) {
                return false;
            }
            seen[v] = true;
        }
        return true;
    }
}
