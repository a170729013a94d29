package io.flowmatch.core.metrics;

import java.util.Arrays;

/**
 * Exact minimum-cost perfect matching on a dense square cost matrix (the linear assignment
 * problem), by the Hungarian method with potentials and shortest augmenting paths: O(n^3) time,
 * O(n) memory besides the matrix. Used for exact W2 and, later, optimal-transport couplings.
 */
public final class LinearAssignment {

    private LinearAssignment() {
    }

    /**
     * Solves min over permutations sigma of sum_i cost[i, sigma(i)].
     *
     * @param cost row-major n x n costs, all finite
     * @param n    the size, at least 1
     * @return assignment[i] = the column matched to row i
     * @throws IllegalArgumentException if the matrix is not n x n or has a non-finite entry
     */
    public static int[] solve(double[] cost, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("assignment size must be at least 1, got " + n);
        }
        if (cost == null || cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost matrix must hold n * n = " + (long) n * n + " values, got "
                    + (cost == null ? "null" : cost.length));
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost matrix has a non-finite value at row " + (k / n)
                        + ", column " + (k % n));
            }
        }
        // 1-based arrays, column 0 is a virtual start (the classic formulation)
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] matchOfColumn = new int[n + 1];
        int[] previous = new int[n + 1];
        double[] minSlack = new double[n + 1];
        boolean[] used = new boolean[n + 1];
        for (int row = 1; row <= n; row++) {
            matchOfColumn[0] = row;
            int column = 0;
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[column] = true;
                int i0 = matchOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int next = 0;
                int base = (i0 - 1) * n - 1;
                double ui = u[i0];
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double slack = cost[base + j] - ui - v[j];
                        if (slack < minSlack[j]) {
                            minSlack[j] = slack;
                            previous[j] = column;
                        }
                        if (minSlack[j] < delta) {
                            delta = minSlack[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[matchOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                column = next;
            } while (matchOfColumn[column] != 0);
            do {
                int from = previous[column];
                matchOfColumn[column] = matchOfColumn[from];
                column = from;
            } while (column != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= n; j++) {
            assignment[matchOfColumn[j] - 1] = j - 1;
        }
        return assignment;
    }
}
