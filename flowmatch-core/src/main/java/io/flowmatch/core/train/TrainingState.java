package io.flowmatch.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A copy of everything a {@link TrainingSession} needs to continue exactly where it was: the
 * number of steps taken, the parameters, the optimizer's state vectors, the weight average, and
 * what a {@link DivergencePolicy} has changed (the learning-rate scale and the steps skipped).
 * Taken by {@link TrainingSession#snapshot()} and put back by
 * {@link TrainingSession#restore(TrainingState)}; checkpoints and data-parallel training are
 * built on it.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class TrainingState {

    private final long step;
    private final float[] parameters;
    private final List<float[]> optimizerState;
    private final float[] average;
    private final double learningRateScale;
    private final long skippedSteps;

    /**
     * A state with the full learning rate and no skipped steps.
     *
     * @param step           optimizer steps taken, at least 0
     * @param parameters     the flat parameter vector
     * @param optimizerState the optimizer's state vectors, each as long as the parameters
     * @param average        the weight average, as long as the parameters, or null for none
     * @throws IllegalArgumentException for a negative step, null or mismatched arrays, or
     *                                  non-finite values
     */
    public TrainingState(long step, float[] parameters, List<float[]> optimizerState, float[] average) {
        this(step, parameters, optimizerState, average, 1.0, 0L);
    }

    /**
     * @param step              optimizer steps taken, at least 0
     * @param parameters        the flat parameter vector
     * @param optimizerState    the optimizer's state vectors, each as long as the parameters
     * @param average           the weight average, as long as the parameters, or null for none
     * @param learningRateScale the factor in (0, 1] the base learning rate is multiplied by (lowered
     *                          by {@link DivergencePolicy#skipAndLowerLearningRate})
     * @param skippedSteps      steps skipped because they diverged, from 0 to {@code step}
     * @throws IllegalArgumentException for a negative step, null or mismatched arrays,
     *                                  non-finite values, or a scale or skip count out of range
     */
    public TrainingState(long step, float[] parameters, List<float[]> optimizerState, float[] average,
            double learningRateScale, long skippedSteps) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
        if (!(learningRateScale > 0 && learningRateScale <= 1)) {
            throw new IllegalArgumentException("learning-rate scale must be in (0, 1], got " + learningRateScale);
        }
        if (skippedSteps < 0 || skippedSteps > step) {
            throw new IllegalArgumentException("skipped steps must be in [0, " + step + "], got " + skippedSteps);
        }
        if (parameters == null || optimizerState == null) {
            throw new IllegalArgumentException("parameters and optimizer state must not be null");
        }
        requireFinite("parameters", parameters);
        List<float[]> copies = new ArrayList<>(optimizerState.size());
        for (int i = 0; i < optimizerState.size(); i++) {
            float[] s = optimizerState.get(i);
            if (s == null || s.length != parameters.length) {
                throw new IllegalArgumentException("optimizer state " + i + " must have " + parameters.length
                        + " values, got " + (s == null ? "null" : s.length));
            }
            requireFinite("optimizer state " + i, s);
            copies.add(s.clone());
        }
        if (average != null) {
            if (average.length != parameters.length) {
                throw new IllegalArgumentException("weight average must have " + parameters.length
                        + " values, got " + average.length);
            }
            requireFinite("weight average", average);
        }
        this.step = step;
        this.parameters = parameters.clone();
        this.optimizerState = Collections.unmodifiableList(copies);
        this.average = average == null ? null : average.clone();
        this.learningRateScale = learningRateScale;
        this.skippedSteps = skippedSteps;
    }

    private static void requireFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has a non-finite value " + values[i] + " at index " + i);
            }
        }
    }

    /** Optimizer steps taken. */
    public long step() {
        return step;
    }

    /** A copy of the parameters. */
    public float[] parameters() {
        return parameters.clone();
    }

    /** The number of parameters. */
    public int parameterCount() {
        return parameters.length;
    }

    /** How many optimizer state vectors there are. */
    public int optimizerStateCount() {
        return optimizerState.size();
    }

    /** A copy of optimizer state vector {@code i}. */
    public float[] optimizerState(int i) {
        return optimizerState.get(i).clone();
    }

    /** Whether a weight average is included. */
    public boolean hasAverage() {
        return average != null;
    }

    /** A copy of the weight average, or null if none. */
    public float[] average() {
        return average == null ? null : average.clone();
    }

    /** The factor the base learning rate is multiplied by: 1 unless diverging steps lowered it. */
    public double learningRateScale() {
        return learningRateScale;
    }

    /** How many steps were skipped because their loss or gradient was not finite. */
    public long skippedSteps() {
        return skippedSteps;
    }
}
