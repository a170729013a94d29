package io.flowmatch.core.coupling;

/**
 * Entropy-regularised optimal transport between two uniform discrete measures by Sinkhorn's
 * iterations in the log domain (stable for small regularisation): the plan
 * pi_ij = exp((f_i + g_j - C_ij) / reg) with potentials f, g scaled so that every row and every
 * column of pi sums to 1/n and 1/m. As reg goes to 0 the plan tends to an optimal (unregularised)
 * transport plan; as it grows the plan tends to the independent one, 1/(n m).
 */
public final class Sinkhorn {

    private Sinkhorn() {
    }

    /**
     * Computes the entropic plan.
     *
     * @param cost          the n x m costs, row-major, finite
     * @param n             rows (source points), at least 1
     * @param m             columns (target points), at least 1
     * @param reg           the regularisation, positive (in the units of the cost)
     * @param maxIterations the most iterations to run, at least 1
     * @param tolerance     stop when every column sum is within this of 1/m (rows are exact
     *                      after each iteration)
     * @return the plan, n x m row-major, summing to 1
     * @throws IllegalArgumentException for bad sizes, a non-positive reg or a non-finite cost
     */
    public static double[] plan(double[] cost, int n, int m, double reg, int maxIterations, double tolerance) {
        if (n < 1 || m < 1 || cost == null || cost.length != (long) n * m) {
            throw new IllegalArgumentException("cost must hold n * m values with n, m >= 1, got n=" + n + ", m=" + m
                    + ", length " + (cost == null ? "null" : cost.length));
        }
        if (!(reg > 0) || !Double.isFinite(reg)) {
            throw new IllegalArgumentException("Sinkhorn regularisation must be positive and finite, got " + reg);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost has a non-finite value at row " + (k / m) + ", column " + (k % m));
            }
        }
        // the spread of each row above its minimum decides whether exp(-C / reg) stays in range
        // once each row is shifted by its minimum (a shift that the row scaling u absorbs)
        double spread = 0;
        double[] rowMin = new double[n];
        for (int i = 0; i < n; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                lo = Math.min(lo, cost[i * m + j]);
                hi = Math.max(hi, cost[i * m + j]);
            }
            rowMin[i] = lo;
            spread = Math.max(spread, hi - lo);
        }
        if (spread / reg < KERNEL_LIMIT) {
            return scalingPlan(cost, rowMin, n, m, reg, maxIterations, tolerance);
        }
        double logA = -Math.log(n);
        double logB = -Math.log(m);
        double[] f = new double[n];
        double[] g = new double[m];
        double[] column = new double[m];
        for (int it = 0; it < maxIterations; it++) {
            // f_i = reg log a_i - reg logsumexp_j((g_j - C_ij) / reg)
            for (int i = 0; i < n; i++) {
                f[i] = reg * (logA - logSumExp(cost, i * m, 1, m, g, reg));
            }
            for (int j = 0; j < m; j++) {
                g[j] = reg * (logB - logSumExp(cost, j, m, n, f, reg));
            }
            if ((it & 7) == 7 || it == maxIterations - 1) {
                // with g fresh the columns are exact; measure the rows' error
                double err = 0;
                for (int i = 0; i < n; i++) {
                    double row = 0;
                    for (int j = 0; j < m; j++) {
                        row += Math.exp((f[i] + g[j] - cost[i * m + j]) / reg);
                    }
                    err = Math.max(err, Math.abs(row - 1.0 / n));
                }
                if (err <= tolerance) {
                    break;
                }
            }
        }
        double[] plan = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                plan[i * m + j] = Math.exp((f[i] + g[j] - cost[i * m + j]) / reg);
            }
        }
        return plan;
    }

    /**
     * Below this ratio of a row's cost spread to reg, the row-shifted kernel exp(-(C - min) / reg)
     * stays inside the range of a double (exp(-600) is about 3e-261, and the scalings stay below
     * 1e261), so the plain scaling iterations are safe and need no exponential per iteration;
     * above it the log domain is used.
     */
    private static final double KERNEL_LIMIT = 600;

    /**
     * Sinkhorn's scaling iterations u = a / (K v), v = b / (K^T u) on the kernel
     * K_ij = exp(-(C_ij - min_j C_ij) / reg); the row shift only rescales u, not the plan.
     */
    private static double[] scalingPlan(double[] cost, double[] rowMin, int n, int m, double reg, int maxIterations,
            double tolerance) {
        double[] kernel = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                kernel[i * m + j] = Math.exp(-(cost[i * m + j] - rowMin[i]) / reg);
            }
        }
        double a = 1.0 / n;
        double b = 1.0 / m;
        double[] u = new double[n];
        double[] v = new double[m];
        java.util.Arrays.fill(v, 1.0);
        double[] kTu = new double[m];
        for (int it = 0; it < maxIterations; it++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    s += kernel[row + j] * v[j];
                }
                u[i] = a / s;
            }
            java.util.Arrays.fill(kTu, 0.0);
            for (int i = 0; i < n; i++) {
                double ui = u[i];
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    kTu[j] += kernel[row + j] * ui;
                }
            }
            for (int j = 0; j < m; j++) {
                v[j] = b / kTu[j];
            }
            if ((it & 7) == 7 || it == maxIterations - 1) {
                // columns are exact after the v update; measure the rows
                double err = 0;
                for (int i = 0; i < n; i++) {
                    double row = 0;
                    int base = i * m;
                    for (int j = 0; j < m; j++) {
                        row += kernel[base + j] * v[j];
                    }
                    err = Math.max(err, Math.abs(u[i] * row - a));
                }
                if (err <= tolerance) {
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            int row = i * m;
            for (int j = 0; j < m; j++) {
                kernel[row + j] *= u[i] * v[j];
            }
        }
        return kernel;
    }

    /**
     * logsumexp over k &lt; count of (p_k - C[offset + k stride]) / reg: a row of the costs with
     * stride 1 and the column potentials g, or a column with stride m and the row potentials f.
     */
    private static double logSumExp(double[] cost, int offset, int stride, int count, double[] p, double reg) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, (p[k] - cost[offset + k * stride]) / reg);
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += Math.exp((p[k] - cost[offset + k * stride]) / reg - max);
        }
        return max + Math.log(sum);
    }
}
