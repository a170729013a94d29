package io.flowmatch.datasets;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A distribution of points in R^d that can be sampled: a generator (two moons, a spiral, ...)
 * or a finite set of points drawn with replacement.
 *
 * <p>Sampling is reproducible: the same sequence of random numbers from {@code rng} gives the
 * same points. Implementations are immutable and safe to share between threads; all
 * randomness comes from the caller's generator.
 *
 * <p>The hot path is {@link #sample(RandomGenerator, float[], int)}, which writes into a
 * caller-owned array so that a training loop draws batches without allocating.
 */
public interface DataSource {

    /** The dimension d of every point, at least 1. */
    int dimension();

    /**
     * Draws {@code n} points and writes them row-major into {@code out[0 .. n*d)}: point i,
     * coordinate j goes to {@code out[i * d + j]}. Entries past {@code n*d} are left untouched.
     *
     * @param rng the source of randomness; the only one used
     * @param out destination, length at least {@code n * dimension()}
     * @param n number of points, at least 0
     * @throws IllegalArgumentException if {@code n} is negative or {@code out} is too short
     */
    void sample(RandomGenerator rng, float[] out, int n);

    /**
     * Draws {@code n} points as a new float32 array of shape {@code [n, d]}.
     *
     * @param rng the source of randomness, first as everywhere in this library
     * @param n   number of points
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    default INDArray sample(RandomGenerator rng, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of points must be positive, got " + n);
        }
        int d = dimension();
        float[] buffer = new float[Math.multiplyExact(n, d)];
        sample(rng, buffer, n);
        return Nd4j.create(buffer, new long[] {n, d}, DataType.FLOAT);
    }

    /**
     * The same as {@link #sample(RandomGenerator, int)}, with the generator last.
     *
     * @deprecated the generator comes first in this library: use {@link #sample(RandomGenerator, int)}
     */
    @Deprecated
    default INDArray sample(int n, RandomGenerator rng) {
        return sample(rng, n);
    }

    /**
     * Draws {@code n} points as a new float32 array of shape {@code [n, d]} from a
     * {@link SplittableRandom} seeded with {@code seed}; the same seed gives the same points.
     * (A plain seed, unlike a generator, comes last.)
     */
    default INDArray sample(int n, long seed) {
        return sample(new SplittableRandom(seed), n);
    }

    /**
     * A short human-readable description of this distribution and its parameters, for example
     * {@code "moons(noise=0.05)"}; stored with trained models as provenance.
     */
    String description();
}
