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

    /**
     * Re-pairs a labelled batch within each class, never across: the batch is split by the data
     * points' labels, and each class's rows of x1, with the rows of x0 at the same positions, are
     * re-paired by {@link #couple(SplittableRandom, float[], float[], int, int)} as a batch of their
     * own (classes in increasing order, each on contiguous copies) and put back at those positions.
     * Afterwards row i of x1 is still a point of class {@code labels[i]}, and row i of x0 came from
     * a position of the same class. Since which x0 rows a class gets depends on the labels only,
     * each class's x0 rows stay a sample of the source: a flow trained on the pairs learns p(x | label)
     * from the source, which pairing across classes (a global plan sends each class the noise
     * nearest to it) would bias. One class (every label equal) gives exactly the unlabelled pairs.
     *
     * <p>The default is right for every coupling that keeps the contract above; the independent
     * coupling overrides it with its no-op.
     *
     * @param labels the class of each data point (row of x1), each at least 0; not modified
     * @throws IllegalArgumentException if {@code labels} is null, shorter than n, or has a negative label
     */
    default void couple(SplittableRandom rng, float[] x0, float[] x1, int[] labels, int n, int d) {
        ClassBatches.coupleWithinClasses(this, rng, x0, x1, labels, n, d);
    }

    /** A short description with parameters, e.g. {@code "exact_ot"}. */
    String description();
}
