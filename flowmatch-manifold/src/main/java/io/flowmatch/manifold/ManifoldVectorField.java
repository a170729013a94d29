package io.flowmatch.manifold;

/**
 * A time-dependent tangent vector field v(t, x) on a {@link Manifold}, evaluated on a batch of
 * points: the right-hand side of dx/dt = v(t, x) that a {@link ManifoldSolver} integrates.
 * The counterpart on a manifold of flowmatch-solvers' {@code VectorField}, on flat
 * {@code double[]} rows.
 *
 * <p>Implementations need not be thread-safe; a solver calls one field from one thread.
 */
@FunctionalInterface
public interface ManifoldVectorField {

    /**
     * Evaluates the field at time t for the first n rows of x.
     *
     * @param t time (flow matching uses [0, 1])
     * @param x points on the manifold, row-major {@code [n, dimension()]}; not modified
     * @param v receives the tangent vectors, v_i at x_i, {@code [n, dimension()]}; never {@code x}
     * @param n number of rows
     */
    void evaluate(double t, double[] x, double[] v, int n);
}
