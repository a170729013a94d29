package io.flowmatch.solvers;

/**
 * The coefficients of an explicit Runge-Kutta method: nodes c, the strictly lower-triangular
 * matrix a, the weights b and, for embedded pairs, the weights of the lower-order solution.
 * Validated on construction (row sums of a equal c, weights sum to 1).
 */
public final class ButcherTableau {

    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] bLower;
    private final int order;

    /**
     * @param c      nodes, one per stage, c[0] = 0
     * @param a      a[i] holds the i coefficients of stage i on the earlier stages
     * @param b      weights of the solution
     * @param bLower weights of the embedded lower-order solution, or null
     * @param order  the order of the solution given by b
     */
    public ButcherTableau(double[] c, double[][] a, double[] b, double[] bLower, int order) {
        int s = c.length;
        if (s < 1 || a.length != s || b.length != s || (bLower != null && bLower.length != s)) {
            throw new IllegalArgumentException("tableau arrays must all have one entry per stage");
        }
        if (c[0] != 0) {
            throw new IllegalArgumentException("an explicit tableau has c[0] = 0");
        }
        for (int i = 0; i < s; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException("row " + i + " of a must have " + i + " entries");
            }
            double sum = 0;
            for (double v : a[i]) {
                sum += v;
            }
            if (Math.abs(sum - c[i]) > 1e-12) {
                throw new IllegalArgumentException("row " + i + " of a sums to " + sum + ", not c[" + i + "]=" + c[i]);
            }
        }
        checkWeights(b, "b");
        if (bLower != null) {
            checkWeights(bLower, "bLower");
        }
        this.c = c.clone();
        this.a = new double[s][];
        for (int i = 0; i < s; i++) {
            this.a[i] = a[i].clone();
        }
        this.b = b.clone();
        this.bLower = bLower == null ? null : bLower.clone();
        this.order = order;
    }

    private static void checkWeights(double[] w, String name) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-12) {
            throw new IllegalArgumentException("weights " + name + " sum to " + sum + ", not 1");
        }
    }

    /** The number of stages. */
    public int stages() {
        return c.length;
    }

    /** Node c_i. */
    public double c(int i) {
        return c[i];
    }

    /** Coefficient a_ij, j &lt; i. */
    public double a(int i, int j) {
        return a[i][j];
    }

    /** Weight b_i. */
    public double b(int i) {
        return b[i];
    }

    /** Whether an embedded lower-order solution exists. */
    public boolean isEmbedded() {
        return bLower != null;
    }

    /** b_i minus the lower-order weight: the coefficient of stage i in the error estimate. */
    public double errorWeight(int i) {
        return b[i] - bLower[i];
    }

    /** The order of the solution. */
    public int order() {
        return order;
    }
}
