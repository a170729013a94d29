package io.flowmatch.benchmarks;

import io.flowmatch.core.NativeThreads;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.Trainer;
import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
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

/**
 * One training step of the default model (3 hidden ELU layers of 64, Adam, CondOT) on two moons:
 * batch draw, forward, backward and update. Each invocation runs 100 steps of one trainer, so the
 * score divided by 100 is the time per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBenchmark {

    /** Points per step. */
    @Param({"256", "2048"})
    public int batch;

    private MlpVelocityModel model;
    private Recipe recipe;
    private final DataSource data = Datasets.moons(0.05);

    /** One thread, a fresh model. */
    @Setup
    public void setUp() {
        NativeThreads.limit(1);
        model = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 0L);
        recipe = Recipe.builder().batchSize(batch).iterations(100).logEvery(Long.MAX_VALUE).build();
    }

    /** 100 training steps. */
    @Benchmark
    public double hundredSteps() {
        TrainingSession session = new TrainingSession(recipe.training(),
                new FlowMatchingObjective(recipe, model, data, null), 0L);
        return new Trainer(recipe.training()).run(session, List.of()).finalLoss();
    }
}
