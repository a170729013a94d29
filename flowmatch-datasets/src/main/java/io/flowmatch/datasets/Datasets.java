package io.flowmatch.datasets;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The built-in distributions and the loaders of point files.
 *
 * <p>Generators draw fresh points for every batch; loaded sets ({@link PointSet}) are sampled
 * uniformly with replacement. All of them are immutable and take their randomness from the
 * caller, so the same seed gives the same points.
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * Two interleaving half circles (sklearn's make_moons, with the angle drawn uniformly in
     * [0, pi]): the upper moon (cos a, sin a), the lower (1 - cos a, 1/2 - sin a), each with
     * probability 1/2, plus N(0, noise^2) on each coordinate. Mean (1/2, 1/4).
     *
     * @param noise standard deviation of the Gaussian noise, finite and at least 0
     */
    public static DataSource moons(double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("moons noise must be finite and at least 0, got " + noise);
        }
        return new Generators.Moons(noise);
    }

    /** A three-turn spiral: angle a ~ U[0, 6 pi], point (a / 2 pi)(cos a, sin a) + N(0, 0.1^2 I). */
    public static DataSource spiral() {
        return new Generators.Spiral();
    }

    /** An annulus: angle ~ U[0, 2 pi), radius ~ U[2, 3]. */
    public static DataSource annulus() {
        return new Generators.Annulus();
    }

    /** Eight Gaussians (std 0.5) at radius 5 on the angles k pi / 4, equally likely. */
    public static DataSource eightGaussians() {
        return new Generators.EightGaussians();
    }

    /** Two concentric circles of radius 1 and 0.5, equally likely, with noise N(0, 0.05^2 I). */
    public static DataSource circles() {
        return new Generators.Circles();
    }

    /**
     * A 2-D swiss roll: t = 1.5 pi (1 + 2u), u ~ U[0, 1], point (t cos t, t sin t) / 5 + N(0, 0.1^2 I);
     * it lies within about [-3, 3]^2.
     */
    public static DataSource swissRoll() {
        return new Generators.SwissRoll();
    }

    /** Uniform on the 8 black squares (side 2) of a 4 x 4 checkerboard over [-4, 4]^2 (FFJORD's). */
    public static DataSource checkerboard() {
        return new Generators.Checkerboard();
    }

    /**
     * The standard Gaussian N(0, I) in R^dim.
     *
     * @throws IllegalArgumentException if {@code dim} &lt; 1
     */
    public static DataSource gaussian(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dim);
        }
        return new Generators.Gaussian(dim);
    }

    /**
     * Loads a CSV file: one point a row, comma-separated numbers, an optional header line, any
     * number of columns (the same on every row).
     *
     * @throws java.io.UncheckedIOException if the file is missing or unreadable
     * @throws DataFormatException          if it is empty, ragged, non-numeric or non-finite
     */
    public static PointSet fromCsv(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return CsvReader.read(path);
    }

    /**
     * Loads a NumPy {@code .npy} file holding a C-order float32 or float64 array of shape (n, d)
     * or (n,) (read as d = 1).
     *
     * @throws java.io.UncheckedIOException if the file is missing or unreadable
     * @throws DataFormatException          for another dtype, Fortran order, a bad header, truncated
     *                                      data or non-finite values
     */
    public static PointSet fromNpy(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return NpyReader.read(path);
    }

    /**
     * The points of a 2-D array [n, d] (any numeric type; copied as float32).
     *
     * @throws IllegalArgumentException if it is null, not 2-D, empty, or has a non-finite value
     */
    public static PointSet of(INDArray points) {
        if (points == null) {
            throw new IllegalArgumentException("points must not be null");
        }
        if (points.rank() != 2) {
            throw new DataFormatException("points must be a 2-D array [n, d], got shape "
                    + java.util.Arrays.toString(points.shape()));
        }
        if (points.rows() == 0 || points.columns() == 0) {
            throw new DataFormatException("points array is empty: shape " + java.util.Arrays.toString(points.shape()));
        }
        int rows = Math.toIntExact(points.rows());
        int columns = Math.toIntExact(points.columns());
        double[] values = points.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        float[] copy = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                throw new DataFormatException("points has a non-finite value " + v + " at row " + (i / columns)
                        + ", column " + (i % columns));
            }
            copy[i] = (float) v;
        }
        return new PointSet(copy, rows, columns, "array(" + rows + "x" + columns + ")");
    }
}
