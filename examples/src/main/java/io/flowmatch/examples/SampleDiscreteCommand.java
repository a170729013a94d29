package io.flowmatch.examples;

import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteSampler;
import io.flowmatch.discrete.TokenCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Samples token sequences from a saved discrete flow into a CSV file. */
@Command(name = "sample-discrete", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Samples token sequences from a model saved by 'train-discrete' (discrete Euler) and writes "
                + "them as CSV with a header line.")
final class SampleDiscreteCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model saved by 'train-discrete'")
    Path model;

    @Option(names = "--n", defaultValue = "10000", description = "number of sequences")
    int n;

    @Option(names = "--steps", defaultValue = "64", description = "Euler steps over [0, 1]")
    int steps;

    @Option(names = "--corrector", defaultValue = "0", description = "strength of the divergence-free corrector (0: off)")
    double corrector;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the sampler")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "where to write the sequences")
    Path out;

    @Override
    public Integer call() {
        threads.apply();
        if (n < 1) {
            throw new IllegalArgumentException("--n must be positive, got " + n);
        }
        DiscreteSampler sampler = DiscreteSampler.euler(steps).withCorrector(corrector);
        DiscreteFlowModel flow = DiscreteFlowModel.load(model);
        TokenCsv.write(out, flow.sample(n, sampler, seed));
        System.out.println("wrote " + out);
        return 0;
    }
}
