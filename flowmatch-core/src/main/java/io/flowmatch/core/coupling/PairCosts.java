package io.flowmatch.core.coupling;

/** Squared Euclidean distances between the rows of two row-major point batches. */
final class PairCosts {

    private PairCosts() {
    }

    /**
     * Fills {@code cost[i * n + j] = |x0_i - x1_j|^2} for the first {@code n} rows.
     *
     * @return the largest entry
     */
    static double squaredDistances(float[] x0, float[] x1, int n, int d, double[] cost) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            int a = i * d;
            int base = i * n;
            for (int j = 0; j < n; j++) {
                int b = j * d;
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = x0[a + k] - x1[b + k];
                    s += diff * diff;
                }
                cost[base + j] = s;
                max = Math.max(max, s);
            }
        }
        return max;
    }
}
