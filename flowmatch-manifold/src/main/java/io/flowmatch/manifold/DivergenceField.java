package io.flowmatch.manifold;

import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.solvers.TimeGrid;

/**
 * The trained field with its exact Riemannian divergence, in double precision, for
 * log-likelihoods by the instantaneous change of variables on a manifold:
 * <pre>
 *   d/dt log p_t(x_t) = -div_M v_t(x_t),   div_M v = sum_k b_k . (Do b_k) - o . H   (see {@link Embedding})
 * </pre>
 * Integrating x from a point at t = 1 back to t = 0 along the field, with
 * l' = div_M v and l(1) = 0, gives log p_1(x_1) = log p_0(x_0) + l(0) = -log(volume) + l(0),
 * since the source is uniform. Internal; one per thread and row count.
 */
final class DivergenceField implements ManifoldSolver.AugmentedField {

    /** Rows integrated together when computing likelihoods. */
    static final int CHUNK_ROWS = 512;

    private final Embedding embedding;
    private final MlpJacobian jacobian;
    private final int rows;
    private final int d;
    private final int e;
    private final int m;
    private final double[] f;
    private final double[] dirs;
    private final double[] o;
    private final double[] jvp;

    DivergenceField(MlpVelocityModel model, Embedding embedding, int rows) {
        this.embedding = embedding;
        this.rows = rows;
        this.d = embedding.dimension();
        this.e = embedding.features();
        this.m = embedding.intrinsicDimension();
        this.jacobian = new MlpJacobian(model, rows, m);
        this.f = new double[rows * e];
        this.dirs = new double[rows * m * e];
        this.o = new double[rows * e];
        this.jvp = new double[rows * m * e];
    }

    @Override
    public void evaluate(double t, double[] x, double[] v, double[] rates, int n) {
        if (n != rows) {
            throw new IllegalArgumentException("this field evaluates " + rows + " rows, got " + n);
        }
        for (int i = 0; i < n; i++) {
            embedding.embed(x, i * d, f, i * e);
            embedding.tangentBasis(x, i * d, dirs, i * m * e);
        }
        jacobian.evaluate(t, f, dirs, o, jvp);
        for (int i = 0; i < n; i++) {
            embedding.readOut(x, i * d, o, i * e, v, i * d);
            double div = -embedding.curvature(x, i * d, o, i * e);
            for (int q = 0; q < m; q++) {
                int at = (i * m + q) * e;
                for (int j = 0; j < e; j++) {
                    div += dirs[at + j] * jvp[at + j];
                }
            }
            rates[i] = div;
        }
    }

    /**
     * log p_1 of each of n points (row-major, on the manifold) under the flow of {@code model}
     * from the uniform distribution, integrating backwards with {@code solver} over
     * {@code steps} equal steps.
     */
    static double[] logDensity(Manifold manifold, Embedding embedding, MlpVelocityModel model, double[] x, int n,
            ManifoldSolver solver, int steps) {
        int d = manifold.dimension();
        double[] logp = new double[n];
        double base = -Math.log(manifold.volume());
        TimeGrid grid = TimeGrid.uniform(1.0, 0.0, steps);
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int chunkRows = (n + chunks - 1) / chunks;
        DivergenceField field = null;
        for (int start = 0; start < n; start += chunkRows) {
            int r = Math.min(chunkRows, n - start);
            if (field == null || field.rows != r) {
                field = new DivergenceField(model, embedding, r);
            }
            double[] state = java.util.Arrays.copyOfRange(x, start * d, (start + r) * d);
            double[] change = new double[r];
            solver.integrate(manifold, field, state, r, change, 1, grid, null);
            for (int i = 0; i < r; i++) {
                logp[start + i] = base + change[i];
            }
        }
        return logp;
    }
}
