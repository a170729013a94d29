package io.flowmatch.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each fixed-step solver reaches its theoretical order on problems with closed-form solutions:
 * halving the step divides the error by about 2^p.
 */
class ConvergenceOrderTest {

    static Stream<Arguments> solvers() {
        return Stream.of(
                Arguments.of(Solvers.euler(), 1),
                Arguments.of(Solvers.midpoint(), 2),
                Arguments.of(Solvers.heun(), 2),
                Arguments.of(Solvers.rk4(), 4));
    }

    /** dx/dt = t x, x(t) = x(0) exp(t^2 / 2): a time-dependent scalar field, rows independent. */
    static final VectorField GROWTH = (t, x, out) -> out.assign(x).muli(t);

    /** A rotation with decay, x' = A x with A = [[-0.1, -1], [1, -0.1]]: a 2-D field. */
    static final VectorField SPIRAL = (t, x, out) -> {
        INDArray a = Nd4j.createFromArray(new double[][] {{-0.1, 1}, {-1, -0.1}});
        out.assign(x.mmul(a));
    };

    @ParameterizedTest
    @MethodSource("solvers")
    void reachesItsOrderOnAScalarProblem(OdeSolver solver, int order) {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1.0}, {-0.5}, {2.0}});
        double measured = measuredOrder(solver, GROWTH, x0, 2.0, t -> x0.mul(Math.exp(t * t / 2)));
        assertThat(measured).as("order of %s", solver.name()).isCloseTo(order, within(0.25));
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void reachesItsOrderOnALinearSystem(OdeSolver solver, int order) {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.3, -2.0}});
        double measured = measuredOrder(solver, SPIRAL, x0, 3.0, t -> {
            // exp(tA) for A = -0.1 I + rotation: e^{-0.1 t} [[cos t, -sin t], [sin t, cos t]] (acting on rows)
            double c = Math.cos(t) * Math.exp(-0.1 * t);
            double s = Math.sin(t) * Math.exp(-0.1 * t);
            return x0.mmul(Nd4j.createFromArray(new double[][] {{c, s}, {-s, c}}));
        });
        assertThat(measured).as("order of %s", solver.name()).isCloseTo(order, within(0.25));
    }

    /** log2 of the error ratio between n and 2n steps, at step counts in the asymptotic range. */
    static double measuredOrder(OdeSolver solver, VectorField field, INDArray x0, double end,
            java.util.function.DoubleFunction<INDArray> exact) {
        int n = 40;
        double e1 = error(solver, field, x0, end, n, exact);
        double e2 = error(solver, field, x0, end, 2 * n, exact);
        return Math.log(e1 / e2) / Math.log(2);
    }

    static double error(OdeSolver solver, VectorField field, INDArray x0, double end, int steps,
            java.util.function.DoubleFunction<INDArray> exact) {
        INDArray x = x0.dup();
        solver.integrate(field, x, TimeGrid.uniform(0, end, steps));
        return x.sub(exact.apply(end)).norm2Number().doubleValue();
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void float32StatesGiveTheDoubleResultToFloatAccuracy(OdeSolver solver, int order) {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.3, -2.0}});
        INDArray xd = x0.dup();
        INDArray xf = x0.castTo(DataType.FLOAT);
        VectorField floatSpiral = (t, x, out) -> out.assign(x.mmul(Nd4j.createFromArray(new float[][] {{-0.1f, 1f}, {-1f, -0.1f}})));
        solver.integrate(SPIRAL, xd, TimeGrid.uniform(0, 1, 20));
        solver.integrate(floatSpiral, xf, TimeGrid.uniform(0, 1, 20));
        assertThat(xf.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(xf.castTo(DataType.DOUBLE).sub(xd).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
}
