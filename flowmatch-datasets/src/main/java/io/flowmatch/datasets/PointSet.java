package io.flowmatch.datasets;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite set of points in R^d, sampled uniformly with replacement: the empirical distribution
 * of a loaded file ({@link Datasets#fromCsv}, {@link Datasets#fromNpy}) or array
 * ({@link Datasets#of}).
 *
 * <p>Holds a private row-major float32 copy of the points, all finite; immutable and safe to
 * share between threads. Each sampled point is row {@code rng.nextInt(size())}, one call per
 * point.
 */
public final class PointSet implements DataSource {

    private final float[] points;
    private final int size;
    private final int dimension;
    private final String description;

    /**
     * @param points      row-major [size, dimension] values, all finite, length exactly
     *                    {@code size * dimension}; not copied: the caller hands over ownership
     * @param size        number of points, at least 1
     * @param dimension   coordinates per point, at least 1
     * @param description provenance, e.g. {@code "csv(points.csv, 1000x2)"}
     */
    PointSet(float[] points, int size, int dimension, String description) {
        if (size < 1 || dimension < 1 || points.length != (long) size * dimension) {
            throw new IllegalStateException("inconsistent point set " + description + ": " + points.length
                    + " values for " + size + " points of dimension " + dimension);
        }
        this.points = points;
        this.size = size;
        this.dimension = dimension;
        this.description = description;
    }

    /** The row-major values themselves (not a copy), for the labelled sets of this package. */
    float[] values() {
        return points;
    }

    /**
     * The number of points n.
     *
     * @return n, at least 1
     */
    public int size() {
        return size;
    }

    /**
     * The dimension d of every point.
     *
     * @return d, at least 1
     */
    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * Draws {@code n} points uniformly with replacement (point {@code rng.nextInt(size())} each
     * time) and writes them row-major into {@code out[0 .. n*d)}; later entries are untouched.
     *
     * @param rng the source of randomness, the only one used
     * @param out destination, length at least {@code n * dimension()}
     * @param n   number of points, at least 0
     * @throws IllegalArgumentException if {@code n} is negative, {@code rng} or {@code out} is
     *                                  null, or {@code out} is shorter than {@code n * dimension()}
     */
    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        Checks.sampleArguments(rng, out, n, dimension);
        final float[] p = points;
        final int d = dimension;
        final int count = size;
        if (d == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = p[rng.nextInt(count)];
            }
        } else if (d == 2) {
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                int from = 2 * rng.nextInt(count);
                out[at] = p[from];
                out[at + 1] = p[from + 1];
            }
        } else {
            for (int i = 0, at = 0; i < n; i++, at += d) {
                System.arraycopy(p, rng.nextInt(count) * d, out, at, d);
            }
        }
    }

    /**
     * All points as a new array, which the caller may modify.
     *
     * @return a float32 array of shape [size, dimension], row i being point i in load order
     */
    public INDArray toINDArray() {
        return Nd4j.create(points.clone(), new long[] {size, dimension}, DataType.FLOAT);
    }

    /**
     * Where the points came from and how many there are, e.g. {@code "csv(points.csv, 1000x2)"},
     * {@code "npy(points.npy, 500x3)"} or {@code "array(100x2)"}.
     *
     * @return the description
     */
    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
