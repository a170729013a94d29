package io.flowmatch.manifold;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distances between two samples of points on a manifold, to judge generated samples against
 * reference data.
 *
 * <p>Inputs are {@code [n, dimension()]} and {@code [m, dimension()]} arrays of any floating
 * type, rows on the manifold. Stateless and thread-safe; each call works single-threaded in
 * double precision.
 */
public final class ManifoldMetrics {

    /** Which distance between two points an energy distance is built on. */
    public enum Distance {
        /** The geodesic distance: the angle on a sphere, the norm of the wrapped angle differences on a torus. */
        GEODESIC,
        /** The straight-line distance in the manifold's Euclidean embedding (see {@link Manifold#chordalDistance}). */
        CHORDAL
    }

    private ManifoldMetrics() {
    }

    /**
     * The energy distance between the samples with the given point distance,
     * <pre>
     *   E = 2 mean_{i,j} dist(a_i, b_j) - mean_{i,i'} dist(a_i, a_i') - mean_{j,j'} dist(b_j, b_j'),
     * </pre>
     * V-statistic means over all ordered pairs, as flowmatch-core's Euclidean
     * {@code SampleDistances.energyDistance} (with which the chordal form on a sphere agrees).
     * Two samples of one distribution give about (1/n + 1/m) mean dist(X, X'), the "floor" to
     * compare a model with. O((n + m)^2) time.
     *
     * @return E, in the distance's units (radians for geodesic)
     * @throws IllegalArgumentException if a shape does not fit the manifold or a value is not finite
     */
    public static double energyDistance(Manifold manifold, INDArray a, INDArray b, Distance distance) {
        if (manifold == null || distance == null) {
            throw new IllegalArgumentException("manifold and distance must not be null");
        }
        int n = Arrays2.rows(a, "a", manifold.dimension());
        int m = Arrays2.rows(b, "b", manifold.dimension());
        double[] x = finite(Arrays2.flat(a), "a", manifold.dimension());
        double[] y = finite(Arrays2.flat(b), "b", manifold.dimension());
        boolean geodesic = distance == Distance.GEODESIC;
        double ab = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < m; j++) {
                row += geodesic ? manifold.distance(x, i, y, j) : manifold.chordalDistance(x, i, y, j);
            }
            ab += row;
        }
        return 2 * ab / ((double) n * m) - within(manifold, x, n, geodesic) - within(manifold, y, m, geodesic);
    }

    private static double within(Manifold manifold, double[] x, int n, boolean geodesic) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = i + 1; j < n; j++) {
                row += geodesic ? manifold.distance(x, i, x, j) : manifold.chordalDistance(x, i, x, j);
            }
            sum += row;
        }
        return 2 * sum / ((double) n * n);
    }

    private static double[] finite(double[] x, String name, int d) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + " has " + x[i] + " at row " + i / d + ", column " + i % d);
            }
        }
        return x;
    }
}
