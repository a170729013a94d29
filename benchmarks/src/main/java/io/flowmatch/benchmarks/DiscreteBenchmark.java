package io.flowmatch.benchmarks;

import io.flowmatch.core.NativeThreads;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.discrete.DiscreteFlowMatcher;
import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteFlowObjective;
import io.flowmatch.discrete.DiscreteRecipe;
import io.flowmatch.discrete.DiscreteSources;
import io.flowmatch.discrete.TokenMlp;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Discrete flows with the default recipe, one thread: a training step at batch 256 (sample x1 and
 * x_t, forward, loss, backward, Adam) and sampling 10 000 sequences with 64 Euler steps (untrained
 * weights: which tokens jump is decided without the network, so the cost does not depend on them),
 * on the two shapes: 2 positions over 128 tokens (the checkerboard) and 32 positions over
 * 8 tokens (the Markov chain).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiscreteBenchmark {

    /** "2x128" or "32x8": positions x vocabulary. */
    @Param({"2x128", "32x8"})
    public String shape;

    /** mask or uniform. */
    @Param({"mask", "uniform"})
    public String source;

    private TrainingSession session;
    private DiscreteFlowModel model;

    /** Random sequences of the shape; the default recipe. */
    @Setup
    public void setUp() {
        NativeThreads.limit(1);
        String[] parts = shape.split("x");
        int length = Integer.parseInt(parts[0]);
        int vocabulary = Integer.parseInt(parts[1]);
        SplittableRandom rng = new SplittableRandom(1L);
        int[][] data = new int[10_000][length];
        for (int[] row : data) {
            for (int l = 0; l < length; l++) {
                row[l] = rng.nextInt(vocabulary);
            }
        }
        DiscreteRecipe recipe = DiscreteRecipe.builder().source(DiscreteSources.parse(source)).build();
        TokenMlp network = TokenMlp.initialise(recipe.architecture(length, vocabulary), 1L);
        session = new TrainingSession(recipe.training(), DiscreteFlowObjective.of(recipe, network, data, vocabulary), 0L);
        model = DiscreteFlowMatcher.builder().data(data, vocabulary).source(DiscreteSources.parse(source)).iterations(0).train();
    }

    /** One optimizer step at batch 256. */
    @Benchmark
    public double trainStep() {
        return session.step();
    }

    /** 10 000 sequences, 64 Euler steps. */
    @Benchmark
    public int[][] sampleTenThousand() {
        return model.sample(10_000, 64, 1L);
    }
}
