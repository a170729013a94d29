package io.flowmatch.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.nonstiff.MidpointIntegrator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Same method, same fixed step: the same numbers as Hipparchus' integrators. */
class HipparchusCrossCheckTest {

    /** A nonlinear, time-dependent 2-D field: x' = sin(t) y - x^2 / 4, y' = cos(x) + t y / 3. */
    static double[] rhs(double t, double[] s) {
        return new double[] {Math.sin(t) * s[1] - s[0] * s[0] / 4, Math.cos(s[0]) + t * s[1] / 3};
    }

    static final VectorField FIELD = (t, x, out) -> {
        for (int r = 0; r < x.rows(); r++) {
            double[] d = rhs(t, new double[] {x.getDouble(r, 0), x.getDouble(r, 1)});
            out.putScalar(r, 0, d[0]);
            out.putScalar(r, 1, d[1]);
        }
    };

    static final OrdinaryDifferentialEquation ODE = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return rhs(t, y);
        }
    };

    @Test
    void eulerMidpointAndRk4MatchHipparchus() {
        check(Solvers.euler(), new EulerIntegrator(0.05));
        check(Solvers.midpoint(), new MidpointIntegrator(0.05));
        check(Solvers.rk4(), new ClassicalRungeKuttaIntegrator(0.05));
    }

    private static void check(OdeSolver ours, ODEIntegrator theirs) {
        double[][] starts = {{0.5, -0.2}, {1.5, 0.7}};
        INDArray x = Nd4j.createFromArray(starts);
        ours.integrate(FIELD, x, TimeGrid.uniform(0, 2, 40));
        for (int r = 0; r < starts.length; r++) {
            double[] expected = theirs.integrate(ODE, new ODEState(0, starts[r].clone()), 2.0).getPrimaryState();
            assertThat(x.getDouble(r, 0)).as("%s row %s x", ours.name(), r).isCloseTo(expected[0], org.assertj.core.data.Offset.offset(1e-12));
            assertThat(x.getDouble(r, 1)).as("%s row %s y", ours.name(), r).isCloseTo(expected[1], org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
