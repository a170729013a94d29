package io.flowmatch.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent vector field v(t, x) evaluated on a batch of points: the right-hand side of
 * the ODE dx/dt = v(t, x) that a {@link OdeSolver} integrates.
 *
 * <p>This is the batched counterpart of Hipparchus' {@code OrdinaryDifferentialEquation}: every
 * row of the batch is an independent point in R^d, and all rows share the same time t. The
 * result is written into a caller-provided array so that solvers can reuse their stage buffers
 * and integrate without allocating per step.
 *
 * <p>Implementations need not be thread-safe; a solver calls one field from one thread.
 */
@FunctionalInterface
public interface VectorField {

    /**
     * Evaluates the field at time {@code t} for every row of {@code x}.
     *
     * @param t   the time, in the units of the solver's {@link TimeGrid} (flow matching uses [0, 1])
     * @param x   the points, shape {@code [n, d]}; must not be modified
     * @param out receives v(t, x), shape {@code [n, d]}, same data type as {@code x}; never the
     *            same array as {@code x}
     */
    void evaluate(double t, INDArray x, INDArray out);
}
