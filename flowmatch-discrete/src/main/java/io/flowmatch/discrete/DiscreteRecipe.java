package io.flowmatch.discrete;

import io.flowmatch.core.internal.SpecText;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
public final class DiscreteRecipe {

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

    private final TrainingConfig training;
    private final List<Integer> hidden;
    private final Activation activation;
    private final int timeFrequencies;
    private final int window;
    private final String customModel;
    private final DiscreteSource source;
    private final ConvexScheduler scheduler;
    private final DiscreteLoss loss;

    DiscreteRecipe(DiscreteRecipeSettings<?> b) {
        this.training = b.loopConfig();
        this.hidden = b.hidden;
        this.activation = b.activation;
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

    /** The shared training loop's settings. */
    public TrainingConfig training() {
        return training;
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
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (customModel != null) {
            m.put("model", "custom(" + customModel + ")");
        } else {
            m.put("model", MLP);
            m.put("hidden", joinWidths(hidden));
            m.put("activation", activation.name().toLowerCase(Locale.ROOT));
            m.put("time_frequencies", Integer.toString(timeFrequencies));
            m.put("window", Integer.toString(window));
        }
        m.put("source", source.description());
        m.put("scheduler", scheduler.description());
        m.put("loss", loss.description());
        m.putAll(training.toMap());
        m.replaceAll((k, v) -> singleLine(v));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The recipe whose {@link #toMap()} is {@code map}. Absent keys take the defaults; any key
     * that is neither in {@link #FLOW_KEYS} nor in {@link TrainingConfig#KEYS} is an error.
     *
     * @throws IllegalArgumentException naming the unknown keys, or the key and value that cannot be read
     */
    public static DiscreteRecipe fromMap(Map<String, String> map) {
        if (map == null) {
            throw new IllegalArgumentException("recipe map must not be null");
        }
        Set<String> unknown = new LinkedHashSet<>(map.keySet());
        unknown.removeAll(FLOW_KEYS);
        unknown.removeAll(TrainingConfig.KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown discrete recipe key" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; known keys are " + FLOW_KEYS + " and " + TrainingConfig.KEYS);
        }
        Builder b = builder();
        // the loop's keys that are absent take the discrete flow's defaults, not the loop's own
        Map<String, String> loop = new LinkedHashMap<>(DEFAULT_TRAINING.toMap());
        map.forEach((k, v) -> {
            if (TrainingConfig.KEYS.contains(k)) {
                loop.put(k, v);
            }
        });
        b.loopConfig(TrainingConfig.fromMap(loop));
        for (String key : FLOW_KEYS) {
            String v = map.get(key);
            if (v == null) {
                continue;
            }
            try {
                switch (key) {
                    case "model" -> {
                        String t = v.trim();
                        SpecText spec = SpecText.parse(t, "model");
                        if (spec.name().equals("custom")) {
                            b.customModel(t.substring("custom(".length(), t.length() - 1));
                        } else if (!spec.name().equals(MLP) || spec.arity() > 0) {
                            throw new IllegalArgumentException("unknown model (expected " + MLP + " or custom(...))");
                        }
                    }
                    case "hidden" -> b.hidden(parseWidths(v));
                    case "activation" -> b.activation(Activation.parse(v));
                    case "time_frequencies" -> b.timeFrequencies(Integer.parseInt(v.trim()));
                    case "window" -> b.window(Integer.parseInt(v.trim()));
                    case "source" -> b.source(DiscreteSources.parse(v));
                    case "scheduler" -> b.scheduler(ConvexSchedulers.parse(v));
                    case "loss" -> b.loss(DiscreteLoss.parse(v));
                    default -> throw new AssertionError(key);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad discrete recipe " + key + " '" + v + "': " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    String customModelDescription() {
        return customModel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscreteRecipe other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "DiscreteRecipe" + toMap();
    }

    static String singleLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    static String joinWidths(List<Integer> widths) {
        StringBuilder sb = new StringBuilder();
        for (int w : widths) {
            sb.append(sb.length() > 0 ? "," : "").append(w);
        }
        return sb.toString();
    }

    /** Widths "256,256", each in [1, 65536], at most 1024 of them. */
    static int[] parseWidths(String text) {
        String[] parts = text.split(",");
        if (parts.length > 1024) {
            throw new IllegalArgumentException("too many hidden layers: " + parts.length);
        }
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int w = Integer.parseInt(parts[i].trim());
            if (w < 1 || w > 1 << 16) {
                throw new IllegalArgumentException("hidden width out of range: " + w);
            }
            widths[i] = w;
        }
        return widths;
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
            return new DiscreteRecipe(this);
        }
    }
}
