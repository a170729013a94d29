package io.flowmatch.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of {@link OdeSolver}, as Hipparchus tests its integrators: extend this class, give
 * the solver and its order, and every implementation is held to the same checks on problems with
 * closed-form solutions.
 *
 * <ul>
 *   <li>a fixed-step solver reaches its order on a linear system dx/dt = A x and on the
 *       time-dependent dx/dt = t x (halving the step divides the error by about 2^p); an
 *       adaptive one meets {@link #adaptiveErrorBound()} on both;</li>
 *   <li>it lands exactly on every grid point, forwards and backwards, and reports the last one;</li>
 *   <li>it treats the field as read-only: the field sees the state's shape and type, {@code out}
 *       is never {@code x}, and every time it is asked about lies within the grid;</li>
 *   <li>a float32 state gives the double result to float accuracy;</li>
 *   <li>the same call gives bit-identical results, and the state is integrated in place.</li>
 * </ul>
 *
 * <p>In the test-jar of flowmatch-solvers, so that solvers in other modules can extend it.
 */
public abstract class OdeSolverContractTest {

    /** dx/dt = t x, x(t) = x(0) exp(t^2 / 2): a time-dependent scalar field, rows independent. */
    public static final VectorField GROWTH = (t, x, out) -> out.assign(x).muli(t);

    /** A rotation with decay, x' = A x with A = [[-0.1, -1], [1, -0.1]]: a linear 2-D field. */
    public static final VectorField SPIRAL = (t, x, out) -> {
        INDArray a = Nd4j.createFromArray(new double[][] {{-0.1, 1}, {-1, -0.1}});
        out.assign(x.mmul(a));
    };

    /** The solver under test. */
    protected abstract OdeSolver solver();

    /** The order p of the method (for an adaptive one, of its propagated solution). */
    protected abstract int order();

    /**
     * For an adaptive solver, the largest error allowed on the closed-form problems below (one
     * grid step over each); unused for fixed-step solvers.
     */
    protected double adaptiveErrorBound() {
        return 1e-3;
    }

    /** {@code Solvers.parse} of the solver's description, or null if the solver is not a built-in one. */
    protected OdeSolver parsed(String description) {
        return null;
    }

    /** exp(tA) applied to the rows of {@code x0}: e^{-0.1 t} [[cos t, sin t], [-sin t, cos t]]. */
    private static INDArray spiralSolution(INDArray x0, double t) {
        double c = Math.cos(t) * Math.exp(-0.1 * t);
        double s = Math.sin(t) * Math.exp(-0.1 * t);
        return x0.mmul(Nd4j.createFromArray(new double[][] {{c, s}, {-s, c}}));
    }

    private static INDArray spiralStart() {
        return Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.3, -2.0}});
    }

    private static INDArray growthStart() {
        return Nd4j.createFromArray(new double[][] {{1.0}, {-0.5}, {2.0}});
    }

    @Test
    public void reachesItsOrderOnALinearSystem() {
        INDArray x0 = spiralStart();
        checkAccuracy(SPIRAL, x0, 3.0, t -> spiralSolution(x0, t));
    }

    @Test
    public void reachesItsOrderOnATimeDependentProblem() {
        INDArray x0 = growthStart();
        checkAccuracy(GROWTH, x0, 2.0, t -> x0.mul(Math.exp(t * t / 2)));
    }

    private void checkAccuracy(VectorField field, INDArray x0, double end, DoubleFunction<INDArray> exact) {
        OdeSolver solver = solver();
        if (solver.isAdaptive()) {
            double error = error(solver, field, x0, end, 1, exact);
            assertThat(error).as("error of %s", solver.description()).isLessThan(adaptiveErrorBound());
            return;
        }
        int n = 40;
        double e1 = error(solver, field, x0, end, n, exact);
        double e2 = error(solver, field, x0, end, 2 * n, exact);
        double measured = Math.log(e1 / e2) / Math.log(2);
        assertThat(measured).as("order of %s", solver.description()).isCloseTo(order(), within(0.25));
    }

    /** The distance to the exact solution at {@code end} after {@code steps} uniform steps. */
    static double error(OdeSolver solver, VectorField field, INDArray x0, double end, int steps,
            DoubleFunction<INDArray> exact) {
        INDArray x = x0.dup();
        solver.integrate(field, x, TimeGrid.uniform(0, end, steps));
        return x.sub(exact.apply(end)).norm2Number().doubleValue();
    }

    @Test
    public void landsExactlyOnEveryGridPointForwardsAndBackwards() {
        TimeGrid grid = TimeGrid.of(0.0, 0.1, 0.35, 0.6, 1.0);
        for (TimeGrid g : new TimeGrid[] {grid, grid.reversed()}) {
            List<Double> times = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            INDArray x = spiralStart();
            SolverStats stats = solver().integrate(SPIRAL, x, g, (step, t, state) -> {
                steps.add(step);
                times.add(t);
                return StepHandler.Action.CONTINUE;
            });
            assertThat(steps).containsExactly(1, 2, 3, 4);
            for (int i = 1; i <= g.steps(); i++) {
                assertThat(times.get(i - 1)).as("grid point %s of %s", i, g).isEqualTo(g.time(i));
            }
            assertThat(stats.endTime()).isEqualTo(g.end());
            assertThat(stats.evaluations()).isPositive();
        }
    }

    @Test
    public void treatsTheFieldAsReadOnlyAndAsksOnlyAboutTimesOnTheGrid() {
        TimeGrid grid = TimeGrid.uniform(0.25, 0.75, 5);
        INDArray start = spiralStart();
        List<String> problems = new ArrayList<>();
        VectorField checking = (t, x, out) -> {
            if (out == x) {
                problems.add("out is x at t = " + t);
            }
            if (!java.util.Arrays.equals(x.shape(), start.shape()) || !java.util.Arrays.equals(out.shape(), start.shape())) {
                problems.add("shapes " + java.util.Arrays.toString(x.shape()) + ", " + java.util.Arrays.toString(out.shape()));
            }
            if (x.dataType() != start.dataType() || out.dataType() != start.dataType()) {
                problems.add("data types " + x.dataType() + ", " + out.dataType());
            }
            if (t < 0.25 - 1e-12 || t > 0.75 + 1e-12) {
                problems.add("time " + t + " outside the grid");
            }
            INDArray before = x.dup();
            SPIRAL.evaluate(t, x, out);
            if (!x.equals(before)) {
                problems.add("x changed during the call at t = " + t);
            }
        };
        INDArray x = start.dup();
        solver().integrate(checking, x, grid);
        assertThat(problems).isEmpty();
        assertThat(x).isNotEqualTo(start);
    }

    @Test
    public void float32StatesGiveTheDoubleResultToFloatAccuracy() {
        INDArray x0 = spiralStart();
        INDArray xd = x0.dup();
        INDArray xf = x0.castTo(DataType.FLOAT);
        VectorField floatSpiral = (t, x, out) -> out.assign(x.mmul(Nd4j.createFromArray(new float[][] {{-0.1f, 1f}, {-1f, -0.1f}})));
        solver().integrate(SPIRAL, xd, TimeGrid.uniform(0, 1, 20));
        solver().integrate(floatSpiral, xf, TimeGrid.uniform(0, 1, 20));
        assertThat(xf.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(xf.castTo(DataType.DOUBLE).sub(xd).amaxNumber().doubleValue())
                .isLessThan(solver().isAdaptive() ? 1e-4 : 1e-5);
    }

    @Test
    public void isDeterministicAndIntegratesInPlace() {
        INDArray a = spiralStart();
        INDArray b = spiralStart();
        SolverStats first = solver().integrate(SPIRAL, a, TimeGrid.uniform(0, 2, 7));
        SolverStats second = solver().integrate(SPIRAL, b, TimeGrid.uniform(0, 2, 7));
        // the caller's array holds the result, bit for bit the same each time
        assertThat(a.sub(spiralSolution(spiralStart(), 2)).amaxNumber().doubleValue()).isLessThan(0.5);
        assertThat(a.data().asDouble()).containsExactly(b.data().asDouble());
        assertThat(first).isEqualTo(second);
    }

    @Test
    public void hasANameAndADescriptionThatParsesBack() {
        OdeSolver solver = solver();
        assertThat(solver.name()).isNotBlank();
        assertThat(solver.description()).startsWith(solver.name());
        OdeSolver again = parsed(solver.description());
        if (again != null) {
            assertThat(again.description()).isEqualTo(solver.description());
        }
    }
}
