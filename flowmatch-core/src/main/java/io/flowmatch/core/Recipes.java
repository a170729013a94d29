package io.flowmatch.core;

import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.Adam;
import io.flowmatch.core.train.DivergencePolicy;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named recipes for continuous flows, each one call away:
 * {@code FlowMatcher.builder().recipe(Recipes.toyExperiments())}. The command line reaches
 * them by name ({@code train --recipe toy-experiments}); see {@link #named(String)}.
 *
 * <ul>
 *   <li>{@link #defaults()} ({@code default}): what a builder holds when nothing is set.</li>
 *   <li>{@link #toyExperiments()} ({@code toy-experiments}): the recipe the library's defaults
 *       were until version 0.1 chose them by measurement, kept so that published comparisons can
 *       be reproduced bit for bit.</li>
 * </ul>
 *
 * <p>{@link RecipeSettings#recipe(Recipe) recipe(..)} sets every setting of the recipe, including
 * iterations, batch size and seed: call it first and change single settings after it.
 */
public final class Recipes {

    /** The name of {@link #defaults()}. */
    public static final String DEFAULT = "default";
    /** The name of {@link #toyExperiments()}. */
    public static final String TOY_EXPERIMENTS = "toy-experiments";

    private Recipes() {
    }

    /** The recipe a builder starts from when nothing is set; see {@link Recipe} for what it is and why. */
    public static Recipe defaults() {
        return Recipe.builder().build();
    }

    /**
     * The recipe of Lipman et al.'s toy experiments as the tinygrad articles train it, and the
     * PyTorch reference in the project's benchmarks: an MLP of three hidden layers of 64 with ELU
     * and time concatenated to the input, the linear CondOT path, uniform times, independent
     * pairs, velocity prediction, a standard Gaussian source (the data standardized), and Adam
     * with the constant learning rate 1e-2, batch 256, 5000 steps, seed 0, no clipping, no weight
     * average. These were the library's defaults before they were chosen by measurement; a model
     * trained with this recipe equals, bit for bit, what those defaults trained.
     */
    public static Recipe toyExperiments() {
        return Recipe.builder()
                .hidden(64, 64, 64)
                .activation(Activation.ELU)
                .path(Paths.condOt())
                .timeSampler(TimeSamplers.uniform())
                .coupling(Couplings.independent())
                .prediction(Prediction.VELOCITY)
                .iterations(5_000)
                .batchSize(256)
                .seed(0L)
                .learningRate(1e-2)
                .optimizer(Adam.adam())
                .schedule(LearningRateSchedule.constant())
                .clipNorm(0.0)
                .ema(0.0)
                .logEvery(500)
                .onDivergence(DivergencePolicy.stop())
                .build();
    }

    /** The named recipes, name to a one-line description, in a fixed order. */
    public static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEFAULT, "the defaults (" + summary(defaults()) + ")");
        m.put(TOY_EXPERIMENTS, "the toy recipe the defaults used to be (" + summary(toyExperiments()) + ")");
        return m;
    }

    /**
     * The recipe a name gives, case-insensitively: {@code default} (also {@code defaults}) or
     * {@code toy-experiments} (also {@code toy_experiments}, {@code toy}).
     *
     * @throws IllegalArgumentException naming the text and the known names
     */
    public static Recipe named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (key) {
            case "default":
            case "defaults":
                return defaults();
            case "toy-experiments":
            case "toy":
                return toyExperiments();
            default:
                throw new IllegalArgumentException("unknown recipe '" + name + "' (expected one of "
                        + String.join(", ", names().keySet()) + ")");
        }
    }

    private static String summary(Recipe r) {
        TrainingConfig t = r.training();
        return "lr " + t.learningRate() + ", schedule " + t.schedule().description() + ", ema " + t.emaDecay()
                + ", time sampler " + r.timeSampler().description();
    }
}
