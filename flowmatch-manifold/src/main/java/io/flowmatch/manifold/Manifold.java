package io.flowmatch.manifold;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A compact Riemannian manifold that Riemannian flow matching can run on: its exponential and
 * logarithm maps, parallel transport along geodesics, projections of points and of tangent
 * vectors, geodesic distance, the uniform distribution and the total volume.
 *
 * <p><b>Coordinates.</b> A point is {@link #dimension()} numbers, the columns of a data array:
 * a unit vector in R^d on the {@link Sphere}, k angles in radians in [-pi, pi) on the
 * {@link FlatTorus}. A tangent vector at a point has the same number of coordinates: an ambient
 * vector orthogonal to the point on the sphere, k angular rates (radians per unit time) on the
 * torus. The Riemannian norm of a tangent vector is its Euclidean norm in these coordinates.
 *
 * <p><b>Batches.</b> The batch methods work on {@code n} points held row-major in flat
 * {@code double[]} arrays ({@code [n, dimension()]}: coordinate j of point i at
 * {@code i * dimension() + j}), write into a caller's array and allocate nothing. Unless a
 * method says otherwise, the output array may be the same as an input array (in place). The
 * {@link INDArray} methods are conveniences for a few points: they copy, and return
 * {@code DOUBLE} arrays.
 *
 * <p>Implementations are immutable and thread-safe. The interface is sealed: a model file names
 * its manifold by {@link #description()}, and {@link Manifolds#parse(String)} must be able to
 * rebuild it.
 *
 * @see Manifolds
 */
public sealed interface Manifold permits Sphere, FlatTorus {

    /** The text form, e.g. {@code "sphere:3"} or {@code "torus:2"}; {@link Manifolds#parse(String)} reads it back. */
    String description();

    /** Coordinates per point and per tangent vector: d for the sphere S^{d-1} in R^d, k for the k-torus. */
    int dimension();

    /** The dimension of the manifold itself: d - 1 for the sphere in R^d, k for the k-torus. */
    int intrinsicDimension();

    /** The total Riemannian volume: 4 pi for S^2, (2 pi)^k for the k-torus of unit circles. */
    double volume();

    /**
     * Draws {@code n} points from the uniform distribution (density 1 / {@link #volume()} with
     * respect to the volume measure), using only {@code rng}.
     *
     * @param rng the generator, the only source of randomness
     * @param out receives the points, {@code [n, dimension()]}
     * @param n   number of points, at least 0
     */
    void sampleUniform(RandomGenerator rng, double[] out, int n);

    /**
     * The exponential map: the end point at time 1 of the geodesic that starts at x with
     * velocity v.
     *
     * @param x   points on the manifold
     * @param v   tangent vectors, v_i at x_i
     * @param out receives exp_{x_i}(v_i)
     * @param n   number of rows
     */
    void exp(double[] x, double[] v, double[] out, int n);

    /**
     * The logarithm map, the inverse of {@link #exp}: the initial velocity of the shortest
     * geodesic from x to y reached at time 1, so that |log_x(y)| is the distance. Where the
     * shortest geodesic is not unique (antipodal points on the sphere, an angle difference of
     * exactly pi on the torus), one of them is chosen deterministically.
     *
     * @param x   base points
     * @param y   target points
     * @param out receives log_{x_i}(y_i), tangent at x_i
     * @param n   number of rows
     */
    void log(double[] x, double[] y, double[] out, int n);

    /**
     * Parallel transport of v from the tangent space at x to the one at y along the shortest
     * geodesic (an isometry between the two tangent spaces).
     *
     * @param x   start points
     * @param y   end points
     * @param v   tangent vectors at x
     * @param out receives the transported vectors, tangent at y (may be {@code v}, not {@code x} or {@code y})
     * @param n   number of rows
     */
    void transport(double[] x, double[] y, double[] v, double[] out, int n);

    /**
     * The nearest point of the manifold: normalisation onto the sphere (a zero vector is an
     * error), wrapping into [-pi, pi) on the torus.
     *
     * @throws IllegalArgumentException naming the row for a point that cannot be projected (zero or not finite)
     */
    void projectPoints(double[] x, double[] out, int n);

    /**
     * The orthogonal projection of ambient vectors v onto the tangent space at x (on the sphere
     * v - (v . x) x; on the flat torus every vector is tangent and is copied). Idempotent.
     *
     * @param out receives the projections (may be {@code v}, not {@code x})
     */
    void projectTangent(double[] x, double[] v, double[] out, int n);

    /**
     * The geodesic distance between row i of x and row j of y: the great-circle angle on the
     * sphere, the Euclidean norm of the wrapped angle differences on the torus.
     */
    double distance(double[] x, int i, double[] y, int j);

    /**
     * The chordal distance between row i of x and row j of y: the straight-line distance between
     * the points in the manifold's embedding into Euclidean space (the sphere's own R^d; each
     * angle as a point (cos, sin) on a unit circle in R^{2k} for the torus). A metric of negative
     * type, so energy distances built on it are proper.
     */
    double chordalDistance(double[] x, int i, double[] y, int j);

    /**
     * Checks that every row is a point of the manifold: finite, with unit norm within
     * {@code 1e-3} on the sphere, every angle in [-pi, pi] on the torus (pi itself being
     * tolerated as -pi).
     *
     * @param what what the rows are, for the message (e.g. "data")
     * @throws IllegalArgumentException naming the first offending row (and column), its value
     *                                  and the rule it breaks
     */
    void requireOnManifold(double[] x, int n, String what);

    /** Geodesic distances between corresponding rows: {@code out[i] = distance(x, i, y, i)}. */
    default void distance(double[] x, double[] y, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = distance(x, i, y, i);
        }
    }

    /**
     * exp_{x_i}(v_i) for the rows of two {@code [n, dimension()]} arrays of any floating type.
     *
     * @return a new DOUBLE array {@code [n, dimension()]}
     */
    default INDArray exp(INDArray x, INDArray v) {
        int n = Arrays2.rows(x, "x", dimension());
        Arrays2.rows(v, "v", dimension(), n);
        double[] out = Arrays2.flat(x);
        exp(out, Arrays2.flat(v), out, n);
        return Nd4j.create(out, new long[] {n, dimension()}, DataType.DOUBLE);
    }

    /**
     * log_{x_i}(y_i) for the rows of two {@code [n, dimension()]} arrays of any floating type.
     *
     * @return a new DOUBLE array {@code [n, dimension()]}
     */
    default INDArray log(INDArray x, INDArray y) {
        int n = Arrays2.rows(x, "x", dimension());
        Arrays2.rows(y, "y", dimension(), n);
        double[] out = new double[n * dimension()];
        log(Arrays2.flat(x), Arrays2.flat(y), out, n);
        return Nd4j.create(out, new long[] {n, dimension()}, DataType.DOUBLE);
    }

    /**
     * The geodesic distance between corresponding rows of two {@code [n, dimension()]} arrays.
     *
     * @return n distances
     */
    default double[] distance(INDArray x, INDArray y) {
        int n = Arrays2.rows(x, "x", dimension());
        Arrays2.rows(y, "y", dimension(), n);
        double[] out = new double[n];
        distance(Arrays2.flat(x), Arrays2.flat(y), out, n);
        return out;
    }

    /**
     * The rows projected onto the manifold (see {@link #projectPoints(double[], double[], int)}).
     *
     * @return a new DOUBLE array {@code [n, dimension()]}
     */
    default INDArray projectPoints(INDArray x) {
        int n = Arrays2.rows(x, "x", dimension());
        double[] out = Arrays2.flat(x);
        projectPoints(out, out, n);
        return Nd4j.create(out, new long[] {n, dimension()}, DataType.DOUBLE);
    }
}
