package io.flowmatch.spark;

import io.flowmatch.core.train.TrainingState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The training state every worker starts a round from (step, parameters, Adam's moments, weight
 * average), in serializable form: a {@link TrainingState} as plain float arrays. Immutable once
 * broadcast; a retried task starts again from the same one.
 */
final class SharedState implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final float[] parameters;
    private final float[][] optimizerState;
    private final float[] average;

    SharedState(long step, float[] parameters, float[][] optimizerState, float[] average) {
        this.step = step;
        this.parameters = parameters;
        this.optimizerState = optimizerState;
        this.average = average;
    }

    /** A copy of a session's snapshot. */
    static SharedState of(TrainingState state) {
        float[][] moments = new float[state.optimizerStateCount()][];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = state.optimizerState(i);
        }
        return new SharedState(state.step(), state.parameters(), moments, state.average());
    }

    /** As a {@link TrainingState} to restore a session from. */
    TrainingState toTrainingState() {
        List<float[]> moments = new ArrayList<>(List.of(optimizerState));
        return new TrainingState(step, parameters, moments, average);
    }

    long step() {
        return step;
    }

    float[] parameters() {
        return parameters;
    }

    /** The weight average, or null if the run keeps none. */
    float[] average() {
        return average;
    }
}
