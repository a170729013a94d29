package io.flowmatch.manifold;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingRecipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a Riemannian flow-matching run, in one immutable value: the manifold,
 * what the velocity network sees ({@link Features}), its shape, how training times are drawn,
 * whether angles are wrapped, and the shared loop's settings ({@link TrainingConfig}). The data
 * are not part of it.
 *
 * <p>{@link #toMap()} is its text form, read back by {@link #fromMap(Map)} into an equal recipe;
 * a trained model's provenance, the checkpoint fingerprint and the model file's header are
 * derived from it.
 *
 * <p>Defaults: an MLP of three hidden layers of 64 with ELU on the manifold's embedding, uniform
 * times, and the loop's settings of {@link #DEFAULT_TRAINING}: flowmatch-core's (5000 steps of
 * batch 256, Adam with a constant learning rate of 1e-2) plus an exponential moving average of
 * the weights with decay 0.99 to sample from, which on the sphere and torus test mixtures
 * brought the energy distance to the data closer to its sampling floor than the last weights
 * or a slower average (0.999) did.
 */
public final class RiemannianRecipe extends TrainingRecipe {

    /** The flow's own keys in {@link #toMap()}, before the loop's ({@link TrainingConfig#KEYS}). */
    public static final List<String> FLOW_KEYS = List.of("manifold", "features", "model", "hidden", "activation",
            "time_sampler", "wrap_angles");

    /** The loop's defaults for Riemannian flows. */
    public static final TrainingConfig DEFAULT_TRAINING = TrainingConfig.builder().ema(0.99).build();

    static final List<Integer> DEFAULT_HIDDEN = List.of(64, 64, 64);

    private final Manifold manifold;
    private final Features features;
    private final List<Integer> hidden;
    private final Activation activation;
    private final TimeSampler timeSampler;
    private final boolean wrapAngles;

    /** The recipe of {@code b}'s settings, whose loop and MLP settings are the others. */
    RiemannianRecipe(RiemannianSettings<?> b, TrainingConfig training, List<Integer> hidden, Activation activation) {
        super(training);
        if (b.manifold == null) {
            throw new IllegalStateException("no manifold: call manifold(...) first, e.g. manifold(Manifolds.sphere(3))");
        }
        RiemannianSettings.check(b.manifold, b.features, b.wrapAngles);
        this.manifold = b.manifold;
        this.features = b.features;
        this.hidden = hidden;
        this.activation = activation;
        this.timeSampler = b.timeSampler;
        this.wrapAngles = b.wrapAngles;
    }

    /** A builder with the defaults (the manifold must still be set). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this recipe. */
    public Builder toBuilder() {
        return new Builder().recipe(this);
    }

    /** The manifold. */
    public Manifold manifold() {
        return manifold;
    }

    /** What the network sees of a point. */
    public Features features() {
        return features;
    }

    /** Hidden layer widths. */
    public List<Integer> hidden() {
        return hidden;
    }

    /** The MLP's activation. */
    public Activation activation() {
        return activation;
    }

    /** How training times are drawn. */
    public TimeSampler timeSampler() {
        return timeSampler;
    }

    /** Whether torus angles in any range are wrapped into [-pi, pi). */
    public boolean wrapAngles() {
        return wrapAngles;
    }

    /** The MLP: as wide in and out as the features (d on the sphere in R^d; 2k or k on the k-torus). */
    public MlpArchitecture architecture() {
        return new MlpArchitecture(embedding().features(), hidden, activation);
    }

    Embedding embedding() {
        return Embedding.of(manifold, features);
    }

    /**
     * The text form: the flow's settings under {@link #FLOW_KEYS}, then the loop's under
     * {@link TrainingConfig#KEYS}; values single-line.
     */
    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("manifold", manifold.description());
        m.put("features", features.label());
        m.put("model", "mlp");
        m.put("hidden", RecipeText.joinWidths(hidden));
        m.put("activation", activation.name().toLowerCase(Locale.ROOT));
        m.put("time_sampler", timeSampler.description());
        m.put("wrap_angles", Boolean.toString(wrapAngles));
        return textForm(m);
    }

    /**
     * The recipe whose {@link #toMap()} is {@code map}. The manifold is required; other absent
     * keys take the defaults; an unknown key is an error.
     *
     * @throws IllegalArgumentException naming the unknown key, or the key and value that cannot be read
     */
    public static RiemannianRecipe fromMap(Map<String, String> map) {
        RecipeText.requireKnownKeys(map, "recipe", FLOW_KEYS, TrainingConfig.KEYS);
        if (!map.containsKey("manifold")) {
            throw new IllegalArgumentException("the recipe names no manifold (key 'manifold', e.g. sphere:3)");
        }
        Builder b = readTraining(map, DEFAULT_TRAINING, builder());
        // the manifold first, so that features and wrap_angles are checked against it
        RecipeText.read(map, FLOW_KEYS, "recipe", (key, v) -> {
            switch (key) {
                case "manifold" -> b.manifold(Manifolds.parse(v));
                case "features" -> b.features(Features.parse(v));
                case "model" -> RecipeText.customModel(v, "mlp", false);
                case "hidden" -> b.hidden(RecipeText.parseWidths(v));
                case "activation" -> b.activation(Activation.parse(v));
                case "time_sampler" -> b.timeSampler(TimeSamplers.parse(v));
                case "wrap_angles" -> b.wrapAngles(RecipeText.parseBoolean(v));
                default -> throw new AssertionError(key);
            }
        });
        return b.build();
    }

    /** Builds a {@link RiemannianRecipe}; every setter checks its argument at once. */
    public static final class Builder extends RiemannianSettings<Builder> {

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The recipe.
         *
         * @throws IllegalStateException if no manifold was set
         */
        public RiemannianRecipe build() {
            return recipe();
        }
    }
}
