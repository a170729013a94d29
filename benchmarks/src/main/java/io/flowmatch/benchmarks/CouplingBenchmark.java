package io.flowmatch.benchmarks;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.coupling.Couplings;
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
 * The cost a coupling adds to each training step: pairing a batch of standard-normal source
 * points with data points shifted by 1.5 (2-D). Each invocation draws a fresh batch (cheap next
 * to the coupling) so that the solver never sees the same instance twice.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CouplingBenchmark {

    /** Batch rows. */
    @Param({"128", "256"})
    public int batch;

    /** A name for {@link Couplings#parse(String)}. */
    @Param({"ot", "sinkhorn:0.5", "sinkhorn:0.05"})
    public String coupling;

    private Coupling pairing;
    private float[] x0;
    private float[] x1;
    private final SplittableRandom rng = new SplittableRandom(1);

    /** The coupling and the batch arrays. */
    @Setup
    public void setUp() {
        pairing = Couplings.parse(coupling);
        x0 = new float[batch * 2];
        x1 = new float[batch * 2];
    }

    /** One batch coupled. */
    @Benchmark
    public float couple() {
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) rng.nextGaussian();
            x1[i] = (float) (rng.nextGaussian() * 0.7 + 1.5);
        }
        pairing.couple(rng, x0, x1, batch, 2);
        return x1[0];
    }
}
