package io.flowmatch.manifold;

/**
 * The geodesic conditional probability path of Riemannian flow matching (Chen and Lipman,
 * "Flow Matching on General Geometries", ICLR 2024), for a source point x0 and a data point x1:
 * <pre>
 *   x_t = exp_{x0}(t log_{x0}(x1)),    u_t = d/dt x_t = transport_{x0 -&gt; x_t}(log_{x0}(x1)),
 * </pre>
 * the point that moves at constant speed dist(x0, x1) along the shortest geodesic, reaching x1 at
 * t = 1, and its velocity, which equals log_{x_t}(x1) / (1 - t) but stays finite as t -&gt; 1.
 * With x0 uniform this is the path Riemannian flow matching regresses its velocity network onto.
 *
 * <p>Immutable and thread-safe; {@link #sample} allocates nothing but needs a scratch array.
 */
public final class GeodesicPath {

    private final Manifold manifold;

    /** The geodesic path on {@code manifold}. */
    public GeodesicPath(Manifold manifold) {
        if (manifold == null) {
            throw new IllegalArgumentException("manifold must not be null");
        }
        this.manifold = manifold;
    }

    /** The manifold. */
    public Manifold manifold() {
        return manifold;
    }

    /**
     * For every row i, x_t and u_t at time {@code t[i]} between {@code x0_i} and {@code x1_i}.
     *
     * @param x0      source points, {@code [n, dimension()]}, on the manifold
     * @param x1      data points, {@code [n, dimension()]}, on the manifold
     * @param t       n times in [0, 1]
     * @param n       number of rows
     * @param xt      receives the points on the path
     * @param ut      receives their velocities, tangent at xt
     * @param scratch at least {@code n * dimension()} values, overwritten
     */
    public void sample(double[] x0, double[] x1, float[] t, int n, double[] xt, double[] ut, double[] scratch) {
        int d = manifold.dimension();
        manifold.log(x0, x1, ut, n); // u = log_{x0}(x1)
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            for (int j = i * d; j < (i + 1) * d; j++) {
                scratch[j] = ti * ut[j];
            }
        }
        manifold.exp(x0, scratch, xt, n);
        manifold.transport(x0, xt, ut, ut, n);
    }
}
