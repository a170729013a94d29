package io.flowmatch.manifold;

/**
 * How the velocity network meets a manifold: the features it is given for a point (an isometric
 * embedding e: M -&gt; R^E, or a chart) and how its output o in R^E becomes a tangent vector,
 * v = J(x)^T o with J = de/dx, which is the orthogonal projection of o onto the embedded tangent
 * space written in the point's coordinates. Also what the Riemannian divergence of that field
 * needs: an orthonormal basis of the embedded tangent space and the mean-curvature term, so that
 * <pre>
 *   div_M v = sum_k b_k . (Do b_k) - o . H(x)
 * </pre>
 * with Do the network's Jacobian with respect to its features, b_k the tangent basis (in R^E)
 * and H the mean curvature vector of the embedding (m x on the sphere S^m, the point (cos a,
 * sin a) of each circle on the torus, 0 for a chart).
 *
 * <p>Row-oriented: every method reads and writes one point at the given offsets. Internal.
 */
abstract class Embedding {

    /** The embedding of {@code manifold} for {@code features}. */
    static Embedding of(Manifold manifold, Features features) {
        if (manifold instanceof Sphere sphere) {
            if (features != Features.EMBEDDED) {
                throw new IllegalArgumentException("the sphere has no angle coordinates; features must be embedded, not "
                        + features.label());
            }
            return new SphereEmbedding(sphere);
        }
        FlatTorus torus = (FlatTorus) manifold;
        return features == Features.EMBEDDED ? new CircleEmbedding(torus.dimension())
                : new AngleChart(torus.dimension());
    }

    /** D: coordinates per point. */
    abstract int dimension();

    /** E: features per point, the network's width in and out. */
    abstract int features();

    /** m: the intrinsic dimension, the number of tangent basis vectors. */
    abstract int intrinsicDimension();

    /** f = e(x). */
    abstract void embed(double[] x, int xOff, double[] f, int fOff);

    /** v = J(x)^T o. */
    abstract void readOut(double[] x, int xOff, double[] o, int oOff, double[] v, int vOff);

    /** go = J(x) gv: the gradient with respect to o of a loss whose gradient with respect to v is gv. */
    abstract void readOutAdjoint(double[] x, int xOff, double[] gv, int gvOff, double[] go, int goOff);

    /** Writes the m orthonormal tangent vectors b_k = J(x) (k-th basis vector) into b[bOff + k E ..]. */
    abstract void tangentBasis(double[] x, int xOff, double[] b, int bOff);

    /** o . H(x). */
    abstract double curvature(double[] x, int xOff, double[] o, int oOff);

    /** The sphere's own coordinates: e = identity, J^T o = o - (o.x) x, H = m x. */
    static final class SphereEmbedding extends Embedding {
        private final Sphere sphere;
        private final int d;

        SphereEmbedding(Sphere sphere) {
            this.sphere = sphere;
            this.d = sphere.dimension();
        }

        @Override
        int dimension() {
            return d;
        }

        @Override
        int features() {
            return d;
        }

        @Override
        int intrinsicDimension() {
            return d - 1;
        }

        @Override
        void embed(double[] x, int xOff, double[] f, int fOff) {
            System.arraycopy(x, xOff, f, fOff, d);
        }

        @Override
        void readOut(double[] x, int xOff, double[] o, int oOff, double[] v, int vOff) {
            double c = 0;
            for (int j = 0; j < d; j++) {
                c += o[oOff + j] * x[xOff + j];
            }
            for (int j = 0; j < d; j++) {
                v[vOff + j] = o[oOff + j] - c * x[xOff + j];
            }
        }

        @Override
        void readOutAdjoint(double[] x, int xOff, double[] gv, int gvOff, double[] go, int goOff) {
            readOut(x, xOff, gv, gvOff, go, goOff); // the projection is symmetric
        }

        @Override
        void tangentBasis(double[] x, int xOff, double[] b, int bOff) {
            for (int k = 0; k < d - 1; k++) {
                sphere.tangentBasisVector(x, xOff, k, b, bOff + k * d);
            }
        }

        @Override
        double curvature(double[] x, int xOff, double[] o, int oOff) {
            double c = 0;
            for (int j = 0; j < d; j++) {
                c += o[oOff + j] * x[xOff + j];
            }
            return (d - 1) * c;
        }
    }

    /** Each angle a as the point (cos a, sin a) of a unit circle: J^T o = -sin(a) o_c + cos(a) o_s per angle. */
    static final class CircleEmbedding extends Embedding {
        private final int k;

        CircleEmbedding(int k) {
            this.k = k;
        }

        @Override
        int dimension() {
            return k;
        }

        @Override
        int features() {
            return 2 * k;
        }

        @Override
        int intrinsicDimension() {
            return k;
        }

        @Override
        void embed(double[] x, int xOff, double[] f, int fOff) {
            for (int j = 0; j < k; j++) {
                double a = x[xOff + j];
                f[fOff + 2 * j] = Math.cos(a);
                f[fOff + 2 * j + 1] = Math.sin(a);
            }
        }

        @Override
        void readOut(double[] x, int xOff, double[] o, int oOff, double[] v, int vOff) {
            for (int j = 0; j < k; j++) {
                double a = x[xOff + j];
                v[vOff + j] = -Math.sin(a) * o[oOff + 2 * j] + Math.cos(a) * o[oOff + 2 * j + 1];
            }
        }

        @Override
        void readOutAdjoint(double[] x, int xOff, double[] gv, int gvOff, double[] go, int goOff) {
            for (int j = 0; j < k; j++) {
                double a = x[xOff + j];
                double g = gv[gvOff + j];
                go[goOff + 2 * j] = -Math.sin(a) * g;
                go[goOff + 2 * j + 1] = Math.cos(a) * g;
            }
        }

        @Override
        void tangentBasis(double[] x, int xOff, double[] b, int bOff) {
            int e = 2 * k;
            java.util.Arrays.fill(b, bOff, bOff + k * e, 0.0);
            for (int j = 0; j < k; j++) {
                double a = x[xOff + j];
                b[bOff + j * e + 2 * j] = -Math.sin(a);
                b[bOff + j * e + 2 * j + 1] = Math.cos(a);
            }
        }

        @Override
        double curvature(double[] x, int xOff, double[] o, int oOff) {
            double c = 0;
            for (int j = 0; j < k; j++) {
                double a = x[xOff + j];
                c += Math.cos(a) * o[oOff + 2 * j] + Math.sin(a) * o[oOff + 2 * j + 1];
            }
            return c;
        }
    }

    /** The raw angles as features and the output as the angular velocity: a chart, no curvature term. */
    static final class AngleChart extends Embedding {
        private final int k;

        AngleChart(int k) {
            this.k = k;
        }

        @Override
        int dimension() {
            return k;
        }

        @Override
        int features() {
            return k;
        }

        @Override
        int intrinsicDimension() {
            return k;
        }

        @Override
        void embed(double[] x, int xOff, double[] f, int fOff) {
            System.arraycopy(x, xOff, f, fOff, k);
        }

        @Override
        void readOut(double[] x, int xOff, double[] o, int oOff, double[] v, int vOff) {
            System.arraycopy(o, oOff, v, vOff, k);
        }

        @Override
        void readOutAdjoint(double[] x, int xOff, double[] gv, int gvOff, double[] go, int goOff) {
            System.arraycopy(gv, gvOff, go, goOff, k);
        }

        @Override
        void tangentBasis(double[] x, int xOff, double[] b, int bOff) {
            java.util.Arrays.fill(b, bOff, bOff + k * k, 0.0);
            for (int j = 0; j < k; j++) {
                b[bOff + j * k + j] = 1;
            }
        }

        @Override
        double curvature(double[] x, int xOff, double[] o, int oOff) {
            return 0;
        }
    }
}
