package io.flowmatch.datasets;

import java.util.List;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite set of points with a class label each, sampled uniformly with replacement (a point
 * and its label together): made by {@link Datasets#labelled(INDArray, int[])} or read by
 * {@link Datasets#fromCsv(java.nio.file.Path, String)}.
 *
 * <p>Every class in [0, {@link #classes()}) has at least one point. Holds private copies; immutable
 * and safe to share between threads. Each sampled point is row {@code rng.nextInt(size())}, one
 * call per point, as for a {@link PointSet}: the points drawn with and without their labels are
 * the same.
 */
public final class LabelledPointSet implements LabelledDataSource {

    private final PointSet points;
    private final float[] values;
    private final int[] labels;
    private final int classes;
    private final List<String> classNames;
    private final String description;

    /** Checked by the caller: labels in [0, classes), one per point, every class present, names distinct. */
    LabelledPointSet(PointSet points, float[] values, int[] labels, int classes, List<String> classNames,
            String description) {
        this.points = points;
        this.values = values;
        this.labels = labels;
        this.classes = classes;
        this.classNames = List.copyOf(classNames);
        this.description = description;
    }

    /** The number of points n. */
    public int size() {
        return labels.length;
    }

    @Override
    public int dimension() {
        return points.dimension();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The points without their labels, as a {@link PointSet} sampled the same way. */
    public PointSet points() {
        return points;
    }

    /** Every point's label, in point order (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** The number of points of each class, in label order; each at least 1. */
    public int[] counts() {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** All points as a new float32 array [size, dimension], in load order. */
    public INDArray toINDArray() {
        return points.toINDArray();
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        points.sample(rng, out, n);
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int[] labelsOut, int n) {
        int d = dimension();
        Checks.sampleArguments(rng, out, n, d);
        Checks.labelArray(labelsOut, n);
        int count = labels.length;
        for (int i = 0, at = 0; i < n; i++, at += d) {
            int row = rng.nextInt(count);
            System.arraycopy(values, row * d, out, at, d);
            labelsOut[i] = labels[row];
        }
    }

    /**
     * Where the points came from, how many, and their classes, e.g.
     * {@code "labelled(csv(iris.csv, 150x4), species, 3 classes)"}.
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
