package io.flowmatch.spark;

import java.io.Serializable;

/**
 * Called by a worker after each of its local optimizer steps; tests use it to make a task fail
 * in the middle of a round.
 */
@FunctionalInterface
interface StepHook extends Serializable {

    /**
     * @param round     the averaging round, from 1
     * @param partition the worker's partition index
     * @param localStep the step within the round, from 1
     */
    void afterStep(int round, int partition, int localStep);
}
