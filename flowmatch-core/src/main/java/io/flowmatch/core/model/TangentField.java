package io.flowmatch.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A velocity field v(t, x): R x R^d -&gt; R^d that also gives its directional derivatives in x,
 * the Jacobian-vector products {@code J(t, x) u} with {@code J = dv/dx} (d x d), by forward-mode
 * differentiation (tangent propagation). This is what the instantaneous change of variables needs:
 * the divergence {@code tr J} is the sum of d such products with the unit vectors, or is
 * estimated from a few random ones (Hutchinson).
 *
 * <p>Every row is an independent point with its own tangent; all rows share the time t. Work is in
 * double precision. Implementations need not be thread-safe: use one per thread.
 *
 * @see InputDifferentiable
 */
public interface TangentField {

    /** The dimension d of the points, the tangents and the velocities. */
    int dimension();

    /**
     * For every row i, {@code out_i = v(t, x_i)} and {@code tangentOut_i = J(t, x_i) u_i}.
     *
     * @param t          the time (flow matching uses [0, 1])
     * @param x          the points, shape {@code [n, d]}, float or double; not modified
     * @param u          the tangents, shape {@code [n, d]}, float or double; not modified
     * @param out        receives the velocities, DOUBLE {@code [n, d]}
     * @param tangentOut receives the Jacobian-vector products, DOUBLE {@code [n, d]}
     * @throws IllegalArgumentException if a shape or data type does not fit
     */
    void evaluate(double t, INDArray x, INDArray u, INDArray out, INDArray tangentOut);
}
