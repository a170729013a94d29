package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ManifoldTest {

    private static final List<Manifold> ALL = List.of(Manifolds.sphere(2), Manifolds.sphere(3), Manifolds.sphere(5),
            Manifolds.torus(1), Manifolds.torus(2), Manifolds.torus(3));
    private static final int N = 2000;

    /** Random tangent vectors at x, of norms up to {@code maxNorm}. */
    static double[] tangents(Manifold m, double[] x, int n, double maxNorm, SplittableRandom rng) {
        int d = m.dimension();
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        m.projectTangent(x, v, v, n);
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += v[i * d + j] * v[i * d + j];
            }
            double s = rng.nextDouble() * maxNorm / Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                v[i * d + j] *= s;
            }
        }
        return v;
    }

    /** The largest absolute difference between two arrays of equal length. */
    static double maxDiff(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double[] uniform(Manifold m, int n, long seed) {
        double[] x = new double[n * m.dimension()];
        m.sampleUniform(new SplittableRandom(seed), x, n);
        return x;
    }

    @Test
    void logInvertsExpForTangentsShorterThanTheInjectivityRadius() {
        SplittableRandom rng = new SplittableRandom(1);
        for (Manifold m : ALL) {
            double[] x = uniform(m, N, 2);
            double[] v = tangents(m, x, N, 0.99 * Math.PI, rng);
            double[] y = new double[v.length];
            m.exp(x, v, y, N);
            m.requireOnManifold(y, N, "exp");
            double[] back = new double[v.length];
            m.log(x, y, back, N);
            for (int i = 0; i < v.length; i++) {
                assertThat(back[i]).as("%s coordinate %d", m, i).isCloseTo(v[i], within(1e-9));
            }
            // and |log_x(y)| is the distance
            double[] dist = new double[N];
            m.distance(x, y, dist, N);
            int d = m.dimension();
            for (int i = 0; i < N; i++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += v[i * d + j] * v[i * d + j];
                }
                assertThat(dist[i]).isCloseTo(Math.sqrt(norm), within(1e-9));
            }
        }
    }

    @Test
    void expInvertsLogBetweenAnyTwoPoints() {
        for (Manifold m : ALL) {
            double[] x = uniform(m, N, 3);
            double[] y = uniform(m, N, 4);
            double[] v = new double[x.length];
            m.log(x, y, v, N);
            double[] z = new double[x.length];
            m.exp(x, v, z, N);
            double[] err = new double[N];
            m.distance(y, z, err, N);
            for (double e : err) {
                assertThat(e).as("%s", m).isLessThan(1e-9);
            }
        }
    }

    @Test
    void projectionsAreIdempotentAndLandOnTheManifold() {
        SplittableRandom rng = new SplittableRandom(5);
        for (Manifold m : ALL) {
            int d = m.dimension();
            double[] a = new double[N * d];
            for (int i = 0; i < a.length; i++) {
                a[i] = 7 * rng.nextGaussian();
            }
            double[] p = new double[a.length];
            m.projectPoints(a, p, N);
            m.requireOnManifold(p, N, "projected");
            double[] pp = new double[a.length];
            m.projectPoints(p, pp, N);
            assertThat(ManifoldTest.maxDiff(pp, p)).isLessThanOrEqualTo(1e-15);
            // tangent projection: idempotent and orthogonal to the sphere's normal
            double[] v = new double[a.length];
            m.projectTangent(p, a, v, N);
            double[] vv = new double[a.length];
            m.projectTangent(p, v, vv, N);
            assertThat(ManifoldTest.maxDiff(vv, v)).isLessThanOrEqualTo(1e-12);
            if (m instanceof Sphere) {
                for (int i = 0; i < N; i++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        dot += v[i * d + j] * p[i * d + j];
                    }
                    assertThat(dot).isCloseTo(0, within(1e-12));
                }
            }
        }
    }

    @Test
    void geodesicDistanceMatchesClosedForms() {
        Sphere s2 = Manifolds.sphere(3);
        double[] x = uniform(s2, N, 6);
        double[] y = uniform(s2, N, 7);
        for (int i = 0; i < N; i++) {
            double dot = x[3 * i] * y[3 * i] + x[3 * i + 1] * y[3 * i + 1] + x[3 * i + 2] * y[3 * i + 2];
            assertThat(s2.distance(x, i, y, i)).isCloseTo(Math.acos(dot), within(1e-7));
            assertThat(s2.chordalDistance(x, i, y, i)).isCloseTo(Math.sqrt(2 - 2 * dot), within(1e-12));
        }
        // antipodes are pi apart, a point is 0 from itself
        double[] north = {0, 0, 1};
        double[] south = {0, 0, -1};
        assertThat(s2.distance(north, 0, south, 0)).isCloseTo(Math.PI, within(1e-15));
        assertThat(s2.distance(north, 0, north, 0)).isEqualTo(0.0);
        // on the torus the distance goes the short way round the seam
        FlatTorus t2 = Manifolds.torus(2);
        double[] a = {3.0, -3.0};
        double[] b = {-3.0, 3.0};
        double wrapped = 2 * Math.PI - 6.0;
        assertThat(t2.distance(a, 0, b, 0)).isCloseTo(Math.sqrt(2) * wrapped, within(1e-12));
        assertThat(t2.chordalDistance(a, 0, b, 0)).isCloseTo(2 * Math.sqrt(2) * Math.sin(wrapped / 2), within(1e-12));
    }

    @Test
    void uniformSamplersHaveTheUniformMoments() {
        int n = 200_000;
        Sphere s2 = Manifolds.sphere(3);
        double[] x = uniform(s2, n, 8);
        double[] mean = new double[3];
        double[][] second = new double[3][3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                mean[j] += x[3 * i + j] / n;
                for (int k = 0; k < 3; k++) {
                    second[j][k] += x[3 * i + j] * x[3 * i + k] / n;
                }
            }
        }
        // E x = 0, E x x^T = I / 3; the standard errors are sqrt(1/3 / n) ~ 1.3e-3 and ~ 7e-4
        for (int j = 0; j < 3; j++) {
            assertThat(mean[j]).isCloseTo(0, within(6e-3));
            for (int k = 0; k < 3; k++) {
                assertThat(second[j][k]).isCloseTo(j == k ? 1.0 / 3 : 0, within(4e-3));
            }
        }
        // Archimedes: z is uniform on [-1, 1]
        int[] bins = new int[10];
        for (int i = 0; i < n; i++) {
            bins[Math.min(9, (int) ((x[3 * i + 2] + 1) * 5))]++;
        }
        for (int b : bins) {
            assertThat(b).isCloseTo(n / 10, within(800));
        }
        FlatTorus t2 = Manifolds.torus(2);
        double[] a = uniform(t2, n, 9);
        double c = 0;
        double s = 0;
        double c2 = 0;
        for (double angle : a) {
            assertThat(angle).isGreaterThanOrEqualTo(-Math.PI).isLessThan(Math.PI);
            c += Math.cos(angle) / a.length;
            s += Math.sin(angle) / a.length;
            c2 += Math.cos(2 * angle) / a.length;
        }
        assertThat(c).isCloseTo(0, within(6e-3));
        assertThat(s).isCloseTo(0, within(6e-3));
        assertThat(c2).isCloseTo(0, within(6e-3));
    }

    @Test
    void volumesAreTheKnownOnes() {
        assertThat(Manifolds.sphere(2).volume()).isCloseTo(2 * Math.PI, within(1e-12));
        assertThat(Manifolds.sphere(3).volume()).isCloseTo(4 * Math.PI, within(1e-12));
        assertThat(Manifolds.sphere(4).volume()).isCloseTo(2 * Math.PI * Math.PI, within(1e-12));
        assertThat(Manifolds.sphere(5).volume()).isCloseTo(8 * Math.PI * Math.PI / 3, within(1e-12));
        assertThat(Manifolds.torus(2).volume()).isCloseTo(4 * Math.PI * Math.PI, within(1e-12));
        assertThat(Manifolds.sphere(3).intrinsicDimension()).isEqualTo(2);
        assertThat(Manifolds.torus(3).intrinsicDimension()).isEqualTo(3);
    }

    @Test
    void parallelTransportIsAnIsometryIntoTheTargetTangentSpace() {
        SplittableRandom rng = new SplittableRandom(10);
        Sphere s3 = Manifolds.sphere(4);
        double[] x = uniform(s3, N, 11);
        double[] y = uniform(s3, N, 12);
        double[] u = tangents(s3, x, N, 2, rng);
        double[] v = tangents(s3, x, N, 2, rng);
        double[] tu = new double[u.length];
        double[] tv = new double[v.length];
        s3.transport(x, y, u, tu, N);
        s3.transport(x, y, v, tv, N);
        for (int i = 0; i < N; i++) {
            double before = 0;
            double after = 0;
            double normal = 0;
            for (int j = 0; j < 4; j++) {
                before += u[4 * i + j] * v[4 * i + j];
                after += tu[4 * i + j] * tv[4 * i + j];
                normal += tu[4 * i + j] * y[4 * i + j];
            }
            assertThat(after).isCloseTo(before, within(1e-10));
            assertThat(normal).isCloseTo(0, within(1e-10));
        }
        // the geodesic's own velocity is carried to its velocity at the end: log_y(x) = -transport(log_x(y))
        double[] l = new double[x.length];
        s3.log(x, y, l, N);
        double[] tl = new double[x.length];
        s3.transport(x, y, l, tl, N);
        double[] back = new double[x.length];
        s3.log(y, x, back, N);
        for (int i = 0; i < l.length; i++) {
            assertThat(tl[i]).isCloseTo(-back[i], within(1e-8));
        }
    }

    @Test
    void offManifoldPointsAreRejectedNamingTheRow() {
        double[] points = {1, 0, 0, 0, 1, 0, 0.6, 0.8, 0.05, 0, 0, 1};
        assertThatThrownBy(() -> Manifolds.sphere(3).requireOnManifold(points, 4, "data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data row 2").hasMessageContaining("norm").hasMessageContaining("1.00125");
        double[] nan = {1, 0, 0, 0, Double.NaN, 1};
        assertThatThrownBy(() -> Manifolds.sphere(3).requireOnManifold(nan, 2, "data"))
                .hasMessageContaining("data row 1 has NaN in column 1");
        double[] angles = {0, 1, 3.2, -1};
        assertThatThrownBy(() -> Manifolds.torus(2).requireOnManifold(angles, 2, "data"))
                .hasMessageContaining("data row 1, column 0").hasMessageContaining("3.2");
        // within 1e-3 of the unit norm is on the sphere; +-pi (also as float) is on the torus
        Manifolds.sphere(3).requireOnManifold(new double[] {1.0009, 0, 0}, 1, "data");
        Manifolds.torus(2).requireOnManifold(new double[] {(float) Math.PI, (float) -Math.PI}, 1, "data");
    }

    @Test
    void wrapMapsEveryAngleIntoTheHalfOpenRange() {
        assertThat(FlatTorus.wrap(Math.PI)).isEqualTo(-Math.PI);
        assertThat(FlatTorus.wrap(-Math.PI)).isEqualTo(-Math.PI);
        assertThat(FlatTorus.wrap(3 * Math.PI + 0.5)).isCloseTo(-Math.PI + 0.5, within(1e-12));
        assertThat(FlatTorus.wrap(-7.0)).isCloseTo(-7.0 + 2 * Math.PI, within(1e-12));
        SplittableRandom rng = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            double a = FlatTorus.wrap(rng.nextDouble(-1e4, 1e4));
            assertThat(a).isGreaterThanOrEqualTo(-Math.PI).isLessThan(Math.PI);
        }
    }

    @Test
    void manifoldsParseTheirDescriptionsAndRejectNonsense() {
        for (Manifold m : ALL) {
            assertThat(Manifolds.parse(m.description())).isEqualTo(m);
        }
        assertThat(Manifolds.parse("sphere:3")).isEqualTo(Manifolds.sphere(3));
        assertThat(Manifolds.parse(" Torus(2) ")).isEqualTo(Manifolds.torus(2));
        assertThatThrownBy(() -> Manifolds.parse("cube:3")).hasMessageContaining("cube");
        assertThatThrownBy(() -> Manifolds.parse("sphere:x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> Manifolds.parse("sphere:1")).hasMessageContaining("sphere:1");
        assertThatThrownBy(() -> Manifolds.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Manifolds.torus(0)).hasMessageContaining("got 0");
    }

    @Test
    void indarrayConveniencesAgreeWithTheBatchMethods() {
        Sphere s2 = Manifolds.sphere(3);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}});
        INDArray y = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0, 1}});
        INDArray v = s2.log(x, y);
        assertThat(v.getDouble(0, 1)).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(s2.exp(x, v).getDouble(1, 2)).isCloseTo(1, within(1e-12));
        assertThat(s2.distance(x, y)).containsExactly(new double[] {Math.PI / 2, Math.PI / 2}, within(1e-12));
        assertThat(s2.projectPoints(Nd4j.createFromArray(new double[][] {{3, 0, 4}})).getDouble(0, 2)).isEqualTo(0.8);
        assertThatThrownBy(() -> s2.exp(x, Nd4j.zeros(2, 2))).hasMessageContaining("[n, 3]");
    }
}
