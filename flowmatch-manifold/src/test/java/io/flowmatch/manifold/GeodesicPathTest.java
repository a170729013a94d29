package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeodesicPathTest {

    @Test
    void velocityIsTheTimeDerivativeOfThePath() {
        int n = 500;
        for (Manifold m : List.of(Manifolds.sphere(3), Manifolds.sphere(4), Manifolds.torus(2))) {
            int d = m.dimension();
            double[] x0 = ManifoldTest.uniform(m, n, 1);
            double[] x1 = ManifoldTest.uniform(m, n, 2);
            float[] t = new float[n];
            float[] tp = new float[n];
            float[] tm = new float[n];
            double h = 1e-3;
            for (int i = 0; i < n; i++) {
                t[i] = (float) ((i + 0.5) / n * 0.98 + 0.01);
                tp[i] = (float) (t[i] + h);
                tm[i] = (float) (t[i] - h);
            }
            GeodesicPath path = new GeodesicPath(m);
            double[] xt = new double[n * d];
            double[] ut = new double[n * d];
            double[] xp = new double[n * d];
            double[] xm = new double[n * d];
            double[] scratch = new double[n * d];
            double[] ignored = new double[n * d];
            path.sample(x0, x1, t, n, xt, ut, scratch);
            path.sample(x0, x1, tp, n, xp, ignored, scratch);
            path.sample(x0, x1, tm, n, xm, ignored, scratch);
            double[] fd = new double[n * d];
            // the central difference in the point's coordinates (wrapped across the torus's seam)
            for (int j = 0; j < fd.length; j++) {
                fd[j] = m instanceof FlatTorus ? FlatTorus.wrap(xp[j] - xm[j]) : xp[j] - xm[j];
            }
            for (int i = 0; i < n; i++) {
                double dt = (double) tp[i] - tm[i];
                for (int j = i * d; j < (i + 1) * d; j++) {
                    assertThat(ut[j]).as("%s row %d", m, i).isCloseTo(fd[j] / dt, within(2e-5 * (1 + Math.abs(ut[j]))));
                }
            }
            // constant speed dist(x0, x1), tangent at x_t, and the ends are x0 and x1
            double[] dist = new double[n];
            m.distance(x0, x1, dist, n);
            double[] proj = new double[n * d];
            m.projectTangent(xt, ut, proj, n);
            for (int i = 0; i < n; i++) {
                double speed = 0;
                for (int j = i * d; j < (i + 1) * d; j++) {
                    speed += ut[j] * ut[j];
                    assertThat(proj[j]).isCloseTo(ut[j], within(1e-12));
                }
                assertThat(Math.sqrt(speed)).isCloseTo(dist[i], within(1e-9));
            }
            float[] zeros = new float[n];
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            path.sample(x0, x1, zeros, n, xt, ut, scratch);
            assertThat(ManifoldTest.maxDiff(xt, x0)).isLessThanOrEqualTo(1e-12);
            path.sample(x0, x1, ones, n, xt, ut, scratch);
            double[] err = new double[n];
            m.distance(xt, x1, err, n);
            for (double e : err) {
                assertThat(e).isLessThan(1e-9);
            }
        }
    }
}
