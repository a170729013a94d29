package io.flowmatch.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Integrates a batched ODE dx/dt = v(t, x) along a {@link TimeGrid}, in place.
 *
 * <p>Fixed-step solvers take exactly one step per interval of the grid. Adaptive solvers choose
 * their own steps but land exactly on every grid point, so that the grid is where a
 * {@link StepHandler} sees the state.
 *
 * <p>Solvers are immutable configuration objects: one instance may be used from many threads at
 * once, because each call allocates its own stage buffers (once per call, never per step).
 *
 * @see Solvers
 */
public interface OdeSolver {

    /** A short name such as {@code "euler"} or {@code "dopri5"}, used in logs, files and the CLI. */
    String name();

    /**
     * The name with every parameter, in a form {@link Solvers#parse(String)} reads back, e.g.
     * {@code "rk4"} or {@code "dopri5(atol=1.0E-5, rtol=1.0E-5)"}. The default is {@link #name()},
     * right for a solver without parameters.
     */
    default String description() {
        return name();
    }

    /**
     * Integrates from {@code grid.start()} to {@code grid.end()}, overwriting {@code state} with the
     * solution at each reached grid point and, on return, at the last one reached.
     *
     * @param field   the vector field
     * @param state   the initial state, shape {@code [n, d]}, float or double; overwritten
     * @param grid    the time points; may run backwards (start &gt; end)
     * @param handler observer called at every grid point; may stop the integration
     * @return counts of the work done
     * @throws IllegalArgumentException if {@code state} is not a 2-D array
     * @throws IllegalStateException    if the solution becomes NaN or infinite, or an adaptive
     *                                  solver cannot meet its tolerance
     */
    SolverStats integrate(VectorField field, INDArray state, TimeGrid grid, StepHandler handler);

    /**
     * Whether this solver chooses its own step sizes (then a grid of one step over [0, 1] lets it
     * work freely; more grid points only add places where it must land).
     */
    default boolean isAdaptive() {
        return false;
    }

    /** Same as {@link #integrate(VectorField, INDArray, TimeGrid, StepHandler)} with no handler. */
    default SolverStats integrate(VectorField field, INDArray state, TimeGrid grid) {
        return integrate(field, state, grid, StepHandler.NONE);
    }
}
