package io.flowmatch.core.path;

import java.util.SplittableRandom;

/**
 * A conditional probability path between a source point x0 and a data point x1: the point x_t
 * on the path at time t in [0, 1] (x_0 = x0 at t = 0, close to x1 at t = 1) and the conditional
 * velocity u_t = d x_t / dt that the model regresses onto.
 *
 * <p>The trainer asks the path for (x_t, u_t) and knows nothing else about it. Arrays are
 * row-major float32 batches, so that a training step runs without allocation; implementations
 * must be stateless (or immutable) and thread-safe.
 */
public interface ProbabilityPath {

    /**
     * Fills x_t and u_t for {@code n} rows of dimension {@code d}.
     *
     * @param x0 source points, [n, d] row-major
     * @param x1 data points, [n, d]
     * @param t  times, [n], in [0, 1]
     * @param n  rows
     * @param d  dimension
     * @param xt receives the points on the path, [n, d]
     * @param ut receives the target velocities, [n, d]
     */
    void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut);

    /**
     * As {@link #sample(float[], float[], float[], int, int, float[], float[])}, for paths that
     * add noise of their own to x_t (a Schrodinger bridge); the trainer calls this one. The
     * default ignores {@code rng}.
     *
     * @param rng the run's generator, first as everywhere in this library
     */
    default void sample(SplittableRandom rng, float[] x0, float[] x1, float[] t, int n, int d, float[] xt,
            float[] ut) {
        sample(x0, x1, t, n, d, xt, ut);
    }

    /** A short description with parameters, e.g. {@code "condot"} or {@code "gaussian(sigma_min=0.01)"}. */
    String description();
}
