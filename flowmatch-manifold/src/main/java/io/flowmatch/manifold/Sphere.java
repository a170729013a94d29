package io.flowmatch.manifold;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The unit sphere S^{d-1} = {x in R^d : |x| = 1} with the round metric, in its ambient
 * coordinates: a point is a unit vector of d numbers, a tangent vector at x is a vector of R^d
 * orthogonal to x. Geodesics are great circles; the distance is the angle between two points, in
 * radians (at most pi). {@code new Sphere(3)} is the ordinary sphere S^2, of area 4 pi.
 *
 * <p>Formulas, with theta = |v| and e = v / theta:
 * <pre>
 *   exp_x(v)         = cos(theta) x + sin(theta) e
 *   log_x(y)         = theta (y - (x.y) x) / |y - (x.y) x|,   theta = atan2(|y - (x.y) x|, x.y)
 *   transport_x-&gt;y(v) = v + (e.v) ((cos(theta) - 1) e - sin(theta) x),   e, theta from log_x(y)
 *   dist(x, y)       = 2 atan2(|x - y|, |x + y|)
 * </pre>
 * Immutable and thread-safe.
 */
public final class Sphere implements Manifold {

    /** Points whose norm differs from 1 by more than this are not on the sphere. */
    public static final double NORM_TOLERANCE = 1e-3;

    private final int d;
    private final double volume;

    /**
     * The unit sphere in R^d.
     *
     * @param ambientDimension d, the coordinates per point, at least 2 (2: the circle S^1, 3: S^2)
     * @throws IllegalArgumentException if d is below 2 or above 4096
     */
    public Sphere(int ambientDimension) {
        if (ambientDimension < 2 || ambientDimension > 4096) {
            throw new IllegalArgumentException("a sphere needs an ambient dimension in [2, 4096], got "
                    + ambientDimension);
        }
        this.d = ambientDimension;
        this.volume = area(ambientDimension);
    }

    /** The area of the unit sphere in R^d: 2 for d = 1, 2 pi for d = 2, then A_d = 2 pi A_{d-2} / (d - 2). */
    static double area(int d) {
        double a = d % 2 == 0 ? 2 * Math.PI : 2.0;
        for (int k = d % 2 == 0 ? 4 : 3; k <= d; k += 2) {
            a *= 2 * Math.PI / (k - 2);
        }
        return a;
    }

    @Override
    public String description() {
        return "sphere:" + d;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int intrinsicDimension() {
        return d - 1;
    }

    @Override
    public double volume() {
        return volume;
    }

    @Override
    public void sampleUniform(RandomGenerator rng, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double norm2;
            do {
                norm2 = 0;
                for (int j = 0; j < d; j++) {
                    double g = rng.nextGaussian();
                    out[o + j] = g;
                    norm2 += g * g;
                }
            } while (norm2 < 1e-20);
            double s = 1.0 / Math.sqrt(norm2);
            for (int j = 0; j < d; j++) {
                out[o + j] *= s;
            }
        }
    }

    @Override
    public void exp(double[] x, double[] v, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double theta = Math.sqrt(dot(v, o, v, o));
            double c = Math.cos(theta);
            // sin(theta) / theta, with its Taylor series near 0
            double s = theta < 1e-4 ? 1 - theta * theta / 6 : Math.sin(theta) / theta;
            for (int j = o; j < o + d; j++) {
                out[j] = c * x[j] + s * v[j];
            }
        }
    }

    @Override
    public void log(double[] x, double[] y, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double c = dot(x, o, y, o);
            double w2 = 0;
            for (int j = o; j < o + d; j++) {
                double w = y[j] - c * x[j];
                w2 += w * w;
            }
            double w = Math.sqrt(w2);
            if (w < 1e-12 && c < 0) {
                // antipodal: every direction is a shortest geodesic; take the first tangent basis vector
                tangentBasisVector(x, o, 0, out, o);
                for (int j = o; j < o + d; j++) {
                    out[j] *= Math.PI;
                }
                continue;
            }
            double theta = Math.atan2(w, c);
            // theta / sin(theta) with sin(theta) = w, with its series near 0
            double s = w < 1e-8 ? 1 + theta * theta / 6 : theta / w;
            for (int j = o; j < o + d; j++) {
                double yj = y[j];
                out[j] = s * (yj - c * x[j]);
            }
        }
    }

    @Override
    public void transport(double[] x, double[] y, double[] v, double[] out, int n) {
        if (out == x || out == y) {
            throw new IllegalArgumentException("transport cannot write over its end points");
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double c = dot(x, o, y, o);
            double w2 = 0;
            double wv = 0;
            for (int j = o; j < o + d; j++) {
                double w = y[j] - c * x[j];
                w2 += w * w;
                wv += w * v[j];
            }
            double w = Math.sqrt(w2);
            if (w < 1e-300) {
                // x = y (nothing to do) or antipodal (any great circle; keep v, tangent at -x too)
                System.arraycopy(v, o, out, o, d);
                continue;
            }
            double theta = Math.atan2(w, c);
            double a = wv / w; // e.v with e = w / |w|
            double ce = a * (Math.cos(theta) - 1) / w;
            double cx = -a * Math.sin(theta);
            for (int j = o; j < o + d; j++) {
                double e = y[j] - c * x[j];
                out[j] = v[j] + ce * e + cx * x[j];
            }
        }
    }

    @Override
    public void projectPoints(double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double norm = Math.sqrt(dot(x, o, x, o));
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalArgumentException("row " + i + " cannot be projected onto the sphere: its norm is "
                        + norm);
            }
            double s = 1.0 / norm;
            for (int j = o; j < o + d; j++) {
                out[j] = x[j] * s;
            }
        }
    }

    @Override
    public void projectTangent(double[] x, double[] v, double[] out, int n) {
        if (out == x) {
            throw new IllegalArgumentException("projectTangent cannot write over the points");
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double c = dot(x, o, v, o);
            for (int j = o; j < o + d; j++) {
                out[j] = v[j] - c * x[j];
            }
        }
    }

    @Override
    public double distance(double[] x, int i, double[] y, int j) {
        int a = i * d;
        int b = j * d;
        double minus = 0;
        double plus = 0;
        for (int k = 0; k < d; k++) {
            double p = x[a + k];
            double q = y[b + k];
            minus += (p - q) * (p - q);
            plus += (p + q) * (p + q);
        }
        return 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
    }

    @Override
    public double chordalDistance(double[] x, int i, double[] y, int j) {
        int a = i * d;
        int b = j * d;
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double diff = x[a + k] - y[b + k];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    @Override
    public void requireOnManifold(double[] x, int n, String what) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[o + j])) {
                    throw new IllegalArgumentException(what + " row " + i + " has " + x[o + j] + " in column " + j);
                }
            }
            double norm = Math.sqrt(dot(x, o, x, o));
            if (Math.abs(norm - 1) > NORM_TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s row %d is not on the sphere S^%d: its norm is %.6g, not 1 within %s", what, i, d - 1, norm,
                        NORM_TOLERANCE));
            }
        }
    }

    /**
     * Writes the k-th vector (k in [0, d - 1)) of an orthonormal basis of the tangent space at row
     * {@code xOff / d} of x into {@code out[outOff ..]}: column k of the Householder reflection
     * that maps x to -+e_{d-1}. The basis depends smoothly on x away from x_{d-1} = 0, and is
     * accurate everywhere.
     */
    void tangentBasisVector(double[] x, int xOff, int k, double[] out, int outOff) {
        double last = x[xOff + d - 1];
        double s = last >= 0 ? 1 : -1;
        // w = x + s e_{d-1}; H = I - 2 w w^T / |w|^2 maps x to -s e_{d-1}; columns 0..d-2 are tangent
        double w2 = 2 + 2 * Math.abs(last);
        double f = -2 * x[xOff + k] / w2;
        for (int j = 0; j < d; j++) {
            double wj = j == d - 1 ? last + s : x[xOff + j];
            out[outOff + j] = (j == k ? 1 : 0) + f * wj;
        }
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            s += a[ao + j] * b[bo + j];
        }
        return s;
    }

    private double dot(double[] a, int ao, double[] b, int bo) {
        return dot(a, ao, b, bo, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sphere s && s.d == d;
    }

    @Override
    public int hashCode() {
        return 31 * d + 7;
    }

    @Override
    public String toString() {
        return "S^" + (d - 1) + " in R^" + d;
    }
}
