package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the seeds' recipe on two moons, writes samples, a picture and the model, and scores them. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains on two moons with the defaults, writes samples.csv, samples.png and moons.flow "
                + "into the output folder, and prints the energy distance and W2 to fresh true samples.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "flowmatch-out", description = "output folder")
    Path out;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--seed", defaultValue = "42", description = "seed")
    long seed;

    @Option(names = "--n", defaultValue = "2000", description = "samples to write and score")
    int n;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (n < 2) {
            throw new IllegalArgumentException("--n must be at least 2, got " + n);
        }
        threads.apply();
        DataSource moons = Datasets.moons(0.05);
        long start = System.nanoTime();
        FlowModel model = FlowMatcher.builder().data(moons).iterations(iterations).batchSize(256).seed(seed).train();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        INDArray samples = model.sample(n, Solvers.euler(), 100, seed + 1);
        INDArray truth = moons.sample(n, seed + 2);
        PointsCsv.write(samples, out.resolve("samples.csv"));
        ScatterPlot.write(out.resolve("samples.png"), new String[] {"two moons (data)", "flowmatch samples (Euler, 100 steps)"},
                truth, samples);
        model.save(out.resolve("moons.flow"));
        double energy = SampleDistances.energyDistance(samples, truth);
        double w2 = SampleDistances.wasserstein2(samples, truth);
        double floorW2 = SampleDistances.wasserstein2(moons.sample(n, seed + 3), truth);
        System.out.printf("trained %d steps in %.1f s, final loss %s%n", iterations, trainSeconds,
                model.provenance().get("final_loss"));
        System.out.printf("wrote %s (samples.csv, samples.png, moons.flow): energy=%.5f w2=%.4f (data-vs-data w2=%.4f, n=%d)%n",
                out.toAbsolutePath(), energy, w2, floorW2, n);
        return 0;
    }
}
