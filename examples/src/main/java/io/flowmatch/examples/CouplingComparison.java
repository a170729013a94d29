package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.reflow.Reflow;
import io.flowmatch.core.reflow.Straightness;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures how few Euler steps each way of training needs on two moons: independent coupling,
 * exact minibatch OT coupling, and one reflow round on top of the independent model. Prints the
 * exact W2 (2000 samples against 2000 true points) at 1, 2, 4, 8 and 100 Euler steps and the
 * straightness of each flow.
 *
 * <p>Run: {@code java -cp examples/target/flowmatch-examples.jar io.flowmatch.examples.CouplingComparison [iterations] [seed]}
 */
public final class CouplingComparison {

    private static final int[] STEPS = {1, 2, 4, 8, 100};
    private static final int N = 2000;

    private CouplingComparison() {
    }

    public static void main(String[] args) {
        long iterations = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0L;
        io.flowmatch.core.NativeThreads.limit(1);
        DataSource moons = Datasets.moons(0.05);
        INDArray truth = moons.sample(N, seed + 12345L);
        double floor = SampleDistances.wasserstein2(moons.sample(N, seed + 777L), truth);
        FlowModel independent = train(moons, iterations, seed, false);
        FlowModel ot = train(moons, iterations, seed, true);
        long start = System.nanoTime();
        FlowModel reflowed = Reflow.from(independent).rounds(1).iterations(iterations).seed(seed).run().model();
        double reflowSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("moons, %d iterations, seed %d; W2 of %d samples (floor %.4f)%n", iterations, seed, N, floor);
        System.out.print("| training | straightness |");
        for (int s : STEPS) {
            System.out.printf(" W2 @%d |", s);
        }
        System.out.println(" train s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        row("independent", independent, truth, seed);
        row("exact OT", ot, truth, seed);
        row("independent + 1 reflow", reflowed, truth, seed);
        System.out.printf("(reflow round: %.1f s)%n", reflowSeconds);
    }

    private static FlowModel train(DataSource data, long iterations, long seed, boolean ot) {
        return FlowMatcher.builder().data(data).iterations(iterations).seed(seed)
                .schedule(LearningRateSchedule.cosine(0.0))
                .coupling(ot ? Couplings.exactOt() : Couplings.independent())
                .logEvery(Math.max(1, iterations / 5)).train();
    }

    private static void row(String name, FlowModel model, INDArray truth, long seed) {
        System.out.printf("| %s | %.4f |", name, Straightness.of(model, 1000, 100, seed + 3));
        for (int s : STEPS) {
            System.out.printf(" %.4f |", SampleDistances.wasserstein2(model.sample(N, Solvers.euler(), s, seed + 5), truth));
        }
        System.out.printf(" %s |%n", model.provenance().get("train_seconds"));
    }
}
