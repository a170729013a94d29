package io.flowmatch.datasets;

import java.util.random.RandomGenerator;

/** Argument checks shared by every {@link DataSource} implementation of this package. */
final class Checks {

    private Checks() {
    }

    /**
     * Checks the arguments of {@link DataSource#sample(RandomGenerator, float[], int)}.
     *
     * @throws IllegalArgumentException if {@code rng} or {@code out} is null, {@code n} is
     *                                  negative, or {@code out} holds fewer than {@code n * dimension}
     *                                  values
     */
    static void sampleArguments(RandomGenerator rng, float[] out, int n, int dimension) {
        if (n < 0) {
            throw new IllegalArgumentException("number of points n must not be negative, got " + n);
        }
        if (rng == null) {
            throw new IllegalArgumentException("random generator rng must not be null");
        }
        if (out == null) {
            throw new IllegalArgumentException("output array out must not be null");
        }
        long needed = (long) n * dimension;
        if (needed > out.length) {
            throw new IllegalArgumentException("output array out is too short: it holds " + out.length + " values but "
                    + n + " points of dimension " + dimension + " need " + needed);
        }
    }

    /**
     * Checks the label array of {@link LabelledDataSource#sample(RandomGenerator, float[], int[], int)}.
     *
     * @throws IllegalArgumentException if {@code labels} is null or shorter than {@code n}
     */
    static void labelArray(int[] labels, int n) {
        if (labels == null) {
            throw new IllegalArgumentException("label array labels must not be null");
        }
        if (n > labels.length) {
            throw new IllegalArgumentException("label array labels is too short: it holds " + labels.length
                    + " values but " + n + " points need " + n);
        }
    }
}
