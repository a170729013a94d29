package io.flowmatch.core;

import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.LabelledDataSource;
import io.flowmatch.datasets.LabelledPointSet;
import io.flowmatch.datasets.PointSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-coordinate affine change of units, z = (x - mean) / scale, fitted to the data so that a
 * flow trains on coordinates of mean 0 and standard deviation 1 whatever the data's units: a
 * column in the thousands and one in hundredths are learned equally well. A model keeps its
 * standardization and undoes it when sampling, so samples, velocities and log-densities are in
 * the data's units. Immutable.
 *
 * <p>A constant coordinate (standard deviation 0, or too small to divide by safely) keeps scale
 * 1: it is only centred.
 */
public final class Standardization {

    /** Points drawn to fit a generator that is not a finite point set. */
    static final int FIT_POINTS = 20_000;

    private final double[] mean;
    private final double[] scale;
    private final double logScaleSum;

    private Standardization(double[] mean, double[] scale) {
        if (mean.length != scale.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and scale must have the same positive length, got "
                    + mean.length + " and " + scale.length);
        }
        double sum = 0;
        for (int k = 0; k < mean.length; k++) {
            if (!Double.isFinite(mean[k]) || !(scale[k] > 0) || !Double.isFinite(scale[k])) {
                throw new IllegalArgumentException("coordinate " + k + " has mean " + mean[k] + " and scale "
                        + scale[k] + ": the mean must be finite and the scale positive and finite");
            }
            sum += Math.log(scale[k]);
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.logScaleSum = sum;
    }

    /**
     * The standardization with the given mean and scale per coordinate.
     *
     * @throws IllegalArgumentException if the lengths differ, a mean is not finite or a scale is
     *                                  not positive and finite
     */
    public static Standardization of(double[] mean, double[] scale) {
        if (mean == null || scale == null) {
            throw new IllegalArgumentException("mean and scale must not be null");
        }
        return new Standardization(mean, scale);
    }

    /**
     * Fits the mean and standard deviation of every coordinate of {@code data}: over all rows of a
     * {@link PointSet}, otherwise over {@value #FIT_POINTS} points drawn with {@code rng}.
     *
     * @throws IllegalArgumentException if a coordinate's mean or spread is not finite (values too
     *                                  large to standardize in double precision)
     */
    public static Standardization fit(RandomGenerator rng, DataSource data) {
        INDArray points = data instanceof PointSet set ? set.toINDArray()
                : data instanceof LabelledPointSet labelled ? labelled.toINDArray() : data.sample(rng, FIT_POINTS);
        return fit(points);
    }

    /** Fits every column of {@code points} ([n, d], n at least 1), in two passes in double precision. */
    public static Standardization fit(INDArray points) {
        double[][] rows = points.castTo(DataType.DOUBLE).toDoubleMatrix();
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        for (int k = 0; k < d; k++) {
            double m = 0;
            for (double[] row : rows) {
                m += row[k];
            }
            m /= rows.length;
            double ss = 0;
            for (double[] row : rows) {
                double c = row[k] - m;
                ss += c * c;
            }
            mean[k] = m;
            m2[k] = ss;
        }
        return fromMoments(rows.length, mean, m2);
    }

    /**
     * The standardization of data with {@code count} rows whose columns have the given means and
     * sums of squared deviations from them (m2; the standard deviation is sqrt(m2 / count)), as
     * data-parallel training combines them from its partitions.
     *
     * @throws IllegalArgumentException if the count is not positive, the lengths differ, or a
     *                                  column's mean or spread is not finite
     */
    public static Standardization fromMoments(long count, double[] mean, double[] m2) {
        if (count < 1 || mean == null || m2 == null || mean.length != m2.length) {
            throw new IllegalArgumentException("moments need a positive count and equal lengths");
        }
        double[] scale = new double[mean.length];
        for (int k = 0; k < mean.length; k++) {
            double sd = Math.sqrt(m2[k] / count);
            if (!Double.isFinite(mean[k]) || !Double.isFinite(sd)) {
                throw new IllegalArgumentException("column " + k + " cannot be standardized: mean " + mean[k]
                        + ", standard deviation " + sd);
            }
            scale[k] = sd > 1e-12 * Math.max(1.0, Math.abs(mean[k])) ? sd : 1.0;
        }
        return new Standardization(mean, scale);
    }

    /** The number of coordinates. */
    public int dimension() {
        return mean.length;
    }

    /** The mean subtracted from each coordinate (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The scale each coordinate is divided by (a copy); 1 for a constant coordinate. */
    public double[] scale() {
        return scale.clone();
    }

    /** log |det| of the map from standardized to data units: the sum of log scale. */
    public double logScaleSum() {
        return logScaleSum;
    }

    /** z = (x - mean) / scale, in place on {@code n} rows of {@code d} floats. */
    public void standardize(float[] x, int n) {
        int d = mean.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x[i * d + k] = (float) ((x[i * d + k] - mean[k]) / scale[k]);
            }
        }
    }

    /** The rows of {@code x} ([n, d]) in standardized units, as a new float32 array. */
    public INDArray standardize(INDArray x) {
        float[] values = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int n = Math.toIntExact(x.rows());
        standardize(values, n);
        return org.nd4j.linalg.factory.Nd4j.create(values, new long[] {n, mean.length}, 'c');
    }

    /** x = z scale + mean, in place on a float32 array of shape [n, d]. */
    public void restoreInPlace(INDArray z) {
        scaleInPlace(z, true);
    }

    /** v * scale per coordinate, in place on a float32 array of shape [n, d] (a velocity to data units). */
    public void scaleVelocityInPlace(INDArray v) {
        scaleInPlace(v, false);
    }

    private void scaleInPlace(INDArray a, boolean shift) {
        if (a.dataType() != DataType.FLOAT || a.rank() != 2 || a.columns() != mean.length) {
            throw new IllegalArgumentException("expected a FLOAT array [n, " + mean.length + "], got "
                    + a.dataType() + " " + Arrays.toString(a.shape()));
        }
        int d = mean.length;
        if (a.isView() || a.offset() != 0 || a.ordering() != 'c') {
            long n = a.rows();
            for (long i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    a.putScalar(i, k, a.getDouble(i, k) * scale[k] + (shift ? mean[k] : 0.0));
                }
            }
            return;
        }
        java.nio.FloatBuffer buffer = io.flowmatch.core.internal.NativeBuffers.floats(a);
        int n = Math.toIntExact(a.rows());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                int at = i * d + k;
                buffer.put(at, (float) (buffer.get(at) * scale[k] + (shift ? mean[k] : 0.0)));
            }
        }
    }

    /**
     * {@code data} seen in standardized units: every point it draws is standardized. Labelled data
     * stay labelled (a {@link LabelledDataSource} with the same classes).
     */
    public DataSource apply(DataSource data) {
        if (data.dimension() != mean.length) {
            throw new IllegalArgumentException("the data have dimension " + data.dimension()
                    + " but the standardization has " + mean.length);
        }
        Standardization self = this;
        if (data instanceof LabelledDataSource labelled) {
            return new LabelledDataSource() {
                @Override
                public int dimension() {
                    return mean.length;
                }

                @Override
                public int classes() {
                    return labelled.classes();
                }

                @Override
                public java.util.List<String> classNames() {
                    return labelled.classNames();
                }

                @Override
                public void sample(RandomGenerator rng, float[] out, int n) {
                    labelled.sample(rng, out, n);
                    self.standardize(out, n);
                }

                @Override
                public void sample(RandomGenerator rng, float[] out, int[] labels, int n) {
                    labelled.sample(rng, out, labels, n);
                    self.standardize(out, n);
                }

                @Override
                public String description() {
                    return labelled.description();
                }
            };
        }
        return new DataSource() {
            @Override
            public int dimension() {
                return mean.length;
            }

            @Override
            public void sample(RandomGenerator rng, float[] out, int n) {
                data.sample(rng, out, n);
                self.standardize(out, n);
            }

            @Override
            public String description() {
                return data.description();
            }
        };
    }

    /** The seed-independent generator used to fit a generator's standardization from a training seed. */
    static SplittableRandom fitGenerator(long seed) {
        return new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardization s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardization(mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + ")";
    }
}
