package io.flowmatch.datasets;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite set of points, sampled uniformly with replacement: the empirical distribution of a
 * loaded file or array. Holds a private row-major float32 copy; immutable.
 */
public final class PointSet implements DataSource {

    private final float[] points;
    private final int size;
    private final int dimension;
    private final String description;

    /**
     * @param points      row-major [size, dimension] values, all finite (not copied: callers
     *                    hand over ownership)
     * @param size        number of points, at least 1
     * @param dimension   coordinates per point, at least 1
     * @param description provenance, e.g. {@code "csv(points.csv, 1000x2)"}
     */
    PointSet(float[] points, int size, int dimension, String description) {
        if (size < 1) {
            throw new DataFormatException(description + " contains no points");
        }
        this.points = points;
        this.size = size;
        this.dimension = dimension;
        this.description = description;
    }

    /** The number of points. */
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        Generators.checkSampleArguments(out, n, dimension);
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(size);
            System.arraycopy(points, k * dimension, out, i * dimension, dimension);
        }
    }

    /** All points as a new float32 array [size, dimension]. */
    public INDArray toINDArray() {
        return Nd4j.create(points.clone(), new long[] {size, dimension}, DataType.FLOAT);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
