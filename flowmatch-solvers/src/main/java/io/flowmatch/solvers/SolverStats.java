package io.flowmatch.solvers;

/**
 * What an integration cost: the number of vector-field evaluations (NFE), the accepted steps
 * and, for adaptive solvers, the rejected ones; and the time the integration ended at (earlier
 * than the grid's end when a {@link StepHandler} stopped it).
 *
 * @param evaluations   number of calls to {@link VectorField#evaluate}
 * @param acceptedSteps steps taken
 * @param rejectedSteps steps tried and rejected by error control (0 for fixed-step solvers)
 * @param endTime       the time of the returned state
 */
public record SolverStats(long evaluations, long acceptedSteps, long rejectedSteps, double endTime) {
}
