package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
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

    private static Prediction parsePrediction(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "velocity":
                return Prediction.VELOCITY;
            case "data":
            case "x1":
                return Prediction.DATA;
            case "noise":
            case "x0":
            case "epsilon":
                return Prediction.NOISE;
            default:
                throw new IllegalArgumentException("unknown prediction '" + name + "' (expected velocity, data or noise)");
        }
    }

    /** Applies the choices to {@code builder}; the data's dimension picks the Gaussian's. */
    FlowMatcher.Builder applyTo(FlowMatcher.Builder builder) {
        builder.path(Paths.parse(path))
                .timeSampler(TimeSamplers.parse(timeSampler))
                .coupling(Couplings.parse(coupling))
                .prediction(parsePrediction(prediction));
        if (!"gaussian".equalsIgnoreCase(source.trim())) {
            builder.source(DataNames.resolve(source));
        }
        return builder;
    }
}
