package io.flowmatch.examples;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Samples a saved model into a CSV file. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Draws samples from a saved model and writes them as CSV with a header line.")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--source", paramLabel = "NAME|FILE",
            description = "the model's source distribution, if it was trained from a custom one")
    String source;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model saved by 'train'")
    Path model;

    @Option(names = "--n", defaultValue = "10000", description = "number of samples")
    int n;

    @Option(names = "--solver", defaultValue = "euler", description = "euler, midpoint, heun, rk4 or dopri5")
    String solver;

    @Option(names = "--steps", defaultValue = "100", description = "solver steps over [0, 1]")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the source noise")
    long seed;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "where to write the samples")
    Path out;

    @Override
    public Integer call() {
        threads.apply();
        if (n < 1) {
            throw new IllegalArgumentException("--n must be positive, got " + n);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        var ode = Solvers.byName(solver);
        FlowModel flow = source == null ? FlowModel.load(model) : FlowModel.load(model, DataNames.resolve(source));
        INDArray x = flow.sample(n, ode, ode.isAdaptive() ? 1 : steps, seed);
        PointsCsv.write(x, out);
        System.out.println("wrote " + out);
        return 0;
    }
}
