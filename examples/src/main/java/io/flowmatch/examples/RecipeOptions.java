package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.datasets.Datasets;
import picocli.CommandLine.Option;

/**
 * The algorithm choices of a training run, shared by {@code train} and {@code quickstart}:
 * probability path, time sampling, coupling and source distribution.
 */
final class RecipeOptions {

    @Option(names = "--path", defaultValue = "condot", paramLabel = "PATH",
            description = "probability path: condot, gaussian:SIGMA_MIN, cosine, poly:N, vp[:BMIN,BMAX], sb:SIGMA")
    String path;

    @Option(names = "--time-sampler", defaultValue = "uniform", paramLabel = "SAMPLER",
            description = "training times: uniform, logit-normal[:MEAN,STD], warp:S (S in (0,1.5); <1 favours the middle)")
    String timeSampler;

    @Option(names = "--coupling", defaultValue = "independent", paramLabel = "COUPLING",
            description = "pairing of noise and data in a batch: independent, ot (exact minibatch OT), sinkhorn:REG")
    String coupling;

    @Option(names = "--prediction", defaultValue = "velocity", paramLabel = "TARGET",
            description = "what the network learns: velocity, data (x1) or noise (x0); the latter two need an affine path")
    String prediction;

    @Option(names = "--source", defaultValue = "gaussian", paramLabel = "NAME|FILE",
            description = "source distribution x0: gaussian (standard normal), or a dataset name or file for data-to-data flows")
    String source;

    @Option(names = "--no-normalize",
            description = "train in the data's own units instead of standardizing each column (standardizing is the "
                    + "default with the gaussian source; other sources always use the data's units)")
    boolean noNormalize;

    /** Applies the choices to {@code builder}; the data's dimension picks the Gaussian's. */
    FlowMatcher.Builder applyTo(FlowMatcher.Builder builder) {
        builder.path(Paths.parse(path))
                .timeSampler(TimeSamplers.parse(timeSampler))
                .coupling(Couplings.parse(coupling))
                .prediction(Prediction.parse(prediction));
        if (!"gaussian".equalsIgnoreCase(source.trim())) {
            builder.source(Datasets.parse(source));
        }
        if (noNormalize) {
            builder.normalize(false);
        }
        return builder;
    }
}
