package io.flowmatch.core.model;

import io.flowmatch.solvers.VectorField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The preallocated working memory of a {@link VelocityModel} for batches of a fixed number of
 * rows: activations, their gradients and the output. Created by {@link VelocityModel#newPass(int)}.
 *
 * <p>A pass is also a {@link VectorField} (every row at the same time t), so it plugs straight
 * into an ODE solver. Not thread-safe: one pass per thread.
 */
public interface ModelPass extends VectorField {

    /** The number of rows this pass was made for. */
    int rows();

    /**
     * Evaluates v(t_i, x_i) for every row, keeping what {@link #backward} needs.
     *
     * @param t per-row times, shape {@code [rows, 1]} or {@code [rows]}, usually in [0, 1]
     * @param x points, shape {@code [rows, d]}
     * @return the velocities, shape {@code [rows, d]}: a buffer owned by this pass, valid until
     *         the next call
     */
    INDArray forward(INDArray t, INDArray x);

    /**
     * Back-propagates {@code gradOutput} = dL/dv through the last {@link #forward(INDArray, INDArray)}
     * and writes dL/dtheta into {@code gradParameters} (overwriting it).
     *
     * @param gradOutput     shape {@code [rows, d]}
     * @param gradParameters flat, same length and type as {@link VelocityModel#parameters()}
     */
    void backward(INDArray gradOutput, INDArray gradParameters);

    /**
     * Evaluates v(t, x_i) with one time for all rows, writing into {@code out}; the forward-only
     * path the sampler uses.
     */
    @Override
    void evaluate(double t, INDArray x, INDArray out);
}
