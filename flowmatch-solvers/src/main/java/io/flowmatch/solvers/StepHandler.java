package io.flowmatch.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Observes an integration as it proceeds, in the manner of Hipparchus' {@code ODEStepHandler}:
 * the solver knows nothing about what the handler does with the states (record a trajectory,
 * draw a frame, report progress) and the handler can ask it to stop early.
 *
 * <p>The state passed to the handler is the solver's own working buffer: read or copy it, never
 * keep a reference to it or modify it.
 */
public interface StepHandler {

    /** What the solver should do after a step has been handled. */
    enum Action {
        /** Go on integrating. */
        CONTINUE,
        /** Stop now; the current state is the result of the integration. */
        STOP
    }

    /** A handler that observes nothing and never stops the integration. */
    StepHandler NONE = (step, t, state) -> Action.CONTINUE;

    /**
     * Called once before the first step with the initial state.
     *
     * @param t0    the initial time
     * @param state the initial state, shape {@code [n, d]}
     */
    default void init(double t0, INDArray state) {
    }

    /**
     * Called after each step has been completed (for fixed-step solvers, after every step of the
     * grid; for adaptive solvers, each time a point of the grid is reached).
     *
     * @param step  the index of the grid point just reached, from 1 to {@code grid.steps()}
     * @param t     the time of that grid point
     * @param state the state at {@code t}, shape {@code [n, d]}
     * @return whether to continue
     */
    Action handleStep(int step, double t, INDArray state);
}
