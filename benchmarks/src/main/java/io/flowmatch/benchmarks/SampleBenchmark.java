package io.flowmatch.benchmarks;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.NativeThreads;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Sampling 10 000 points with 100 steps of a solver from the untrained default model. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SampleBenchmark {

    /** The solver's name. */
    @Param({"euler", "rk4"})
    public String solver;

    private FlowModel model;
    private OdeSolver ode;

    /** One thread, an untrained model (the weights do not change the cost). */
    @Setup
    public void setUp() {
        NativeThreads.limit(1);
        model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(0).train();
        ode = Solvers.parse(solver);
    }

    /** 10 000 samples, 100 steps. */
    @Benchmark
    public INDArray tenThousandPoints() {
        return model.sample(10_000, ode, 100, 1L);
    }
}
