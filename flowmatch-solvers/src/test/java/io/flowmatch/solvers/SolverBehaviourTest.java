package io.flowmatch.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Reversibility, handlers, trajectories, evaluation counts and bad input. */
class SolverBehaviourTest {

    private static final VectorField ROTATION = OdeSolverContractTest.SPIRAL;

    @Test
    void forwardThenBackwardReturnsTheStart() {
        INDArray start = Nd4j.createFromArray(new double[][] {{1, 2}, {-3, 0.5}});
        INDArray x = start.dup();
        TimeGrid grid = TimeGrid.uniform(0, 1, 200);
        Solvers.rk4().integrate(ROTATION, x, grid);
        assertThat(x.sub(start).amaxNumber().doubleValue()).isGreaterThan(0.1);
        Solvers.rk4().integrate(ROTATION, x, grid.reversed());
        assertThat(x.sub(start).amaxNumber().doubleValue()).isLessThan(1e-10);

        INDArray y = start.dup();
        Solvers.dopri5(1e-10, 1e-10).integrate(ROTATION, y, TimeGrid.uniform(0, 1, 1));
        Solvers.dopri5(1e-10, 1e-10).integrate(ROTATION, y, TimeGrid.uniform(1, 0, 1));
        assertThat(y.sub(start).amaxNumber().doubleValue()).isLessThan(1e-7);
    }

    @Test
    void evaluationCountsMatchTheStages() {
        int steps = 7;
        for (Object[] c : new Object[][] {{Solvers.euler(), 1}, {Solvers.midpoint(), 2}, {Solvers.heun(), 2}, {Solvers.rk4(), 4}}) {
            AtomicLong calls = new AtomicLong();
            INDArray x = Nd4j.ones(DataType.DOUBLE, 3, 2);
            SolverStats stats = ((OdeSolver) c[0]).integrate(DormandPrinceTest.counting(ROTATION, calls), x,
                    TimeGrid.uniform(0, 1, steps));
            assertThat(calls.get()).isEqualTo((int) c[1] * steps);
            assertThat(stats.evaluations()).isEqualTo(calls.get());
            assertThat(stats.acceptedSteps()).isEqualTo(steps);
            assertThat(stats.rejectedSteps()).isZero();
        }
    }

    @Test
    void handlerSeesEveryGridPointAndCanStop() {
        List<Integer> steps = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 2);
        SolverStats stats = Solvers.heun().integrate(ROTATION, x, TimeGrid.uniform(0, 1, 10), (step, t, state) -> {
            steps.add(step);
            times.add(t);
            return step == 4 ? StepHandler.Action.STOP : StepHandler.Action.CONTINUE;
        });
        assertThat(steps).containsExactly(1, 2, 3, 4);
        assertThat(times.get(3)).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(stats.endTime()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(stats.evaluations()).isEqualTo(8);
    }

    @Test
    void trajectoryRecordsTheStatesOnTheGrid() {
        INDArray start = Nd4j.createFromArray(new double[][] {{1, 0}});
        INDArray x = start.dup();
        Trajectory trajectory = Trajectory.every(3);
        Solvers.rk4().integrate(ROTATION, x, TimeGrid.uniform(0, 1, 10), trajectory);
        // t = 0, 0.3, 0.6, 0.9 and the final 1.0
        assertThat(trajectory.times()).containsExactly(new double[] {0, 0.3, 0.6, 0.9, 1.0},
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(trajectory.states()).hasSize(5);
        assertThat(trajectory.states().get(0)).isEqualTo(start);
        assertThat(trajectory.states().get(4)).isEqualTo(x);
        INDArray third = start.dup();
        Solvers.rk4().integrate(ROTATION, third, TimeGrid.uniform(0, 0.6, 6));
        assertThat(trajectory.states().get(2).sub(third).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(trajectory.asTensor().shape()).containsExactly(5, 1, 2);
    }

    @Test
    void viewsAreIntegratedInPlace() {
        INDArray big = Nd4j.ones(DataType.DOUBLE, 4, 2);
        INDArray view = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        Solvers.euler().integrate((t, x, out) -> out.assign(1.0), view, TimeGrid.uniform(0, 1, 4));
        assertThat(big.getDouble(0, 0)).isEqualTo(1.0);
        assertThat(big.getDouble(1, 0)).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(big.getDouble(3, 1)).isEqualTo(1.0);
    }

    @Test
    void badInputGivesClearErrors() {
        assertThatThrownBy(() -> Solvers.euler().integrate(ROTATION, Nd4j.ones(DataType.DOUBLE, 4), TimeGrid.uniform(0, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-D");
        assertThatThrownBy(() -> TimeGrid.of(0, 0.5, 0.5, 1)).hasMessageContaining("strictly monotone");
        assertThatThrownBy(() -> TimeGrid.of(0, Double.NaN)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> TimeGrid.of(0.0)).hasMessageContaining("at least 2 times");
        assertThatThrownBy(() -> TimeGrid.uniform(0, 1, 0)).hasMessageContaining("at least 1 step");
        assertThatThrownBy(() -> Solvers.dopri5(0, 1e-3)).hasMessageContaining("tolerances");
        assertThatThrownBy(() -> Solvers.dopri5(1e-3, Double.NaN)).hasMessageContaining("tolerances");
        assertThatThrownBy(() -> Solvers.parse("rk45")).hasMessageContaining("unknown solver 'rk45'").hasMessageContaining("dopri5");
        VectorField blowUp = (t, x, out) -> out.assign(Double.NaN);
        assertThatThrownBy(() -> Solvers.rk4().integrate(blowUp, Nd4j.ones(DataType.DOUBLE, 2, 2), TimeGrid.uniform(0, 1, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Solvers.dopri5().integrate(blowUp, Nd4j.ones(DataType.DOUBLE, 2, 2), TimeGrid.uniform(0, 1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite");
    }

    @Test
    void namesResolve() {
        for (String name : Solvers.NAMES) {
            assertThat(Solvers.parse(name.toUpperCase()).name()).isEqualTo(name);
        }
        assertThat(Solvers.dopri5().isAdaptive()).isTrue();
        assertThat(Solvers.rk4().isAdaptive()).isFalse();
    }

    @Test
    @SuppressWarnings("deprecation")
    void descriptionsParseBackToTheSameSolver() {
        for (OdeSolver s : new OdeSolver[] {Solvers.euler(), Solvers.midpoint(), Solvers.heun(), Solvers.rk4(),
            Solvers.dopri5(), Solvers.dopri5(1e-3, 1e-4), new DormandPrince54Solver(1e-6, 1e-7, 500)}) {
            assertThat(Solvers.parse(s.description()).description()).isEqualTo(s.description());
        }
        assertThat(Solvers.dopri5(1e-3, 1e-4).description()).isEqualTo("dopri5(atol=0.001, rtol=1.0E-4)");
        DormandPrince54Solver loose = (DormandPrince54Solver) Solvers.parse("dopri5:1e-3,1e-4");
        assertThat(loose.absoluteTolerance()).isEqualTo(1e-3);
        assertThat(loose.relativeTolerance()).isEqualTo(1e-4);
        assertThat(Solvers.parse(" RK4 ")).isSameAs(Solvers.rk4());
        assertThat(Solvers.byName("heun")).isSameAs(Solvers.heun());
        assertThatThrownBy(() -> Solvers.parse("euler:2")).hasMessageContaining("'euler:2' takes no parameters");
        assertThatThrownBy(() -> Solvers.parse("dopri5:0,1")).hasMessageContaining("bad solver 'dopri5:0,1'")
                .hasMessageContaining("tolerances");
        assertThatThrownBy(() -> Solvers.parse("dopri5:x,1")).hasMessageContaining("bad number 'x'");
        assertThatThrownBy(() -> Solvers.parse(null)).hasMessageContaining("unknown solver 'null'");
    }
}
