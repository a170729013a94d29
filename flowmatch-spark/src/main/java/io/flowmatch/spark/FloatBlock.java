package io.flowmatch.spark;

import java.io.Serializable;

/**
 * Up to {@link #ROWS} points of one partition, row-major float32: the unit in which a
 * partition's share of the training data is cached. Every block of a partition but the last is
 * full, so point i of the partition is row {@code i % ROWS} of block {@code i / ROWS}.
 *
 * <p>Labelled data's blocks also carry each row's class index ({@link #labels()}); an unlabelled
 * block's labels are null.
 *
 * <p>A block may instead carry a {@link #problem()} (a null, NaN or infinite value, named by
 * column), found while the data was read; such a block has no rows.
 */
final class FloatBlock implements Serializable {

    /** Rows in a full block: 65,536 (512 KiB for two-dimensional points). */
    static final int ROWS = 1 << 16;
    /** log2 of {@link #ROWS}. */
    static final int ROWS_SHIFT = 16;

    private static final long serialVersionUID = 2L;

    private final int rows;
    private final int dimension;
    private final float[] values;
    private final String problem;
    private final int[] labels;

    private FloatBlock(int rows, int dimension, float[] values, int[] labels, String problem) {
        this.rows = rows;
        this.dimension = dimension;
        this.values = values;
        this.labels = labels;
        this.problem = problem;
    }

    /** A block of {@code rows} points; {@code values} is taken over, not copied. */
    static FloatBlock of(int rows, int dimension, float[] values) {
        if (rows < 1 || rows > ROWS || dimension < 1 || values.length < rows * dimension) {
            throw new IllegalStateException("inconsistent block: " + rows + " rows of dimension " + dimension
                    + " in " + values.length + " values");
        }
        return new FloatBlock(rows, dimension, values, null, null);
    }

    /** A block of {@code rows} labelled points; {@code values} and {@code labels} are taken over, not copied. */
    static FloatBlock of(int rows, int dimension, float[] values, int[] labels) {
        FloatBlock plain = of(rows, dimension, values);
        if (labels == null) {
            return plain;
        }
        if (labels.length < rows) {
            throw new IllegalStateException("inconsistent block: " + rows + " rows but " + labels.length + " labels");
        }
        return new FloatBlock(rows, dimension, values, labels, null);
    }

    /** A block that only reports a problem with the data. */
    static FloatBlock problem(String problem) {
        return new FloatBlock(0, 0, new float[0], null, problem);
    }

    int rows() {
        return rows;
    }

    int dimension() {
        return dimension;
    }

    /** The values, row-major; entries past {@code rows * dimension} are unused. */
    float[] values() {
        return values;
    }

    /** Each row's class index (entries past {@code rows} unused), or null for unlabelled data. */
    int[] labels() {
        return labels;
    }

    /** What is wrong with the data, or null. */
    String problem() {
        return problem;
    }
}
