package io.flowmatch.manifold;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The flat k-torus T^k = (S^1)^k of unit circles, in angle coordinates: a point is k angles in
 * radians in [-pi, pi), a tangent vector is k angular rates. The metric is the Euclidean one of
 * the angles, so geodesics are straight lines that wrap around at the seam +-pi:
 * <pre>
 *   exp_x(v) = wrap(x + v),   log_x(y) = wrap(y - x),   transport = identity,
 *   dist(x, y) = |wrap(y - x)|,   wrap(a) = a - 2 pi floor((a + pi) / (2 pi)) in [-pi, pi)
 * </pre>
 * The volume is (2 pi)^k. Immutable and thread-safe.
 */
public final class FlatTorus implements Manifold {

    /** Angles beyond +-pi by at most this much (float rounding of +-pi) still count as on the torus. */
    public static final double ANGLE_TOLERANCE = 1e-5;

    private static final double TWO_PI = 2 * Math.PI;

    private final int k;
    private final double volume;

    /**
     * The torus of {@code angles} unit circles.
     *
     * @param angles k, at least 1 (1: the circle, 2: the ordinary torus of two angles)
     * @throws IllegalArgumentException if k is below 1 or above 4096
     */
    public FlatTorus(int angles) {
        if (angles < 1 || angles > 4096) {
            throw new IllegalArgumentException("a torus needs between 1 and 4096 angles, got " + angles);
        }
        this.k = angles;
        this.volume = Math.pow(TWO_PI, angles);
    }

    /** The angle a wrapped into [-pi, pi). */
    public static double wrap(double a) {
        if (a >= -Math.PI && a < Math.PI) {
            return a;
        }
        // one turn off, as for differences of two wrapped angles: no division needed
        if (a >= Math.PI && a < 3 * Math.PI) {
            double r = a - TWO_PI;
            return r < Math.PI ? r : wrapFar(a);
        }
        if (a < -Math.PI && a >= -3 * Math.PI) {
            double r = a + TWO_PI;
            return r >= -Math.PI ? r : wrapFar(a);
        }
        return wrapFar(a);
    }

    private static double wrapFar(double a) {
        double r = a - TWO_PI * Math.floor((a + Math.PI) / TWO_PI);
        if (r >= Math.PI) {
            r -= TWO_PI;
        } else if (r < -Math.PI) {
            r += TWO_PI;
        }
        return r;
    }

    @Override
    public String description() {
        return "torus:" + k;
    }

    @Override
    public int dimension() {
        return k;
    }

    @Override
    public int intrinsicDimension() {
        return k;
    }

    @Override
    public double volume() {
        return volume;
    }

    @Override
    public void sampleUniform(RandomGenerator rng, double[] out, int n) {
        for (int i = 0, len = n * k; i < len; i++) {
            out[i] = rng.nextDouble(-Math.PI, Math.PI);
        }
    }

    @Override
    public void exp(double[] x, double[] v, double[] out, int n) {
        for (int i = 0, len = n * k; i < len; i++) {
            out[i] = wrap(x[i] + v[i]);
        }
    }

    @Override
    public void log(double[] x, double[] y, double[] out, int n) {
        for (int i = 0, len = n * k; i < len; i++) {
            out[i] = wrap(y[i] - x[i]);
        }
    }

    @Override
    public void transport(double[] x, double[] y, double[] v, double[] out, int n) {
        if (out != v) {
            System.arraycopy(v, 0, out, 0, n * k);
        }
    }

    @Override
    public void projectPoints(double[] x, double[] out, int n) {
        for (int i = 0, len = n * k; i < len; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("row " + i / k + " cannot be wrapped onto the torus: column "
                        + i % k + " is " + x[i]);
            }
            out[i] = wrap(x[i]);
        }
    }

    @Override
    public void projectTangent(double[] x, double[] v, double[] out, int n) {
        if (out != v) {
            System.arraycopy(v, 0, out, 0, n * k);
        }
    }

    @Override
    public double distance(double[] x, int i, double[] y, int j) {
        int a = i * k;
        int b = j * k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double diff = wrap(y[b + c] - x[a + c]);
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    @Override
    public double chordalDistance(double[] x, int i, double[] y, int j) {
        int a = i * k;
        int b = j * k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double s = Math.sin(0.5 * (y[b + c] - x[a + c]));
            sum += s * s;
        }
        return 2 * Math.sqrt(sum);
    }

    @Override
    public void requireOnManifold(double[] x, int n, String what) {
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double a = x[i * k + c];
                if (!Double.isFinite(a)) {
                    throw new IllegalArgumentException(what + " row " + i + " has " + a + " in column " + c);
                }
                if (a < -Math.PI - ANGLE_TOLERANCE || a > Math.PI + ANGLE_TOLERANCE) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s row %d, column %d: the angle %.6g is outside [-pi, pi) (wrap angles to accept any range)",
                            what, i, c, a));
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatTorus t && t.k == k;
    }

    @Override
    public int hashCode() {
        return 31 * k + 11;
    }

    @Override
    public String toString() {
        return "T^" + k;
    }
}
