package io.flowmatch.core.metrics;

import java.util.Arrays;

/**
 * Exact solver for the dense linear assignment problem: given a square cost matrix, find the
 * permutation {@code sigma} minimising {@code sum_i cost[i][sigma(i)]} (a minimum-cost perfect
 * matching of rows to columns).
 *
 * <p>The method is the shortest-augmenting-path algorithm with dual potentials of Jonker and
 * Volgenant, in the dense form described by Crouse ("On implementing 2D rectangular assignment
 * algorithms", IEEE TAES 52(4), 2016): an initial column and row reduction gives feasible
 * potentials and a partial matching on zero reduced-cost entries; then, for every row still
 * free, a Dijkstra search over reduced costs finds the cheapest augmenting path, the potentials
 * are updated so that reduced costs stay non-negative and matched entries stay at zero, and the
 * matching is extended along the path. All arithmetic is in {@code double}; the result is optimal
 * up to rounding (a different matching can only win by a rounding-level amount).
 *
 * <p>Complexity: O(n^3) time in the worst case, usually much less since each search stops at
 * the first free column it reaches; O(n) memory besides the caller's cost matrix, which is only
 * read. Every search step retires one column, so the solver terminates on any finite input, ties
 * included. Adding a constant to a whole row or column changes every assignment's total by the
 * same amount, so it does not change the answer, but strong row or column offsets can lengthen
 * the searches: for squared Euclidean costs between two point sets, centre both sets first (as
 * {@link SampleDistances#wasserstein2} does). Measured on one core (warm JVM), for squared
 * distances between centred 2-D Gaussian samples: about 0.1 s for n = 1000, 0.6 s for
 * n = 2000, 2.7 s for n = 4000 and 5 s for n = 5000. Less favourable structured inputs take
 * longer, for example squared distances on a line between two samples of different spread
 * (about 2 to 4 s at n = 2000).
 *
 * <p>Used for the exact 2-Wasserstein distance in {@link SampleDistances#wasserstein2} and meant
 * for reuse, for example for optimal-transport couplings of a minibatch. The class is stateless
 * and thread-safe.
 */
public final class LinearAssignment {

    /**
     * The largest accepted magnitude of a cost entry. The dual potentials and path lengths the
     * solver keeps are of the order of the costs' range; this bound leaves many orders of
     * magnitude of room below overflow.
     */
    public static final double MAX_ABS_COST = 1e250;

    private LinearAssignment() {
    }

    /**
     * Solves the assignment problem for a dense square cost matrix.
     *
     * @param cost the n x n costs in row-major order, {@code cost[i * n + j]} being the cost of
     *             assigning row {@code i} to column {@code j}; any finite values (negative and
     *             tied values are fine) of magnitude at most {@link #MAX_ABS_COST}; not modified
     * @param n    the number of rows and of columns, at least 1
     * @return a new array {@code assignment} of length n, a permutation of {@code 0..n-1}, with
     *         {@code assignment[i]} the column matched to row {@code i}, minimising
     *         {@code sum_i cost[i * n + assignment[i]]}
     * @throws IllegalArgumentException if {@code n < 1}, if {@code cost} is null or does not hold
     *                                  exactly n * n values, or if an entry is NaN, infinite or
     *                                  larger in magnitude than {@link #MAX_ABS_COST}
     */
    public static int[] solve(double[] cost, int n) {
        validate(cost, n);
        double[] u = new double[n];                // row potentials
        double[] v = new double[n];                // column potentials
        int[] columnOfRow = new int[n];
        int[] rowOfColumn = new int[n];
        Arrays.fill(columnOfRow, -1);
        Arrays.fill(rowOfColumn, -1);
        reduce(cost, n, u, v, columnOfRow, rowOfColumn);

        double[] pathCost = new double[n];         // shortest reduced path cost to each column
        int[] previousRow = new int[n];            // row from which each column was reached
        int[] remaining = new int[n];              // columns not yet scanned, in the first slots
        int[] scannedColumns = new int[n];
        int[] scannedRows = new int[n];
        Arrays.fill(pathCost, Double.POSITIVE_INFINITY);
        for (int start = 0; start < n; start++) {
            if (columnOfRow[start] >= 0) {
                continue;
            }
            // Dijkstra over reduced costs from the free row `start` to the nearest free column
            for (int k = 0; k < n; k++) {
                remaining[k] = k;
            }
            int remainingCount = n;
            int scannedColumnCount = 0;
            int scannedRowCount = 0;
            double minVal = 0;
            int row = start;
            int sink = -1;
            while (sink < 0) {
                scannedRows[scannedRowCount++] = row;
                double offset = minVal - u[row];
                int base = row * n;
                double lowest = Double.POSITIVE_INFINITY;
                int lowestAt = -1;
                for (int k = 0; k < remainingCount; k++) {
                    int j = remaining[k];
                    double reduced = offset + cost[base + j] - v[j];
                    double current = pathCost[j];
                    if (reduced < current) {
                        previousRow[j] = row;
                        pathCost[j] = reduced;
                        current = reduced;
                    }
                    // among equally short paths prefer a free column: it ends the search now
                    if (current < lowest || (current == lowest && rowOfColumn[j] < 0)) {
                        lowest = current;
                        lowestAt = k;
                    }
                }
                if (lowestAt < 0 || !Double.isFinite(lowest)) {
                    // unreachable for validated input; guards against overflow instead of looping
                    throw new ArithmeticException("assignment potentials overflowed; scale the costs down");
                }
                minVal = lowest;
                int column = remaining[lowestAt];
                remaining[lowestAt] = remaining[--remainingCount];
                scannedColumns[scannedColumnCount++] = column;
                if (rowOfColumn[column] < 0) {
                    sink = column;
                } else {
                    row = rowOfColumn[column];
                }
            }
            // update potentials: reduced costs stay >= 0, matched entries and the path become tight
            u[start] += minVal;
            for (int k = 1; k < scannedRowCount; k++) {
                int r = scannedRows[k];
                u[r] += minVal - pathCost[columnOfRow[r]];
            }
            for (int k = 0; k < scannedColumnCount; k++) {
                int c = scannedColumns[k];
                v[c] -= minVal - pathCost[c];
            }
            // reset the path costs of the columns this search touched (all others are still +inf)
            for (int k = 0; k < scannedColumnCount; k++) {
                pathCost[scannedColumns[k]] = Double.POSITIVE_INFINITY;
            }
            for (int k = 0; k < remainingCount; k++) {
                pathCost[remaining[k]] = Double.POSITIVE_INFINITY;
            }
            // augment along the path, from the sink back to the start row
            int column = sink;
            while (true) {
                int r = previousRow[column];
                rowOfColumn[column] = r;
                int displaced = columnOfRow[r];
                columnOfRow[r] = column;
                if (r == start) {
                    break;
                }
                column = displaced;
            }
        }
        return columnOfRow;
    }

    /**
     * The total cost {@code sum_i cost[i * n + assignment[i]]} of an assignment, summed in row
     * order.
     *
     * @param cost       the n x n costs in row-major order
     * @param n          the size
     * @param assignment the column of each row, as returned by {@link #solve}
     * @return the total cost, in the units of the costs
     * @throws IllegalArgumentException if the shapes do not match or {@code assignment} is not a
     *                                  permutation of {@code 0..n-1}
     */
    public static double totalCost(double[] cost, int n, int[] assignment) {
        if (n < 1 || cost == null || cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost must hold n * n values for n >= 1");
        }
        if (assignment == null || assignment.length != n) {
            throw new IllegalArgumentException("assignment must hold n = " + n + " columns");
        }
        boolean[] seen = new boolean[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int j = assignment[i];
            if (j < 0 || j >= n || seen[j]) {
                throw new IllegalArgumentException("assignment is not a permutation: row " + i + " -> column " + j);
            }
            seen[j] = true;
            total += cost[i * n + j];
        }
        return total;
    }

    private static void validate(double[] cost, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("assignment size n must be at least 1, got " + n);
        }
        if (cost == null) {
            throw new IllegalArgumentException("cost matrix must not be null");
        }
        if (cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost matrix must be square: n * n = " + (long) n * n
                    + " values for n = " + n + ", got " + cost.length);
        }
        for (int k = 0; k < cost.length; k++) {
            double c = cost[k];
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("cost matrix has " + c + " at row " + (k / n) + ", column "
                        + (k % n));
            }
            if (Math.abs(c) > MAX_ABS_COST) {
                throw new IllegalArgumentException("cost matrix entry " + c + " at row " + (k / n) + ", column "
                        + (k % n) + " exceeds the supported magnitude " + MAX_ABS_COST);
            }
        }
    }

    /**
     * Column reduction then row reduction: v[j] = min_i cost[i][j], rows take the cheapest free
     * column where that is tight; then each still free row gets u[i] = min_j (cost[i][j] - v[j])
     * and takes its minimising column if free. Leaves feasible potentials (all reduced costs
     * >= 0) and a partial matching on zero reduced-cost entries.
     */
    private static void reduce(double[] cost, int n, double[] u, double[] v, int[] columnOfRow, int[] rowOfColumn) {
        int[] argmin = new int[n];
        System.arraycopy(cost, 0, v, 0, n);
        for (int i = 1; i < n; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                double c = cost[base + j];
                if (c < v[j]) {
                    v[j] = c;
                    argmin[j] = i;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            int i = argmin[j];
            if (columnOfRow[i] < 0) {
                columnOfRow[i] = j;
                rowOfColumn[j] = i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (columnOfRow[i] >= 0) {
                continue;
            }
            int base = i * n;
            double best = Double.POSITIVE_INFINITY;
            int bestColumn = -1;
            for (int j = 0; j < n; j++) {
                double reduced = cost[base + j] - v[j];
                if (reduced < best || (reduced == best && rowOfColumn[j] < 0)) {
                    best = reduced;
                    bestColumn = j;
                }
            }
            u[i] = best;
            if (rowOfColumn[bestColumn] < 0) {
                columnOfRow[i] = bestColumn;
                rowOfColumn[bestColumn] = i;
            }
        }
    }
}
