package io.flowmatch.manifold;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks and copies between INDArrays and flat row-major arrays. Internal. */
final class Arrays2 {

    private Arrays2() {
    }

    /**
     * The number of rows of {@code a}, after checking that it is a 2-D floating array with
     * {@code columns} columns and at least one row.
     */
    static int rows(INDArray a, String name, int columns) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2 || a.columns() != columns || a.rows() < 1) {
            throw new IllegalArgumentException(name + " must have shape [n, " + columns + "] with n >= 1, got "
                    + Arrays.toString(a.shape()));
        }
        if (!a.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be a floating-point array, got " + a.dataType());
        }
        return Math.toIntExact(a.rows());
    }

    /** As {@link #rows(INDArray, String, int)}, also checking that there are exactly {@code n} rows. */
    static int rows(INDArray a, String name, int columns, int n) {
        int r = rows(a, name, columns);
        if (r != n) {
            throw new IllegalArgumentException(name + " has " + r + " rows, expected " + n);
        }
        return r;
    }

    /** A row-major double copy of a 2-D array (views and either order are fine). */
    static double[] flat(INDArray a) {
        INDArray c = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        return c.dup('c').data().asDouble();
    }

    /** The first {@code length} values of a float array, as doubles. */
    static void toDouble(float[] from, double[] to, int length) {
        for (int i = 0; i < length; i++) {
            to[i] = from[i];
        }
    }
}
