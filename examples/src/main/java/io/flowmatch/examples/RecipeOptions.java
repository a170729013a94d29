package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.Recipes;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.datasets.Datasets;
import picocli.CommandLine.Option;

/**
 * The recipe of a training run on the command line: a named recipe ({@code --recipe}, default
 * the library's defaults) and the settings that change it: the model, the optimizer's learning
 * rate, schedule, warm-up, clipping and weight average, the probability path, time sampling,
 * coupling, prediction and source distribution. An option that is not given keeps the recipe's
 * value.
 */
final class RecipeOptions {

    @Option(names = "--recipe", defaultValue = Recipes.DEFAULT, paramLabel = "NAME",
            description = "the recipe the other options change: default (peak rate 2e-2 decayed to 0 by a "
                    + "cosine, logit-normal times) or toy-experiments (the constant-rate toy recipe the defaults used to be)")
    String recipe;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak Adam learning rate (default: the recipe's; 0.02 in the default recipe, 0.01 in "
                    + "toy-experiments)")
    Double learningRate;

    @Option(names = "--schedule", paramLabel = "SCHEDULE",
            description = "learning-rate schedule: constant, cosine[:MIN], warmup(STEPS, SCHEDULE) "
                    + "(default: the recipe's; cosine in the default recipe, constant in toy-experiments)")
    String schedule;

    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "linear warm-up steps in front of the schedule, replacing its own (0: none; default: the schedule's)")
    Long warmup;

    @Option(names = "--clip", paramLabel = "NORM",
            description = "clip the gradient to this global L2 norm (0: off; default: the recipe's, off)")
    Double clip;

    @Option(names = "--ema", paramLabel = "DECAY",
            description = "decay of the weight average that sampling uses, in (0, 1) (0: off; default: the recipe's, "
                    + "off in both named recipes)")
    Double ema;

    @Option(names = "--hidden", split = ",", paramLabel = "WIDTHS",
            description = "hidden layer widths (default: the recipe's, 64,64,64)")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "elu, gelu, silu, relu or tanh (default: the recipe's, elu)")
    String activation;

    @Option(names = "--path", paramLabel = "PATH",
            description = "probability path: condot, gaussian:SIGMA_MIN, cosine, poly:N, vp[:BMIN,BMAX], sb:SIGMA "
                    + "(default: the recipe's, condot)")
    String path;

    @Option(names = "--time-sampler", paramLabel = "SAMPLER",
            description = "training times: uniform, logit-normal[:MEAN,STD], warp:S (S in (0,1.5); <1 favours the middle) "
                    + "(default: the recipe's; logit-normal:0.5,1 in the default recipe, uniform in toy-experiments)")
    String timeSampler;

    @Option(names = "--coupling", paramLabel = "COUPLING",
            description = "pairing of noise and data in a batch: independent, ot (exact minibatch OT), sinkhorn:REG "
                    + "(default: the recipe's, independent)")
    String coupling;

    @Option(names = "--prediction", paramLabel = "TARGET",
            description = "what the network learns: velocity, data (x1) or noise (x0); the latter two need an affine path "
                    + "(default: the recipe's, velocity)")
    String prediction;

    @Option(names = "--source", defaultValue = "gaussian", paramLabel = "NAME|FILE",
            description = "source distribution x0: gaussian (standard normal), or a dataset name or file for data-to-data flows")
    String source;

    @Option(names = "--no-normalize",
            description = "train in the data's own units instead of standardizing each column (standardizing is the "
                    + "default with the gaussian source; other sources always use the data's units)")
    boolean noNormalize;

    /**
     * Starts {@code builder} from the named recipe and applies the options given; the data's
     * dimension picks the Gaussian's. Every bad value is an {@link IllegalArgumentException}
     * naming it (the command line's one-line error, status 2).
     */
    FlowMatcher.Builder applyTo(FlowMatcher.Builder builder) {
        Recipe base = Recipes.named(recipe);
        builder.recipe(base);
        if (learningRate != null) {
            builder.learningRate(learningRate);
        }
        LearningRateSchedule s = schedule != null ? parseSchedule(schedule) : base.training().schedule();
        if (warmup != null) {
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
            }
            s = LearningRateSchedules.withWarmup(warmup, s);
        }
        builder.schedule(s);
        if (clip != null) {
            builder.clipNorm(clip);
        }
        if (ema != null) {
            builder.ema(ema);
        }
        if (hidden != null) {
            builder.hidden(hidden);
        }
        if (activation != null) {
            builder.activation(Activation.parse(activation));
        }
        if (path != null) {
            builder.path(Paths.parse(path));
        }
        if (timeSampler != null) {
            builder.timeSampler(TimeSamplers.parse(timeSampler));
        }
        if (coupling != null) {
            builder.coupling(Couplings.parse(coupling));
        }
        if (prediction != null) {
            builder.prediction(Prediction.parse(prediction));
        }
        if (!"gaussian".equalsIgnoreCase(source.trim())) {
            builder.source(Datasets.parse(source));
        }
        if (noNormalize) {
            builder.normalize(false);
        }
        return builder;
    }

    private static LearningRateSchedule parseSchedule(String text) {
        try {
            return LearningRateSchedules.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule: " + e.getMessage(), e);
        }
    }
}
