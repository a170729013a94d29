package io.flowmatch.core.train;

import io.flowmatch.core.internal.RecipeText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of one kind of flow's training run in one immutable value with a text form: the
 * common base of the recipes of continuous flows ({@code io.flowmatch.core.Recipe}) and of the
 * discrete, Riemannian, image and tabular ones. The shared loop's settings are its
 * {@link #training()}, written under {@link TrainingConfig#KEYS} after the kind's own settings in
 * {@link #toMap()}. A recipe is its text form: two recipes are equal when their text forms are,
 * and a trained model's provenance, a checkpoint's fingerprint and a model file's header are
 * derived from it.
 */
public abstract class TrainingRecipe {

    private final TrainingConfig training;

    /**
     * A recipe training with {@code training}.
     *
     * @throws NullPointerException if {@code training} is null
     */
    protected TrainingRecipe(TrainingConfig training) {
        this.training = Objects.requireNonNull(training, "training");
    }

    /** The shared training loop's settings. */
    public final TrainingConfig training() {
        return training;
    }

    /**
     * The text form: the kind's own settings, then the loop's under {@link TrainingConfig#KEYS};
     * values are single-line, and the kind's {@code fromMap(Map)} reads them back into an equal
     * recipe.
     */
    public abstract Map<String, String> toMap();

    /** Whether {@code o} is a recipe of the same kind with the same text form. */
    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && toMap().equals(((TrainingRecipe) o).toMap());
    }

    @Override
    public final int hashCode() {
        return toMap().hashCode();
    }

    /** The kind's class name followed by the text form, e.g. {@code Recipe{model=mlp, ...}}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + toMap();
    }

    /**
     * The text form of a recipe whose own settings are {@code own}: those, then the loop's, every
     * value made single-line; unmodifiable.
     */
    protected final Map<String, String> textForm(Map<String, String> own) {
        Map<String, String> m = new LinkedHashMap<>(own);
        m.putAll(training.toMap());
        m.replaceAll((k, v) -> RecipeText.singleLine(v));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The loop's settings of a text form: the values of {@link TrainingConfig#KEYS} that
     * {@code map} holds, the absent ones taking their values from {@code defaults} (the kind's
     * defaults, which differ from the shared loop's).
     *
     * @throws IllegalArgumentException naming the key and value that cannot be read
     */
    protected static TrainingConfig readTraining(Map<String, String> map, TrainingConfig defaults) {
        Map<String, String> loop = new LinkedHashMap<>(defaults.toMap());
        for (String key : TrainingConfig.KEYS) {
            if (map.containsKey(key)) {
                loop.put(key, map.get(key));
            }
        }
        return TrainingConfig.fromMap(loop);
    }

    /**
     * {@code settings} with the loop's settings of a text form (see
     * {@link #readTraining(Map, TrainingConfig)}), for a recipe's {@code fromMap}.
     *
     * @throws IllegalArgumentException naming the key and value that cannot be read
     */
    protected static <S extends TrainingSettings<S>> S readTraining(Map<String, String> map, TrainingConfig defaults,
            S settings) {
        settings.trainingConfig(readTraining(map, defaults));
        return settings;
    }
}
