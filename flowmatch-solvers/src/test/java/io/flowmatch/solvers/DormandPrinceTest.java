package io.flowmatch.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The adaptive solver meets its tolerance, and beats RK4 on evaluations for the same error. */
class DormandPrinceTest {

    private static final double MU = 5.0;

    /** Van der Pol with mu = 5 (stiff-ish, nonlinear): x' = y, y' = mu (1 - x^2) y - x, per row. */
    static final VectorField VAN_DER_POL = (t, s, out) -> {
        for (int r = 0; r < s.rows(); r++) {
            double x = s.getDouble(r, 0);
            double y = s.getDouble(r, 1);
            out.putScalar(r, 0, y);
            out.putScalar(r, 1, MU * (1 - x * x) * y - x);
        }
    };

    static final double[][] STARTS = {{2.0, 0.0}, {0.5, 1.0}, {-1.0, 3.0}};
    static final double END = 4.0;

    /** A very accurate reference from Hipparchus' Dormand-Prince 8(5,3). */
    static INDArray reference() {
        INDArray out = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, STARTS.length, 2);
        for (int r = 0; r < STARTS.length; r++) {
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, 1.0, 1e-13, 1e-13);
            OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return 2;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    return new double[] {y[1], MU * (1 - y[0] * y[0]) * y[1] - y[0]};
                }
            };
            double[] end = integrator.integrate(ode, new ODEState(0, STARTS[r].clone()), END).getPrimaryState();
            out.putRow(r, Nd4j.createFromArray(end));
        }
        return out;
    }

    static VectorField counting(VectorField f, AtomicLong calls) {
        return (t, x, out) -> {
            calls.incrementAndGet();
            f.evaluate(t, x, out);
        };
    }

    @Test
    void meetsItsToleranceAndUsesFewerEvaluationsThanRk4ForTheSameError() {
        INDArray exact = reference();
        double tol = 1e-6;
        AtomicLong calls = new AtomicLong();
        INDArray x = Nd4j.createFromArray(STARTS);
        SolverStats stats = Solvers.dopri5(tol, tol).integrate(counting(VAN_DER_POL, calls), x, TimeGrid.uniform(0, END, 1));
        double error = x.sub(exact).amaxNumber().doubleValue();
        // global error of a tolerance-controlled method: a small multiple of the tolerance
        assertThat(error).isLessThan(100 * tol);
        assertThat(stats.evaluations()).isEqualTo(calls.get());
        assertThat(stats.endTime()).isEqualTo(END);
        assertThat(stats.acceptedSteps()).isPositive();

        // the cheapest RK4 grid that is at least as accurate
        long rk4Evaluations = -1;
        for (int steps = 10; steps <= 20_000; steps = (int) (steps * 1.25) + 1) {
            INDArray y = Nd4j.createFromArray(STARTS);
            try {
                Solvers.rk4().integrate(VAN_DER_POL, y, TimeGrid.uniform(0, END, steps));
            } catch (IllegalStateException tooCoarse) {
                continue; // RK4 with large steps blows up on this problem
            }
            if (y.sub(exact).amaxNumber().doubleValue() <= error) {
                rk4Evaluations = 4L * steps;
                break;
            }
        }
        assertThat(rk4Evaluations).isPositive();
        assertThat(stats.evaluations()).isLessThan(rk4Evaluations);
    }

    @Test
    void tighterToleranceGivesSmallerError() {
        INDArray exact = reference();
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
            INDArray x = Nd4j.createFromArray(STARTS);
            Solvers.dopri5(tol, tol).integrate(VAN_DER_POL, x, TimeGrid.uniform(0, END, 1));
            double error = x.sub(exact).amaxNumber().doubleValue();
            assertThat(error).as("error at tolerance %s", tol).isLessThan(previous);
            previous = error;
        }
        assertThat(previous).isLessThan(1e-6);
    }

    @Test
    void landsOnEveryGridPoint() {
        java.util.List<Double> seen = new java.util.ArrayList<>();
        INDArray x = Nd4j.createFromArray(STARTS);
        Solvers.dopri5(1e-6, 1e-6).integrate(VAN_DER_POL, x, TimeGrid.of(0, 0.3, 1.1, 2.5, 4.0),
                (step, t, state) -> {
                    seen.add(t);
                    return StepHandler.Action.CONTINUE;
                });
        assertThat(seen).containsExactly(0.3, 1.1, 2.5, 4.0);
    }
}
