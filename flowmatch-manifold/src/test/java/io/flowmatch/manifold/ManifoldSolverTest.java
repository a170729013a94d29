package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ManifoldSolverTest {

    private static final Logger LOG = LoggerFactory.getLogger(ManifoldSolverTest.class);
    private static final Sphere S2 = Manifolds.sphere(3);
    private static final double[] A = {0, 0, 1};

    /** v(t, x) = (1 + t) P_x(a): the gradient flow of a . x, sped up over time; closed-form solution. */
    private static final ManifoldVectorField GRADIENT = (t, x, v, n) -> {
        for (int i = 0; i < n; i++) {
            double c = x[3 * i + 2];
            for (int j = 0; j < 3; j++) {
                v[3 * i + j] = (1 + t) * (A[j] - c * x[3 * i + j]);
            }
        }
    };

    /** The exact solution at t = 1: the angle phi to a shrinks as tan(phi / 2) = tan(phi0 / 2) e^{-(t + t^2 / 2)}. */
    private static double[] exact(double[] x0, int n) {
        double[] out = new double[x0.length];
        for (int i = 0; i < n; i++) {
            double z = x0[3 * i + 2];
            double phi0 = Math.acos(z);
            double phi = 2 * Math.atan(Math.tan(phi0 / 2) * Math.exp(-1.5));
            double r = Math.hypot(x0[3 * i], x0[3 * i + 1]);
            out[3 * i] = x0[3 * i] / r * Math.sin(phi);
            out[3 * i + 1] = x0[3 * i + 1] / r * Math.sin(phi);
            out[3 * i + 2] = Math.cos(phi);
        }
        return out;
    }

    /** The gradient flow plus a rotation about another axis: paths that are not great circles. */
    private static final ManifoldVectorField MIXED = (t, x, v, n) -> {
        GRADIENT.evaluate(t, x, v, n);
        for (int i = 0; i < n; i++) {
            // omega x x with omega = (2, 0, 0)
            v[3 * i + 1] += -2 * x[3 * i + 2];
            v[3 * i + 2] += 2 * x[3 * i + 1];
        }
    };

    private static double maxError(ManifoldSolver solver, int steps, double[] x0, int n) {
        return maxError(solver, GRADIENT, steps, x0, exact(x0, n), n);
    }

    private static double maxError(ManifoldSolver solver, ManifoldVectorField field, int steps, double[] x0,
            double[] want, int n) {
        double[] x = x0.clone();
        solver.integrate(S2, field, x, n, TimeGrid.uniform(0, 1, steps));
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, S2.distance(x, i, want, i));
            double norm = Math.sqrt(x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2]);
            assertThat(Math.abs(norm - 1)).as("%s row %d", solver, i).isLessThan(1e-13);
        }
        return max;
    }

    @Test
    void solversConvergeAtTheirOrderAndStayOnTheSphere() {
        int n = 200;
        double[] x0 = ManifoldTest.uniform(S2, n, 1);
        for (int i = 0; i < n; i++) {
            x0[3 * i + 2] = Math.max(-0.9, x0[3 * i + 2]); // away from the unstable antipode of a
        }
        S2.projectPoints(x0, x0, n);
        String[] names = {"euler/geodesic", "euler/projected", "midpoint/geodesic", "midpoint/projected", "rk4/geodesic",
                "rk4/projected"};
        double[] expectedOrder = {1, 1, 2, 2, 4, 4};
        double[] expectedMixedOrder = {1, 1, 2, 2, 3, 4};
        double[] reference = x0.clone();
        ManifoldSolvers.projected(Solvers.rk4()).integrate(S2, MIXED, reference, n, TimeGrid.uniform(0, 1, 2048));
        for (int s = 0; s < names.length; s++) {
            ManifoldSolver solver = ManifoldSolvers.parse(names[s]);
            double[] e = new double[3];
            double[] mixed = new double[3];
            for (int k = 0; k < 3; k++) {
                e[k] = maxError(solver, 10 << k, x0, n);
                mixed[k] = maxError(solver, MIXED, 10 << k, x0, reference, n);
            }
            double order = Math.log(e[1] / e[2]) / Math.log(2);
            double mixedOrder = Math.log(mixed[1] / mixed[2]) / Math.log(2);
            LOG.info("{}: max error along great circles {} / {} / {} at 10 / 20 / 40 steps (order {}); "
                    + "with a rotation {} / {} / {} (order {})", solver, String.format("%.2e", e[0]),
                    String.format("%.2e", e[1]), String.format("%.2e", e[2]), String.format("%.2f", order),
                    String.format("%.2e", mixed[0]), String.format("%.2e", mixed[1]), String.format("%.2e", mixed[2]),
                    String.format("%.2f", mixedOrder));
            assertThat(order).as("%s", solver).isGreaterThan(expectedOrder[s] - 0.3);
            assertThat(mixedOrder).as("%s with a rotation", solver).isGreaterThan(expectedMixedOrder[s] - 0.3);
        }
        // at equal work, projected RK4 is the most accurate
        assertThat(maxError(ManifoldSolvers.parse("rk4/projected"), 10, x0, n))
                .isLessThan(maxError(ManifoldSolvers.parse("midpoint/projected"), 20, x0, n) / 10);
    }

    @Test
    void geodesicAndProjectedStepsAreTheSameOnTheFlatTorus() {
        FlatTorus t2 = Manifolds.torus(2);
        int n = 300;
        ManifoldVectorField field = (t, x, v, rows) -> {
            for (int i = 0; i < rows; i++) {
                v[2 * i] = 2 + Math.sin(x[2 * i + 1]) * (1 + t);
                v[2 * i + 1] = -1.5 + Math.cos(x[2 * i]);
            }
        };
        for (String method : new String[] {"euler", "midpoint", "rk4"}) {
            double[] a = ManifoldTest.uniform(t2, n, 2);
            double[] b = a.clone();
            ManifoldSolvers.geodesic(Solvers.byName(method)).integrate(t2, field, a, n, TimeGrid.uniform(0, 1, 17));
            ManifoldSolvers.projected(Solvers.byName(method)).integrate(t2, field, b, n, TimeGrid.uniform(0, 1, 17));
            assertThat(a).isEqualTo(b);
            for (double angle : a) {
                assertThat(angle).isGreaterThanOrEqualTo(-Math.PI).isLessThan(Math.PI);
            }
        }
    }

    @Test
    void observerSeesEveryStateOnTheManifoldAndBackwardsUndoesForwards() {
        int n = 50;
        double[] x0 = ManifoldTest.uniform(S2, n, 3);
        double[] x = x0.clone();
        ManifoldSolver rk4 = ManifoldSolvers.projected(Solvers.rk4());
        int[] seen = {0};
        rk4.integrate(S2, (t, y, v, rates, rows) -> GRADIENT.evaluate(t, y, v, rows), x, n, null, 0,
                TimeGrid.uniform(0, 1, 64), (step, t, state, rows) -> {
                    assertThat(step).isEqualTo(seen[0]++);
                    S2.requireOnManifold(state, rows, "state");
                });
        assertThat(seen[0]).isEqualTo(65);
        rk4.integrate(S2, GRADIENT, x, n, TimeGrid.uniform(1, 0, 64));
        assertThat(ManifoldTest.maxDiff(x, x0)).isLessThan(1e-6);
    }

    @Test
    void solversParseTheirDescriptionsAndRefuseAdaptiveOnes() {
        for (String name : new String[] {"euler/geodesic", "heun/projected", "rk4/projected"}) {
            assertThat(ManifoldSolvers.parse(name).description()).isEqualTo(name);
        }
        assertThat(ManifoldSolvers.parse("midpoint").steps()).isEqualTo(ManifoldSolver.Steps.PROJECTED);
        assertThat(ManifoldSolvers.defaultSolver().description()).isEqualTo(ManifoldSolvers.DEFAULT);
        assertThatThrownBy(() -> ManifoldSolvers.projected(Solvers.dopri5())).hasMessageContaining("dopri5");
        assertThatThrownBy(() -> ManifoldSolvers.parse("rk4/sideways")).hasMessageContaining("sideways");
        assertThatThrownBy(() -> ManifoldSolvers.parse("leapfrog")).hasMessageContaining("leapfrog");
        double[] x = {0, 0, 1};
        assertThatThrownBy(() -> ManifoldSolvers.defaultSolver().integrate(S2, (t, y, v, n) -> Arrays.fill(v, Double.NaN),
                x, 1, TimeGrid.uniform(0, 1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the field gave NaN at row 0");
    }
}
