package io.flowmatch.core.coupling;

import java.util.SplittableRandom;

/**
 * How source points x0 and data points x1 are paired within a training batch. The independent
 * coupling keeps the pairs as drawn; an optimal-transport coupling reorders them so that each
 * data point is matched with a nearby source point, which makes the learned paths straighter.
 *
 * <p>Implementations are immutable and thread-safe (scratch memory, where needed, belongs to
 * the calling thread), and draw any randomness from the caller's generator.
 */
public interface Coupling {

    /**
     * Re-pairs the batch in place: afterwards row i of {@code x0} is paired with row i of
     * {@code x1}. An implementation may permute either array's rows or resample rows of both
     * (a stochastic plan), but keeps every row a point drawn from its own distribution.
     *
     * @param rng the run's generator
     * @param x0  source points, [n, d] row-major
     * @param x1  data points, [n, d] row-major
     * @param n   rows
     * @param d   dimension
     */
    void couple(SplittableRandom rng, float[] x0, float[] x1, int n, int d);

    /** A short description with parameters, e.g. {@code "exact_ot"}. */
    String description();
}
