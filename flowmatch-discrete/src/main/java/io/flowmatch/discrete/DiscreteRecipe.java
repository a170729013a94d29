package io.flowmatch.discrete;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingRecipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a discrete flow-matching run, in one immutable value: the source
 * (mask or uniform), the scheduler kappa(t) of the mixture path, the loss, the shape of the
 * {@link TokenMlp} posterior network, and the shared loop's settings ({@link TrainingConfig}).
 * The data are not part of it: a recipe is applied to data.
 *
 * <p>{@link #toMap()} is its text form, read back by {@link #fromMap(Map)} into an equal recipe;
 * a trained model's provenance, a checkpoint's fingerprint and the model file's header are
 * derived from it, so a setting added here reaches all three.
 *
 * <p>Defaults (measured on the 2-D checkerboard and a Markov chain, see the module's README
 * section): the mask source, kappa(t) = t, the cross-entropy loss (the generalized KL measured
 * better with the uniform source), a TokenMlp with two hidden layers of 128 (ReLU, 4 time
 * frequencies, a local skip reaching 2 positions), Adam with learning rate 2e-3 decayed by a
 * cosine to 5%, batch 256, 5000 steps.
 */
public final class DiscreteRecipe extends TrainingRecipe {

    /** The keys of the discrete flow's own settings in {@link #toMap()}, before the loop's ({@link TrainingConfig#KEYS}). */
    public static final List<String> FLOW_KEYS = List.of("model", "hidden", "activation", "time_frequencies", "window", "source",
            "scheduler", "loss");

    static final List<Integer> DEFAULT_HIDDEN = List.of(128, 128);
    static final Activation DEFAULT_ACTIVATION = Activation.RELU;
    static final ConvexScheduler DEFAULT_SCHEDULER = ConvexSchedulers.polynomial(1);
    static final DiscreteLoss DEFAULT_LOSS = DiscreteLoss.CROSS_ENTROPY;
    static final TrainingConfig DEFAULT_TRAINING = TrainingConfig.builder()
            .learningRate(2e-3)
            .schedule(LearningRateSchedules.cosine(0.05))
            .build();

    private static final String MLP = "token-mlp";

    private final List<Integer> hidden;
    private final Activation activation;
    private final int timeFrequencies;
    private final int window;
    private final String customModel;
    private final DiscreteSource source;
    private final ConvexScheduler scheduler;
    private final DiscreteLoss loss;

    /** The recipe of {@code b}'s settings, whose loop and network settings are the others. */
    DiscreteRecipe(DiscreteRecipeSettings<?> b, TrainingConfig training, List<Integer> hidden, Activation activation) {
        super(training);
        this.hidden = hidden;
        this.activation = activation;
        this.timeFrequencies = b.timeFrequencies;
        this.window = b.window;
        this.customModel = b.customModel;
        this.source = b.source;
        this.scheduler = b.scheduler;
        this.loss = b.loss;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this recipe. */
    public Builder toBuilder() {
        return new Builder().recipe(this);
    }

    /** Hidden layer widths of the TokenMlp. */
    public List<Integer> hidden() {
        return hidden;
    }

    /** The TokenMlp's activation. */
    public Activation activation() {
        return activation;
    }

    /** The TokenMlp's sine/cosine time-feature pairs. */
    public int timeFrequencies() {
        return timeFrequencies;
    }

    /** The TokenMlp's local skip reach. */
    public int window() {
        return window;
    }

    /** The source distribution. */
    public DiscreteSource source() {
        return source;
    }

    /** The mixture path's kappa(t). */
    public ConvexScheduler scheduler() {
        return scheduler;
    }

    /** The training loss. */
    public DiscreteLoss loss() {
        return loss;
    }

    /** Whether the network is one the caller made (the recipe names it but cannot rebuild it). */
    public boolean hasCustomModel() {
        return customModel != null;
    }

    /**
     * The TokenMlp for sequences of {@code length} tokens over {@code vocabulary} (its local skip
     * reaches at most length - 1 positions: no table for neighbours that cannot exist).
     */
    public TokenMlpArchitecture architecture(int length, int vocabulary) {
        return new TokenMlpArchitecture(length, vocabulary, source.states(vocabulary), hidden, activation, timeFrequencies,
                Math.min(window, Math.max(0, length - 1)));
    }

    /**
     * The text form: the flow's settings under {@link #FLOW_KEYS} (the network as
     * {@code token-mlp} with {@code hidden}, {@code activation}, {@code time_frequencies} and
     * {@code window}, or
     * {@code custom(...)} naming a caller's network), then the loop's under
     * {@link TrainingConfig#KEYS}. Values are single-line.
     */
    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (customModel != null) {
            m.put("model", "custom(" + customModel + ")");
        } else {
            m.put("model", MLP);
            m.put("hidden", RecipeText.joinWidths(hidden));
            m.put("activation", activation.name().toLowerCase(Locale.ROOT));
            m.put("time_frequencies", Integer.toString(timeFrequencies));
            m.put("window", Integer.toString(window));
        }
        m.put("source", source.description());
        m.put("scheduler", scheduler.description());
        m.put("loss", loss.description());
        return textForm(m);
    }

    /**
     * The recipe whose {@link #toMap()} is {@code map}. Absent keys take the defaults; any key
     * that is neither in {@link #FLOW_KEYS} nor in {@link TrainingConfig#KEYS} is an error.
     *
     * @throws IllegalArgumentException naming the unknown keys, or the key and value that cannot be read
     */
    public static DiscreteRecipe fromMap(Map<String, String> map) {
        RecipeText.requireKnownKeys(map, "discrete recipe", FLOW_KEYS, TrainingConfig.KEYS);
        // the loop's keys that are absent take the discrete flow's defaults, not the loop's own
        Builder b = readTraining(map, DEFAULT_TRAINING, builder());
        RecipeText.read(map, FLOW_KEYS, "discrete recipe", (key, v) -> {
            switch (key) {
                case "model" -> b.customModel(RecipeText.customModel(v, MLP, true));
                case "hidden" -> b.hidden(RecipeText.parseWidths(v));
                case "activation" -> b.activation(Activation.parse(v));
                case "time_frequencies" -> b.timeFrequencies(Integer.parseInt(v.trim()));
                case "window" -> b.window(Integer.parseInt(v.trim()));
                case "source" -> b.source(DiscreteSources.parse(v));
                case "scheduler" -> b.scheduler(ConvexSchedulers.parse(v));
                case "loss" -> b.loss(DiscreteLoss.parse(v));
                default -> throw new AssertionError(key);
            }
        });
        return b.build();
    }

    String customModelDescription() {
        return customModel;
    }

    /** Builds a {@link DiscreteRecipe}; every setter checks its argument at once. */
    public static final class Builder extends DiscreteRecipeSettings<Builder> {

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The recipe. */
        public DiscreteRecipe build() {
            return recipe();
        }
    }
}
