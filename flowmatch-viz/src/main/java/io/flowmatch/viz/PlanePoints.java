package io.flowmatch.viz;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The first two coordinates of a point set, copied out of an {@code [n, d]} array (d &ge; 2). */
final class PlanePoints {

    final double[] x;
    final double[] y;

    private PlanePoints(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * Columns 0 and 1 of {@code points}.
     *
     * @param what how the points are called in an error message, e.g. "samples"
     * @throws IllegalArgumentException if {@code points} is null, not 2-D, empty or has fewer than two columns
     */
    static PlanePoints of(INDArray points, String what) {
        if (points == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (points.rank() != 2 || points.columns() < 2 || points.rows() < 1) {
            throw new IllegalArgumentException(what + " must have shape [n, d] with n >= 1 and d >= 2 to be plotted, got "
                    + Arrays.toString(points.shape()));
        }
        return new PlanePoints(points.getColumn(0).toDoubleVector(), points.getColumn(1).toDoubleVector());
    }

    /** Wraps the given coordinate arrays (not copied). */
    static PlanePoints wrap(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
        }
        return new PlanePoints(x, y);
    }

    int size() {
        return x.length;
    }
}
