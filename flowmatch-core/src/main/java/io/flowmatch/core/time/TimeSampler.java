package io.flowmatch.core.time;

import java.util.SplittableRandom;

/**
 * How the trainer draws the times t in [0, 1] at which it regresses the model onto the path's
 * velocity. Uniform is the classic choice; a sampler that puts more mass where the regression is
 * hardest (the middle of the path, for CondOT) often gives better samples for the same budget.
 *
 * <p>Implementations are immutable and thread-safe; all randomness comes from the caller's
 * generator, so a run stays reproducible.
 */
public interface TimeSampler {

    /**
     * Fills {@code t[0..n)} with independent draws in [0, 1].
     *
     * @param rng the run's generator
     * @param t   receives the times
     * @param n   how many to draw, at most {@code t.length}
     */
    void sample(SplittableRandom rng, float[] t, int n);

    /** A short description with parameters, e.g. {@code "logit_normal(mean=0.0, std=1.0)"}. */
    String description();
}
